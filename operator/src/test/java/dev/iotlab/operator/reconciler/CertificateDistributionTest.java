package dev.iotlab.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.iotlab.operator.config.OperatorConfig;
import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneTest;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.Phase;
import dev.iotlab.operator.model.TestCertificates;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The installer's TLS source Secret reaches every lab namespace (which only the operator can fill), follows its
 * renewal, and the status says when the certificate would end before the lab does.
 */
@ControlPlaneTest
class CertificateDistributionTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);
    static KubernetesClient admin;
    static OperatorHarness operator;
    static String sourceNamespace;

    @BeforeAll
    static void start() throws Exception {
        ControlPlane cp = ControlPlane.shared();
        admin = cp.adminClient();
        OperatorHarness.installCrd(admin);
        sourceNamespace = cp.newNamespace("tls-source", Map.of());
        OperatorConfig config = OperatorHarness.testConfig();
        config.setTlsSourceSecret(sourceNamespace + "/labs-wildcard");
        operator = new OperatorHarness(cp.adminConfig(), config);
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void theSourceSecretIsCopiedIntoEveryLabKeptInSyncAndItsEndIsReported() throws Exception {
        String expiresAt = Instant.now().plus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).toString();
        String spec = "student: {name: Tia}\nexpiresAt: \"" + expiresAt + "\"\n"
                + "access: {ingress: {host: tia.labs.example.edu, tlsSecretName: labs-tls}}";
        OperatorHarness.applyLab(admin, "tls-a", spec);
        OperatorHarness.applyLab(admin, "tls-b", spec.replace("Tia", "Ugo").replace("tia.", "ugo."));
        String ns = "iotlab-tls-a";
        ReconcileLoopTest.admin = admin;
        ReconcileLoopTest.markPodsReadyEventually(ns, 6);
        // No source yet: the lab says so and what to do.
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(lab("tls-a").getStatus().getMessage())
                .contains("TLS source Secret " + sourceNamespace + "/labs-wildcard does not exist"));

        // A certificate that ends before the lab does: copied to both labs, and the status warns.
        Secret shortLived = TestCertificates.tlsSecret(sourceNamespace, "labs-wildcard", 10);
        admin.resource(shortLived).create();
        for (String lab : new String[] {"tls-a", "tls-b"}) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(copy("iotlab-" + lab))
                    .isNotNull().satisfies(c -> assertThat(c.getData()).isEqualTo(shortLived.getData())));
        }
        IotLab warned = await().atMost(PATIENCE).until(() -> lab("tls-a"), l -> l.getStatus().getPhase() == Phase.Degraded
                && l.getStatus().getMessage().contains("before the lab's expiresAt"));
        assertThat(warned.getStatus().getMessage()).contains("renew the source Secret");

        // Renewed at the source: the copies follow (the operator watches the source), the warning goes.
        Secret renewed = TestCertificates.tlsSecret(sourceNamespace, "labs-wildcard", 90);
        admin.secrets().inNamespace(sourceNamespace).withName("labs-wildcard").edit(s -> {
            s.setData(renewed.getData());
            return s;
        });
        for (String lab : new String[] {"tls-a", "tls-b"}) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(copy("iotlab-" + lab).getData())
                    .isEqualTo(renewed.getData()));
        }
        await().atMost(PATIENCE).until(() -> lab("tls-a").getStatus().getPhase(), Phase.Ready::equals);
        assertThat(ReconcileLoopTest.events("tls-a")).anyMatch(e -> "CertificateCopied".equals(e.getReason()));

        // A copy edited in the lab namespace is put back.
        admin.secrets().inNamespace(ns).withName("labs-tls").edit(s -> {
            s.getData().put("tls.crt", shortLived.getData().get("tls.crt"));
            return s;
        });
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(copy(ns).getData()).isEqualTo(renewed.getData()));
    }

    static IotLab lab(String name) {
        return admin.resources(IotLab.class).withName(name).get();
    }

    static Secret copy(String ns) {
        return admin.secrets().inNamespace(ns).withName("labs-tls").get();
    }
}
