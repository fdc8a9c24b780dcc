package dev.iotlab.operator.model;

import dev.iotlab.operator.customresource.MqttServiceType;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Nothing from other labs' namespaces gets in: pods accept traffic from their own namespace, from the ingress
 * controller's namespaces, with Gateway API access from the gateway's data-plane namespaces and, when MQTT is exposed
 * outside the cluster, MQTT from anywhere.
 */
public final class LabNetworkPolicy {
    public static final String NAME = "lab-isolation";

    private LabNetworkPolicy() {
    }

    public static NetworkPolicy desired(Lab lab) {
        List<NetworkPolicyPeer> peers = new ArrayList<>();
        peers.add(new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelectorBuilder().build()).build());
        List<String> allowed = new ArrayList<>(lab.settings().ingressNamespaces());
        lab.gateway().ifPresent(gateway -> {
            // The gateway's data plane: beside the Gateway (Istio, Traefik, NGINX Gateway Fabric) or the
            // controller's own namespace (Envoy Gateway).
            allowed.add(gateway.namespace());
            allowed.addAll(lab.settings().gatewayNamespaces());
        });
        for (String ns : allowed.stream().distinct().toList()) {
            peers.add(new NetworkPolicyPeerBuilder().withNamespaceSelector(new LabelSelectorBuilder()
                    .addToMatchLabels("kubernetes.io/metadata.name", ns).build()).build());
        }
        List<NetworkPolicyIngressRule> rules = new ArrayList<>();
        rules.add(new NetworkPolicyIngressRuleBuilder().withFrom(peers).build());
        NetworkPolicy policy = new NetworkPolicyBuilder()
                .withMetadata(LabObjects.meta(lab, NAME, null))
                .withNewSpec()
                    .withPodSelector(new LabelSelectorBuilder().build())
                    .withPolicyTypes("Ingress")
                .endSpec()
                .build();
        if (lab.access().mqttServiceTypeOrDefault() != MqttServiceType.ClusterIP) {
            // Students connect from their laptops through the node port or load balancer.
            rules.add(new NetworkPolicyIngressRuleBuilder()
                    .addNewPort().withProtocol("TCP").withPort(new IntOrString(EmqxComponent.MQTT_PORT)).endPort()
                    .addNewPort().withProtocol("TCP").withPort(new IntOrString(EmqxComponent.WS_PORT)).endPort()
                    .build());
        }
        policy.getSpec().setIngress(rules);
        return policy;
    }
}
