package dev.iotlab.charts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneExtension;
import dev.iotlab.operator.model.OperatorSettings;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pre-puller installed by real Helm into a real control plane, in a namespace that enforces the restricted Pod
 * Security Standard: for a node, the DaemonSet controller creates its pod and PodSecurity admits it. No kubelet runs
 * here, so nothing is pulled; the node is an API object standing in for one.
 */
@Tag("control-plane")
@ExtendWith(ControlPlaneExtension.class)
class PrePullOnControlPlaneTest {

    @Test
    void theDaemonSetsPodIsAdmittedUnderRestrictedAndPullsEveryLabImage(ControlPlane cp) throws Exception {
        KubernetesClient admin = cp.adminClient();
        String ns = cp.newNamespace("prepull", Map.of("pod-security.kubernetes.io/enforce", "restricted",
                "pod-security.kubernetes.io/enforce-version", "latest"));
        String kubeconfig = Files.readString(cp.logDir().resolve("admin.kubeconfig"));
        Node node = admin.nodes().resource(new NodeBuilder().withNewMetadata().withName("prepull-node")
                .addToLabels("kubernetes.io/hostname", "prepull-node").addToLabels("kubernetes.io/os", "linux")
                .endMetadata().build()).create();
        try {
            new Helm(Charts.OPERATOR).install().withName("prepull").withNamespace(ns)
                    .withValuesFile(Charts.writeTemp("prePull: {enabled: true}\nreplicaCount: 1\n"))
                    .withKubeConfigContents(kubeconfig).call();

            DaemonSet ds = admin.apps().daemonSets().inNamespace(ns).withLabel("app.kubernetes.io/component", "prepull")
                    .list().getItems().stream().findFirst().orElseThrow();
            Pod pod = await("the DaemonSet controller's pod for prepull-node, admitted").atMost(Duration.ofSeconds(60))
                    .until(() -> admin.pods().inNamespace(ns).withLabel("app.kubernetes.io/name", "iotlab-prepull")
                            .list().getItems().stream().findFirst().orElse(null), p -> p != null);
            assertThat(pod.getSpec().getInitContainers()).extracting(Container::getImage)
                    .containsExactlyInAnyOrderElementsOf(OperatorSettings.DEFAULT_IMAGES.values());
            assertThat(admin.v1().events().inNamespace(ns).list().getItems())
                    .noneMatch(e -> "FailedCreate".equals(e.getReason()));

            // The namespace really judges: the same pod without its container security settings is refused.
            Pod loose = new PodBuilder().withNewMetadata().withName("prepull-loose").endMetadata()
                    .withSpec(ds.getSpec().getTemplate().getSpec()).build();
            loose.getSpec().getContainers().forEach(c -> c.setSecurityContext(null));
            assertThatThrownBy(() -> admin.pods().inNamespace(ns).resource(loose).dryRun().create())
                    .isInstanceOf(KubernetesClientException.class).hasMessageContaining("PodSecurity");
        } finally {
            Helm.uninstall("prepull").withNamespace(ns).withKubeConfigContents(kubeconfig).call();
            admin.nodes().resource(node).delete();
        }
    }

}
