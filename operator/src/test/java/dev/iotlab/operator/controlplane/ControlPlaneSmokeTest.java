package dev.iotlab.operator.controlplane;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The control plane the operator tests rely on does what a real cluster's API does, minus running Pods. */
@ControlPlaneTest
class ControlPlaneSmokeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final ControlPlane controlPlane;
    private final KubernetesClient admin;

    ControlPlaneSmokeTest(ControlPlane controlPlane, KubernetesClient admin) {
        this.controlPlane = controlPlane;
        this.admin = admin;
    }

    @Test
    void apiserverServesItsVersionAndAuthorizesServiceAccountTokensWithRbac() {
        assertThat(controlPlane.version())
                .matches("v1\\.\\d+\\.\\d+")
                .isEqualTo(admin.getKubernetesVersion().getGitVersion());

        String namespace = controlPlane.newNamespace("rbac", Map.of());
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(admin.serviceAccounts().inNamespace(namespace).withName("default").get()).isNotNull());
        try (KubernetesClient asServiceAccount = controlPlane.clientForServiceAccount(namespace, "default")) {
            assertThatThrownBy(() -> asServiceAccount.secrets().inNamespace(namespace).list())
                    .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(403))
                    .hasMessageContaining("system:serviceaccount:" + namespace + ":default");
        }
    }

    @Test
    void controllerManagerCreatesPodsThatPodSecurityAdmitsAndReportsThoseItRejects() {
        String namespace = controlPlane.newNamespace("restricted",
                Map.of("pod-security.kubernetes.io/enforce", "restricted"));
        createDeployment(namespace, "compliant", restrictedPod());
        createDeployment(namespace, "noncompliant", new PodSpecBuilder()
                .addNewContainer().withName("app").withImage("example.invalid/app:1").endContainer()
                .build());

        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(replicaSetOf(namespace, "compliant")).isPresent();
            assertThat(admin.pods().inNamespace(namespace).withLabel("app", "compliant").list().getItems())
                    .singleElement()
                    .satisfies(pod -> assertThat(pod.getMetadata().getOwnerReferences())
                            .anySatisfy(owner -> assertThat(owner.getKind()).isEqualTo("ReplicaSet")));
        });
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<ReplicaSetCondition> conditions = replicaSetOf(namespace, "noncompliant")
                    .map(rs -> rs.getStatus() == null ? null : rs.getStatus().getConditions())
                    .orElse(List.of());
            assertThat(conditions).anySatisfy(condition -> {
                assertThat(condition.getType()).isEqualTo("ReplicaFailure");
                assertThat(condition.getReason()).isEqualTo("FailedCreate");
                assertThat(condition.getMessage()).contains("forbidden", "violates PodSecurity \"restricted");
            });
        });
        assertThat(admin.pods().inNamespace(namespace).withLabel("app", "noncompliant").list().getItems()).isEmpty();
    }

    @Test
    void deletingANamespaceRemovesItAndItsContents() {
        String namespace = controlPlane.newNamespace("doomed", Map.of());
        admin.configMaps().inNamespace(namespace).resource(configMap("content")).create();

        admin.namespaces().withName(namespace).delete();

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(admin.namespaces().withName(namespace).get()).isNull());
    }

    @Test
    void garbageCollectorDeletesWhatADeletedOwnerOwned() {
        String namespace = controlPlane.newNamespace("gc", Map.of());
        ConfigMap owner = admin.configMaps().inNamespace(namespace).resource(configMap("owner")).create();
        ConfigMap owned = new ConfigMapBuilder(configMap("owned"))
                .editMetadata().addNewOwnerReference()
                .withApiVersion("v1").withKind("ConfigMap")
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .endOwnerReference().endMetadata()
                .build();
        admin.configMaps().inNamespace(namespace).resource(owned).create();
        admin.configMaps().inNamespace(namespace).resource(configMap("bystander")).create();

        admin.configMaps().inNamespace(namespace).withName("owner").delete();

        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(admin.configMaps().inNamespace(namespace).withName("owned").get()).isNull());
        assertThat(admin.configMaps().inNamespace(namespace).withName("bystander").get()).isNotNull();
    }

    private void createDeployment(String namespace, String name, PodSpec pod) {
        admin.apps().deployments().inNamespace(namespace).resource(new DeploymentBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate()
                .withNewMetadata().addToLabels("app", name).endMetadata()
                .withSpec(pod)
                .endTemplate()
                .endSpec()
                .build()).create();
    }

    private Optional<ReplicaSet> replicaSetOf(String namespace, String app) {
        return admin.apps().replicaSets().inNamespace(namespace).withLabel("app", app).list().getItems().stream()
                .findFirst();
    }

    /** A Pod the "restricted" Pod Security Standard admits. */
    private static PodSpec restrictedPod() {
        return new PodSpecBuilder()
                .withNewSecurityContext()
                .withRunAsNonRoot(true).withRunAsUser(1000L)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewContainer().withName("app").withImage("example.invalid/app:1")
                .withNewSecurityContext()
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .endSecurityContext()
                .endContainer()
                .build();
    }

    private static ConfigMap configMap(String name) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata()
                .addToData("key", "value").build();
    }
}
