package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every component's workload must satisfy, checked for each of them. */
class ComponentTest {
    static Stream<Component> components() {
        return Components.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void podMeetsTheRestrictedPodSecurityStandard(Component component) {
        PodSpec pod = component.deployment(TestLabs.minimal()).getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).as("numeric uid").isPositive();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getHostNetwork()).isNotEqualTo(Boolean.TRUE);
        for (Container c : pod.getContainers()) {
            assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
            assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
            assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
        }
        pod.getVolumes().forEach(v -> assertThat(v.getHostPath()).as("no hostPath").isNull());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void containerHasRequestsLimitsAndProbes(Component component) {
        Container c = container(component.deployment(TestLabs.minimal()));
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(c.getReadinessProbe()).isNotNull();
        assertThat(c.getLivenessProbe()).isNotNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void specKeyIsTheKeyOfTheSpecThatConfiguresIt(Component component) {
        Lab lab = TestLabs.lab("student: {name: A}\ncomponents: {" + component.specKey() + ": {enabled: false}}");
        assertThat(Components.enabled(lab)).doesNotContain(component).hasSize(Components.ALL.size() - 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void imageIsPinnedNeverLatest(Component component) {
        String image = component.image(TestLabs.minimal());
        assertThat(image).matches(".+:[^:/]+$").doesNotEndWith(":latest");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void imageAndResourcesCanBeOverridden(Component component) {
        String key = component.specKey();
        Lab lab = TestLabs.lab("""
                student: {name: A}
                components:
                  %s:
                    image: registry.example.edu/mirror/%s:1.2.3
                    resources: {requests: {cpu: 10m, memory: 10Mi}, limits: {cpu: 20m, memory: 20Mi}}
                """.formatted(key, component.name()));
        Container c = container(component.deployment(lab));
        assertThat(c.getImage()).isEqualTo("registry.example.edu/mirror/" + component.name() + ":1.2.3");
        assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("20Mi");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void suspendScalesToZeroAndDisableRemovesEverything(Component component) {
        assertThat(component.deployment(TestLabs.minimal()).getSpec().getReplicas()).isEqualTo(1);
        Lab suspended = TestLabs.lab("student: {name: A}\nsuspend: true");
        assertThat(component.deployment(suspended).getSpec().getReplicas()).isZero();
        Lab expired = TestLabs.lab("student: {name: A}\nexpiresAt: \"2026-11-01T00:00:00Z\"");
        assertThat(component.deployment(expired).getSpec().getReplicas()).isZero();

        String key = component.specKey();
        Lab disabled = TestLabs.lab("student: {name: A}\ncomponents: {" + key + ": {enabled: false}}");
        assertThat(LabResources.all(disabled))
                .noneMatch(o -> component.name().equals(o.getMetadata().getLabels().get(Labels.COMPONENT)));
        assertThat(LabResources.all(TestLabs.minimal()))
                .anyMatch(o -> component.name().equals(o.getMetadata().getLabels().get(Labels.COMPONENT)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void everySecretKeyReferencedExistsInTheCredentialsSecret(Component component) {
        Lab lab = TestLabs.minimal();
        Secret secret = CredentialsSecret.generate(lab);
        Deployment d = component.deployment(lab);
        for (EnvVar env : container(d).getEnv()) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo(lab.credentialsSecretName());
                assertThat(secret.getStringData()).containsKey(env.getValueFrom().getSecretKeyRef().getKey());
            }
        }
        d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getSecret() != null)
                .flatMap(v -> v.getSecret().getItems().stream())
                .forEach(item -> assertThat(secret.getStringData()).containsKey(item.getKey()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void selectorMatchesPodLabelsAndServices(Component component) {
        Lab lab = TestLabs.minimal();
        Deployment d = component.deployment(lab);
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        component.services(lab).forEach(s -> assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(s.getSpec().getSelector()));
        component.services(lab).forEach(s -> s.getSpec().getPorts().forEach(p ->
                assertThat(container(d).getPorts()).anyMatch(cp -> cp.getContainerPort().equals(p.getPort()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void everyMountedVolumeIsDeclaredAndEveryClaimIsMade(Component component) {
        Lab lab = TestLabs.minimal();
        Deployment d = component.deployment(lab);
        var volumes = d.getSpec().getTemplate().getSpec().getVolumes();
        container(d).getVolumeMounts().forEach(m ->
                assertThat(volumes).anyMatch(v -> v.getName().equals(m.getName())));
        volumes.stream().filter(v -> v.getPersistentVolumeClaim() != null).forEach(v ->
                assertThat(component.volumeClaims(lab))
                        .anyMatch(c -> c.getMetadata().getName().equals(v.getPersistentVolumeClaim().getClaimName())));
        volumes.stream().filter(v -> v.getConfigMap() != null).forEach(v ->
                assertThat(component.configMaps(lab))
                        .anyMatch(c -> c.getMetadata().getName().equals(v.getConfigMap().getName())));
        assertThat(d.getSpec().getStrategy().getType())
                .isEqualTo(component.volumeClaims(lab).isEmpty() ? "RollingUpdate" : "Recreate");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void aSlowFirstStartIsNeverKilledByTheLivenessProbe(Component component) {
        Container c = container(component.deployment(TestLabs.minimal()));
        assertThat(c.getStartupProbe()).as("startup probe").isNotNull();
        var startup = c.getStartupProbe();
        int budget = startup.getPeriodSeconds() * startup.getFailureThreshold();
        assertThat(budget).as("seconds a first start may take").isGreaterThanOrEqualTo(120);
        if (component instanceof InfluxDbComponent || component instanceof GrafanaComponent) {
            assertThat(budget).as("setup / first migration on a small CPU share").isGreaterThanOrEqualTo(300);
        }
        // The same check as liveness, so "started" means "alive"; liveness waits for it and needs no delay.
        assertThat(startup.getHttpGet()).isEqualTo(c.getLivenessProbe().getHttpGet());
        assertThat(startup.getTcpSocket()).isEqualTo(c.getLivenessProbe().getTcpSocket());
        assertThat(c.getLivenessProbe().getInitialDelaySeconds()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("components")
    void podsWithAVolumeSkipTheRecursiveChownWhenTheOwnerIsRight(Component component) {
        Lab lab = TestLabs.minimal();
        PodSpec pod = component.deployment(lab).getSpec().getTemplate().getSpec();
        boolean hasClaim = pod.getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null);
        assertThat(pod.getSecurityContext().getFsGroupChangePolicy()).isEqualTo(hasClaim ? "OnRootMismatch" : null);
    }

    static Container container(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0);
    }
}
