package dev.iotlab.operator.model;

import dev.iotlab.operator.customresource.MqttServiceType;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where students reach MQTT over TCP from outside the cluster when the broker's Service is a NodePort or a
 * LoadBalancer. The status and the handout both say it this way; what the cluster has not filled in yet (node port,
 * load-balancer address) is a placeholder saying where to look.
 */
public record ExposedBroker(String host, String port) {
    public static final String ANY_NODE = "<address of any cluster node>";

    /** As an address: {@code mqtt://host:port}. */
    public String url() {
        return "mqtt://" + host + ":" + port;
    }

    /**
     * @param service the broker's Service as the cluster returned it; empty when unknown (e.g. no cluster)
     * @return empty when the broker is not exposed (ClusterIP) or not enabled
     */
    public static Optional<ExposedBroker> of(Lab lab, Optional<Service> service) {
        MqttServiceType type = lab.access().mqttServiceTypeOrDefault();
        if (type == MqttServiceType.ClusterIP || !Components.EMQX.enabled(lab)) {
            return Optional.empty();
        }
        String serviceRef = "Service " + lab.namespace() + "/" + EmqxComponent.NAME;
        if (type == MqttServiceType.NodePort) {
            Optional<String> nodePort = service.flatMap(s -> s.getSpec().getPorts().stream()
                            .filter(p -> EmqxComponent.MQTT_PORT_NAME.equals(p.getName())).findFirst())
                    .map(p -> p.getNodePort()).filter(Objects::nonNull).map(String::valueOf);
            return Optional.of(new ExposedBroker(ANY_NODE, nodePort.orElse("<nodePort of " + serviceRef + ">")));
        }
        List<LoadBalancerIngress> ingress = service
                .map(s -> s.getStatus() == null || s.getStatus().getLoadBalancer() == null ? null
                        : s.getStatus().getLoadBalancer().getIngress())
                .orElse(null);
        String host = ingress == null || ingress.isEmpty() ? "<external address of " + serviceRef + ">"
                : ingress.get(0).getHostname() != null ? ingress.get(0).getHostname() : ingress.get(0).getIp();
        return Optional.of(new ExposedBroker(host, String.valueOf(EmqxComponent.MQTT_PORT)));
    }
}
