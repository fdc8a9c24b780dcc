package dev.iotlab.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneTest;
import dev.iotlab.operator.customresource.IotLab;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A student's ServiceAccount, with a real token, sees its own lab and nothing of anyone else's. */
@ControlPlaneTest
class StudentIsolationTest {
    static ControlPlane cp;
    static KubernetesClient admin;
    static OperatorHarness operator;

    @BeforeAll
    static void twoLabs() throws Exception {
        cp = ControlPlane.shared();
        admin = cp.adminClient();
        OperatorHarness.installCrd(admin);
        operator = OperatorHarness.start(cp);
        for (String name : new String[] {"iso-a", "iso-b"}) {
            OperatorHarness.applyLab(admin, name, "student: {name: " + name + "}");
        }
        await().atMost(Duration.ofSeconds(60)).until(() ->
                admin.rbac().roleBindings().inNamespace("iotlab-iso-a").withName("student").get() != null
                        && admin.secrets().inNamespace("iotlab-iso-b").withName("lab-credentials").get() != null);
    }

    @AfterAll
    static void stop() {
        if (operator != null) {
            operator.close();
        }
    }

    @Test
    void studentReadsTheirOwnLabAndCredentials() {
        try (KubernetesClient alice = cp.clientForServiceAccount("iotlab-iso-a", "student")) {
            assertThat(alice.pods().inNamespace("iotlab-iso-a").list().getItems()).isNotNull();
            assertThat(alice.services().inNamespace("iotlab-iso-a").list().getItems()).isNotEmpty();
            assertThat(alice.secrets().inNamespace("iotlab-iso-a").withName("lab-credentials").get().getData())
                    .containsKey("mqtt-password");
        }
    }

    @Test
    void studentCannotReadAnotherLabNorItsSecretsNorChangeTheirOwnLab() {
        try (KubernetesClient alice = cp.clientForServiceAccount("iotlab-iso-a", "student")) {
            assertForbidden(() -> alice.secrets().inNamespace("iotlab-iso-b").withName("lab-credentials").get());
            assertForbidden(() -> alice.pods().inNamespace("iotlab-iso-b").list());
            assertForbidden(() -> alice.secrets().inNamespace("iotlab-iso-a").list());
            assertForbidden(() -> alice.namespaces().list());
            assertForbidden(() -> alice.resources(IotLab.class).list());
            assertForbidden(() -> alice.apps().deployments().inNamespace("iotlab-iso-a").withName("api")
                    .scale(0));
            assertForbidden(() -> alice.network().networkPolicies().inNamespace("iotlab-iso-a")
                    .withName("lab-isolation").delete());
        }
    }

    static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KubernetesClientException.class,
                e -> assertThat(e.getCode()).isEqualTo(403));
    }
}
