package dev.iotlab.operator.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneTest;
import dev.iotlab.operator.controlplane.UpstreamCrds;
import dev.iotlab.operator.customresource.Profile;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.GatewayBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** doctor's Gateway line on the real control plane, with the Gateway API's own CRDs. */
@ControlPlaneTest
class GatewayDoctorTest {

    static ClusterDoctor.Check check(KubernetesClient admin, String gateway) {
        return new ClusterDoctor(admin, new ClusterDoctor.Options(null, 1, Profile.SMALL, "iotlab-system", null,
                gateway, null, null), Instant.now()).ingressOrGateway();
    }

    @Test
    void aGatewayThatExistsIsProgrammedAndLetsTheLabsInPassesAndEachGapIsNamed() throws Exception {
        var crds = UpstreamCrds.gatewayApi();
        Assumptions.assumeTrue(crds.isPresent(), UpstreamCrds.unavailableReason(UpstreamCrds.GATEWAY_API));
        KubernetesClient admin = ControlPlane.shared().adminClient();
        UpstreamCrds.install(admin, crds.get());
        String ns = ControlPlane.shared().newNamespace("doctor-gw", Map.of());

        ClusterDoctor.Check missing = check(admin, ns + "/labs");
        assertThat(missing.ok()).isFalse();
        assertThat(missing.detail()).contains("Gateway " + ns + "/labs not found");
        assertThat(check(admin, "labs").detail()).contains("is not namespace/name");

        // As most examples write it: the listener's allowedRoutes defaults to Same, and no controller yet.
        Gateway gateway = admin.resource(new GatewayBuilder().withNewMetadata().withName("labs").withNamespace(ns)
                .endMetadata().withNewSpec().withGatewayClassName("example").addNewListener().withName("http")
                .withProtocol("HTTP").withPort(80).endListener().endSpec().build()).create();
        ClusterDoctor.Check closed = check(admin, ns + "/labs");
        assertThat(closed.ok()).isFalse();
        assertThat(closed.detail()).contains("is not Programmed", "allows routes only from its own namespace");
        assertThat(closed.fix()).contains("describe gateway");

        gateway.getSpec().getListeners().get(0).getAllowedRoutes().getNamespaces().setFrom("All");
        gateway = admin.resource(gateway).update();
        String now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        gateway.getStatus().setConditions(List.of(new ConditionBuilder().withType("Programmed").withStatus("True")
                .withReason("Programmed").withMessage("ok").withLastTransitionTime(now)
                .withObservedGeneration(gateway.getMetadata().getGeneration()).build()));
        admin.resource(gateway).updateStatus();
        ClusterDoctor.Check open = check(admin, ns + "/labs");
        assertThat(open.ok()).as(open.detail()).isTrue();
        assertThat(open.detail()).contains("Gateway " + ns + "/labs Programmed");
    }
}
