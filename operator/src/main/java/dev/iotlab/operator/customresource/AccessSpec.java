package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!(has(self.ingress) && has(self.gateway))",
        message = "spec.access: choose ingress or gateway, not both; a lab is reached through one Ingress host or one "
                + "HTTPRoute")
public class AccessSpec {
    @JsonPropertyDescription("Optional Ingress for the lab's web UIs, the API and MQTT over WebSocket.")
    private IngressSpec ingress;

    @JsonPropertyDescription("Optional Gateway API access instead of an Ingress: one HTTPRoute attached to a Gateway.")
    private GatewaySpec gateway;

    @JsonPropertyDescription("Service type of the MQTT broker: ClusterIP (default), NodePort or LoadBalancer.")
    private MqttServiceType mqttServiceType;

    public MqttServiceType mqttServiceTypeOrDefault() {
        return mqttServiceType == null ? MqttServiceType.ClusterIP : mqttServiceType;
    }

    public IngressSpec getIngress() { return ingress; }
    public void setIngress(IngressSpec ingress) { this.ingress = ingress; }
    public GatewaySpec getGateway() { return gateway; }
    public void setGateway(GatewaySpec gateway) { this.gateway = gateway; }
    public MqttServiceType getMqttServiceType() { return mqttServiceType; }
    public void setMqttServiceType(MqttServiceType mqttServiceType) { this.mqttServiceType = mqttServiceType; }
}
