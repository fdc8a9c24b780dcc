package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import org.junit.jupiter.api.Test;

class LabNetworkPolicyTest {

    @Test
    void networkPolicyAdmitsOnlyTheLabTheIngressControllerAndExposedMqtt() {
        NetworkPolicy closed = LabNetworkPolicy.desired(TestLabs.minimal());
        assertThat(closed.getSpec().getIngress()).hasSize(1);
        var peers = closed.getSpec().getIngress().get(0).getFrom();
        assertThat(peers.get(0).getPodSelector()).isNotNull();
        assertThat(peers.get(0).getNamespaceSelector()).as("same namespace only").isNull();
        assertThat(peers.subList(1, peers.size())).allMatch(p -> p.getNamespaceSelector().getMatchLabels()
                .get("kubernetes.io/metadata.name") != null);

        NetworkPolicy open = LabNetworkPolicy.desired(TestLabs.lab("student: {name: A}\naccess: {mqttServiceType: LoadBalancer}"));
        assertThat(open.getSpec().getIngress()).hasSize(2);
        assertThat(open.getSpec().getIngress().get(1).getPorts()).extracting(p -> p.getPort().getIntVal())
                .containsExactly(1883, 8083);
    }
}
