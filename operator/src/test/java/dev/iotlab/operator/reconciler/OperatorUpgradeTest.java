package dev.iotlab.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.iotlab.operator.config.OperatorConfig;
import dev.iotlab.operator.controlplane.ControlPlane;
import dev.iotlab.operator.controlplane.ControlPlaneTest;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.Phase;
import dev.iotlab.operator.model.BuildInfo;
import dev.iotlab.operator.model.OperatorSettings;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What {@code helm upgrade} of the operator does to running labs, on the real control plane (its Deployment and
 * ReplicaSet controllers decide what "rolls"): a new operator version (simulated by another version string, which
 * is what moves the default tags of our own images) rolls exactly the components whose image changed — api,
 * simulator, node-red — and leaves EMQX, InfluxDB and Grafana running untouched, because no pod template carries the
 * operator's version. A changed default image of one component (the installer's setting) rolls that one only.
 */
@ControlPlaneTest
class OperatorUpgradeTest {
    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final String OLD = "1.0.0";
    static final String NEW = "1.1.0";
    static final String LAB = "upgrade-lab";
    static final String NS = "iotlab-" + LAB;
    static final Set<String> ALL = Set.of("emqx", "influxdb", "node-red", "grafana", "api", "simulator");

    @Test
    void aNewOperatorRollsOnlyTheComponentsWhoseImageChanged(ControlPlane cp) throws Exception {
        KubernetesClient admin = cp.adminClient();
        OperatorHarness.installCrd(admin);

        try (OperatorHarness v1 = operatorOfVersion(cp, OLD, Map.of())) {
            OperatorHarness.applyLab(admin, LAB, "student: {name: Uma Upgrade}\ncourse: iot101");
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(deployments(admin).keySet()).isEqualTo(ALL));
            markPodsReady(admin, 6);
            await().atMost(PATIENCE).until(() -> phase(admin), Phase.Ready::equals);
        }
        Map<String, Deployment> before = settled(admin);
        before.forEach((name, d) -> {
            var meta = d.getSpec().getTemplate().getMetadata();
            String labelsAndAnnotations = String.valueOf(meta.getLabels()) + meta.getAnnotations();
            assertThat(labelsAndAnnotations).as("pod template of %s names no operator version", name)
                    .doesNotContain(OLD).doesNotContain(BuildInfo.version());
        });
        assertThat(image(before.get("api"))).endsWith(":" + OLD);

