package dev.iotlab.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.operator.customresource.IotLabStatus;
import dev.iotlab.operator.customresource.Phase;
import dev.iotlab.operator.model.Components;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.TestLabs;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {
    static final Instant T0 = TestLabs.NOW;
    static final Instant T1 = T0.plusSeconds(600);

    static Map<String, Deployment> deployments(Lab lab, int readyReplicas) {
        Map<String, Deployment> result = new HashMap<>();
        Components.enabled(lab).forEach(c -> {
            Deployment d = c.deployment(lab);
            result.put(c.name(), new DeploymentBuilder(d).withNewStatus().withReadyReplicas(readyReplicas).endStatus().build());
        });
        return result;
    }

    @Test
    void provisioningUntilEveryComponentIsReadyThenReadyThenDegradedWhenOneFails() {
        Lab lab = TestLabs.minimal();
        IotLabStatus provisioning = StatusAggregator.running(lab, deployments(lab, 0), List.of(), null, T0);
        assertThat(provisioning.getPhase()).isEqualTo(Phase.Provisioning);
        assertThat(provisioning.getMessage()).isEqualTo("waiting for emqx, influxdb, node-red, grafana, api, simulator");

        IotLabStatus ready = StatusAggregator.running(lab, deployments(lab, 1), List.of(), provisioning, T1);
        assertThat(ready.getPhase()).isEqualTo(Phase.Ready);
        assertThat(ready.getCredentialsSecret()).isEqualTo("lab-credentials");

        Map<String, Deployment> oneDown = deployments(lab, 1);
        oneDown.put("influxdb", new DeploymentBuilder(oneDown.get("influxdb")).editStatus().withReadyReplicas(0).endStatus().build());
        IotLabStatus degraded = StatusAggregator.running(lab, oneDown, List.of(), ready, T1.plusSeconds(60));
        assertThat(degraded.getPhase()).isEqualTo(Phase.Degraded);
        assertThat(degraded.getComponents()).filteredOn(c -> c.getName().equals("influxdb"))
                .singleElement().satisfies(c -> assertThat(c.getMessage()).isEqualTo("0/1 replicas ready"));
    }

    @Test
    void transitionTimeMovesOnlyWhenAConditionChangesSoANoOpStatusIsEqual() {
        Lab lab = TestLabs.minimal();
        IotLabStatus first = StatusAggregator.running(lab, deployments(lab, 1), List.of(), null, T0);
        IotLabStatus again = StatusAggregator.running(lab, deployments(lab, 1), List.of(), first, T1);
        assertThat(again).isEqualTo(first);
        IotLabStatus changed = StatusAggregator.running(lab, deployments(lab, 0), List.of(), again, T1);
        assertThat(changed.getConditions().get(0).getLastTransitionTime()).isEqualTo(T1.toString());
        assertThat(changed.getConditions().get(1).getLastTransitionTime()).as("Reconciled stayed True")
                .isEqualTo(T0.toString());
    }

    @Test
    void suspendedAndExpiredLabsSayHowToResume() {
        Lab suspended = TestLabs.lab("student: {name: A}\nsuspend: true");
        IotLabStatus s = StatusAggregator.running(suspended, deployments(suspended, 0), List.of(), null, T0);
        assertThat(s.getPhase()).isEqualTo(Phase.Suspended);
        assertThat(s.getMessage()).contains("spec.suspend: false");
        Lab expired = TestLabs.lab("student: {name: A}\nexpiresAt: \"2026-01-01T00:00:00Z\"");
        IotLabStatus e = StatusAggregator.running(expired, deployments(expired, 0), List.of(), null, T0);
        assertThat(e.getPhase()).isEqualTo(Phase.Expired);
        assertThat(e.getMessage()).contains("spec.expiresAt");
    }

    @Test
    void endpointColumnPrefersTheExternalApiUrl() {
        Lab withIngress = TestLabs.lab("student: {name: A}\naccess: {ingress: {host: a.example.edu, tlsSecretName: t}}");
        IotLabStatus s = StatusAggregator.running(withIngress, Map.of(), List.of(), null, T0);
        assertThat(s.getEndpoint()).isEqualTo("https://a.example.edu/api");
        assertThat(s.getEndpoints()).filteredOn(e -> e.getName().equals("mqtt-websocket"))
                .singleElement().satisfies(e -> assertThat(e.getExternal()).isEqualTo("wss://a.example.edu/mqtt"));
    }

    @Test
    void aReconcileErrorDegradesTheLabWithReasonReconcileError() {
        IotLabStatus ready = StatusAggregator.running(TestLabs.minimal(), deployments(TestLabs.minimal(), 1), List.of(), null, T0);
        IotLabStatus error = StatusAggregator.reconcileError(TestLabs.minimal().resource(), "boom", ready, T1);
        assertThat(error.getPhase()).isEqualTo(Phase.Degraded);
        assertThat(error.getConditions()).filteredOn(c -> c.getType().equals(Conditions.RECONCILED))
                .singleElement().satisfies(c -> assertThat(c.getReason()).isEqualTo("ReconcileError"));
    }

    @Test
    void aLoadBalancerBrokerShowsItsAddressOnceTheCloudGivesOne() {
        Lab lab = TestLabs.lab("student: {name: A}\naccess: {mqttServiceType: LoadBalancer}");
        var service = dev.iotlab.operator.model.Components.EMQX.services(lab).get(0);
        assertThat(StatusAggregator.withExposedMqtt(lab, Components.endpoints(lab), java.util.Optional.of(service)))
                .filteredOn(e -> e.getName().equals("mqtt")).singleElement()
                .satisfies(e -> assertThat(e.getExternal())
                        .isEqualTo("mqtt://<external address of Service iotlab-alice/emqx>:1883"));
        service.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder().withNewLoadBalancer()
                .addNewIngress().withIp("203.0.113.7").endIngress().endLoadBalancer().build());
        IotLabStatus s = StatusAggregator.running(lab, Map.of(), java.util.Optional.of(service), List.of(), null, T0);
        assertThat(s.getEndpoints()).filteredOn(e -> e.getName().equals("mqtt")).singleElement()
                .satisfies(e -> assertThat(e.getExternal()).isEqualTo("mqtt://203.0.113.7:1883"));
        Lab clusterIp = TestLabs.minimal();
        assertThat(StatusAggregator.withExposedMqtt(clusterIp, Components.endpoints(clusterIp),
                java.util.Optional.of(Components.EMQX.services(clusterIp).get(0))))
                .allSatisfy(e -> assertThat(e.getExternal()).isNull());
    }
}
