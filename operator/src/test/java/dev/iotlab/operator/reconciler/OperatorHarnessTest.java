package dev.iotlab.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneTest;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness's accounting of the operator's writes: every write request, and those the API server accepted. */
@ControlPlaneTest
class OperatorHarnessTest {

    @Test
    void aWriteRefusedWithAConflictIsLoggedButNotAccepted() throws Exception {
        ControlPlane cp = ControlPlane.shared();
        String ns = cp.newNamespace("harness", Map.of());
        OperatorHarness.installCrd(cp.adminClient());
        try (OperatorHarness operator = OperatorHarness.start(cp)) {
            ConfigMap created = cp.adminClient().configMaps().inNamespace(ns).resource(new ConfigMapBuilder()
                    .withNewMetadata().withName("c").endMetadata().addToData("k", "1").build()).create();
            cp.adminClient().configMaps().inNamespace(ns).withName("c").edit(c -> {
                c.getData().put("k", "2");
                return c;
            });
            operator.resetWrites();
            ConfigMap stale = new ConfigMapBuilder(created).addToData("k", "3").build();
            assertThatThrownBy(() -> operator.client().configMaps().inNamespace(ns).resource(stale).update())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
            ConfigMap fresh = operator.client().configMaps().inNamespace(ns).withName("c").get();
            operator.client().configMaps().inNamespace(ns).resource(new ConfigMapBuilder(fresh).addToData("k", "4")
                    .build()).update();
            String put = "PUT /api/v1/namespaces/" + ns + "/configmaps/c";
            assertThat(operator.writeLog()).filteredOn(w -> w.endsWith("/configmaps/c")).containsExactly(put, put);
            assertThat(operator.acceptedWriteLog()).filteredOn(w -> w.endsWith("/configmaps/c")).containsExactly(put);
            assertThat(cp.adminClient().configMaps().inNamespace(ns).withName("c").get().getData()).containsEntry("k",
                    "4");
        }
    }
}
