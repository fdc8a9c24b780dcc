package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class AccessSpec {
    @JsonPropertyDescription("Optional Ingress for the lab's web UIs, the API and MQTT over WebSocket.")
    private IngressSpec ingress;

    @JsonPropertyDescription("Service type of the MQTT broker: ClusterIP (default), NodePort or LoadBalancer.")
    private MqttServiceType mqttServiceType;

    public MqttServiceType mqttServiceTypeOrDefault() {
        return mqttServiceType == null ? MqttServiceType.ClusterIP : mqttServiceType;
    }

    public IngressSpec getIngress() { return ingress; }
    public void setIngress(IngressSpec ingress) { this.ingress = ingress; }
    public MqttServiceType getMqttServiceType() { return mqttServiceType; }
    public void setMqttServiceType(MqttServiceType mqttServiceType) { this.mqttServiceType = mqttServiceType; }
}
