package dev.iotlab.operator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneTest;
import dev.iotlab.operator.reconciler.OperatorHarness;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Two replicas are safe: only the Lease holder reconciles, and the other takes over when it goes. */
@ControlPlaneTest
class LeaderElectionTest {

    @Test
    void onlyTheLeaderReconcilesAndTheStandbyTakesOver() throws Exception {
        ControlPlane cp = ControlPlane.shared();
        KubernetesClient admin = cp.adminClient();
        OperatorHarness.installCrd(admin);
        String leaseNs = cp.newNamespace("lease", java.util.Map.of());
        OperatorHarness first = new OperatorHarness(cp.adminConfig(), replica("replica-a", leaseNs));
        OperatorHarness second = null;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> holder(admin, leaseNs), "replica-a"::equals);
            second = new OperatorHarness(cp.adminConfig(), replica("replica-b", leaseNs));
            second.resetWrites();
            apply(admin, "le-one");
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.namespaces().withName("iotlab-le-one").get() != null);
            assertThat(second.writeLog()).as("the standby writes nothing but its attempts on the Lease")
                    .allMatch(w -> w.contains("/leases/"));

            first.close();
            first = null;
            await().atMost(Duration.ofSeconds(60)).until(() -> holder(admin, leaseNs), "replica-b"::equals);
            apply(admin, "le-two");
            await().atMost(Duration.ofSeconds(60)).until(() -> admin.namespaces().withName("iotlab-le-two").get() != null);
        } finally {
            if (first != null) {
                first.close();
            }
            if (second != null) {
                second.close();
            }
        }
    }

    static OperatorConfig replica(String identity, String leaseNs) {
        OperatorConfig config = OperatorHarness.testConfig();
        config.setLeaderElection(true);
        config.setLeaseNamespace(leaseNs);
        config.setLeaderIdentity(identity);
        config.setExitOnLeadershipLoss(false);
        return config;
    }

    static String holder(KubernetesClient admin, String ns) {
        Lease lease = admin.leases().inNamespace(ns).withName(OperatorFactory.LEASE_NAME).get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }

    static void apply(KubernetesClient admin, String name) {
        OperatorHarness.applyLab(admin, name, "student: {name: " + name + "}");
    }
}