        // Operator 1.1.0 takes over: our three images move to its tag, the upstream ones stay.
        Map<String, Deployment> afterUpgrade;
        try (OperatorHarness v2 = operatorOfVersion(cp, NEW, Map.of())) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(settled(admin).values())
                    .filteredOn(d -> OperatorSettings.OWN_IMAGES.contains(d.getMetadata().getName()))
                    .allSatisfy(d -> assertThat(image(d)).endsWith(":" + NEW)));
            afterUpgrade = holdsFor(admin, Duration.ofSeconds(3));
        }
        assertRolledExactly(admin, before, afterUpgrade, OperatorSettings.OWN_IMAGES, OLD, NEW);

        // The installer changes one default image (IOTLAB_IMAGES_EMQX): EMQX rolls, nothing else.
        try (OperatorHarness v3 = operatorOfVersion(cp, NEW, Map.of("emqx", "emqx/emqx:5.8.7"))) {
            await().atMost(PATIENCE).untilAsserted(() ->
                    assertThat(image(settled(admin).get("emqx"))).isEqualTo("emqx/emqx:5.8.7"));
            Map<String, Deployment> afterImageChange = holdsFor(admin, Duration.ofSeconds(3));
            assertRolledExactly(admin, afterUpgrade, afterImageChange, Set.of("emqx"), "emqx/emqx:5.8.6",
                    "emqx/emqx:5.8.7");
        }
    }

    /** An operator built as {@code version}: its default images are that build's; the rest as production. */
    static OperatorHarness operatorOfVersion(ControlPlane cp, String version, Map<String, String> installerImages) {
        OperatorConfig config = OperatorHarness.testConfig();
        Map<String, String> images = new HashMap<>(OperatorSettings.defaultImages(version));
        images.putAll(installerImages);
        config.setImages(images);
        return new OperatorHarness(cp.adminConfig(), config);
    }

    /**
     * Only {@code rolled} got a new pod template (generation +1, a second ReplicaSet), and that template differs
     * from the old one in nothing but the image; every other Deployment kept generation and its one ReplicaSet.
     */
    static void assertRolledExactly(KubernetesClient admin, Map<String, Deployment> before,
                                    Map<String, Deployment> after, Set<String> rolled, String from, String to) {
        for (String name : ALL) {
            long generationBefore = before.get(name).getMetadata().getGeneration();
            long generationAfter = after.get(name).getMetadata().getGeneration();
            String templateBefore = Serialization.asJson(before.get(name).getSpec().getTemplate());
            String templateAfter = Serialization.asJson(after.get(name).getSpec().getTemplate());
            if (rolled.contains(name)) {
                assertThat(generationAfter).as("%s rolled", name).isEqualTo(generationBefore + 1);
                assertThat(templateAfter).as("%s: only the image changed", name)
                        .isEqualTo(templateBefore.replace(from, to));
            } else {
                assertThat(generationAfter).as("%s not rolled (generation)", name).isEqualTo(generationBefore);
                assertThat(templateAfter).as("%s: pod template untouched", name).isEqualTo(templateBefore);
            }
        }
        Map<String, Long> expected = new TreeMap<>(replicaSets(admin, before));
        rolled.forEach(name -> expected.merge(name, 1L, Long::sum));
        assertThat(replicaSets(admin, after)).as("ReplicaSets per Deployment (a roll makes one)").isEqualTo(expected);
    }

    /** How many ReplicaSets each Deployment had at the given state (ReplicaSets of its revisions up to then). */
    static Map<String, Long> replicaSets(KubernetesClient admin, Map<String, Deployment> at) {
        Map<String, Long> counts = new TreeMap<>();
        at.forEach((name, d) -> counts.put(name, admin.apps().replicaSets().inNamespace(NS).list().getItems().stream()
                .filter(rs -> rs.getMetadata().getOwnerReferences().stream().anyMatch(o -> o.getName().equals(name)))
                .filter(rs -> revision(rs.getMetadata().getAnnotations()) <= revision(d.getMetadata().getAnnotations()))
                .count()));
        return counts;
    }

    static long revision(Map<String, String> annotations) {
        return Long.parseLong(annotations == null ? "0"
                : annotations.getOrDefault("deployment.kubernetes.io/revision", "0"));
    }

    /**
     * The Deployments once the controller has seen their latest spec and made its Pods, by name. (A Recreate
     * Deployment — every one with a volume — makes its new ReplicaSet only after the old Pods are gone.)
     */
    static Map<String, Deployment> settled(KubernetesClient admin) {
        Map<String, Deployment> all = deployments(admin);
        assertThat(all.values()).allSatisfy(d -> assertThat(d.getStatus() == null ? null
                : d.getStatus().getObservedGeneration()).as(d.getMetadata().getName() + " observed")
                .isEqualTo(d.getMetadata().getGeneration()));
        assertThat(all.values()).allSatisfy(d -> assertThat(d.getStatus().getUpdatedReplicas() == null ? 0
                : d.getStatus().getUpdatedReplicas()).as(d.getMetadata().getName() + " pods of the latest template")
                .isEqualTo(d.getSpec().getReplicas()));
        return all;
    }

    /** The settled Deployments, once they have stayed exactly so for {@code quiet} (no later write rolls one). */
    static Map<String, Deployment> holdsFor(KubernetesClient admin, Duration quiet) {
        AtomicReference<Map<String, Deployment>> now = new AtomicReference<>();
        await().atMost(PATIENCE).untilAsserted(() -> now.set(settled(admin)));
        Map<String, Long> generations = generations(now.get());
        await().during(quiet).atMost(quiet.plus(PATIENCE))
                .until(() -> generations(deployments(admin)), generations::equals);
        return now.get();
    }

    static Map<String, Long> generations(Map<String, Deployment> deployments) {
        Map<String, Long> g = new TreeMap<>();
        deployments.forEach((name, d) -> g.put(name, d.getMetadata().getGeneration()));
        return g;
    }

    static Map<String, Deployment> deployments(KubernetesClient admin) {
        return admin.apps().deployments().inNamespace(NS).list().getItems().stream()
                .collect(Collectors.toMap(d -> d.getMetadata().getName(), d -> d, (a, b) -> a, TreeMap::new));
    }

    static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    static Phase phase(KubernetesClient admin) {
        IotLab lab = admin.resources(IotLab.class).withName(LAB).get();
        return lab == null || lab.getStatus() == null ? null : lab.getStatus().getPhase();
    }

    /** Stands in for the kubelet: the lab's Pods become Running and Ready. */
    static void markPodsReady(KubernetesClient admin, int expected) {
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<Pod> pods = admin.pods().inNamespace(NS).list().getItems();
            assertThat(pods).hasSizeGreaterThanOrEqualTo(expected);
            String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
            for (Pod pod : pods) {
                admin.pods().inNamespace(NS).withName(pod.getMetadata().getName()).editStatus(p -> {
                    p.getStatus().setPhase("Running");
                    p.getStatus().setConditions(List.of(
                            new PodCondition(now, null, now, null, null, "True", "Ready"),
                            new PodCondition(now, null, now, null, null, "True", "ContainersReady")));
                    return p;
                });
            }
        });
    }
}
