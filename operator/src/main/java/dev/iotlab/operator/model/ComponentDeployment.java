package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Deployment every component runs as, the same for all of them: one replica (none while suspended), the
 * component's container with its image, resources, restricted security context and a startup probe, the pod rolled
 * when its configuration changes, Recreate when it has a volume claim (a ReadWriteOnce volume cannot be shared).
 */
final class ComponentDeployment {
    /** Annotation that rolls the pods when the component's configuration changes. */
    static final String CONFIG_HASH = "iotlab.dev/config-hash";

    private ComponentDeployment() {
    }

    static Deployment of(Component component, Lab lab) {
        Container container = new ContainerBuilder(withStartupProbe(component.container(lab),
                component.startupBudget()))
                .withImage(component.image(lab))
                .withImagePullPolicy("IfNotPresent")
                .withResources(component.resources(lab))
                .withSecurityContext(PodSecurity.container())
                .build();
        boolean hasVolumeClaims = !component.volumeClaims(lab).isEmpty();
        String serviceAccount = component.serviceAccountName(lab);
        Map<String, String> labels = Labels.forComponent(lab, component.name());
        return new DeploymentBuilder()
                .withNewMetadata()
                    .withName(component.name())
                    .withNamespace(lab.namespace())
                    .withLabels(labels)
                .endMetadata()
                .withNewSpec()
                    .withReplicas(lab.scaledDown() ? 0 : 1)
                    .withRevisionHistoryLimit(3)
                    .withNewSelector().withMatchLabels(Labels.selector(component.name())).endSelector()
                    .withNewStrategy().withType(hasVolumeClaims ? "Recreate" : "RollingUpdate").endStrategy()
                    .withNewTemplate()
                        .withNewMetadata()
                            .withLabels(labels)
                            .withAnnotations(Map.of(CONFIG_HASH, configHash(component.configMaps(lab))))
                        .endMetadata()
                        .withNewSpec()
                            .withServiceAccountName(serviceAccount)
                            .withAutomountServiceAccountToken(serviceAccount != null)
                            .withEnableServiceLinks(false)
                            .withSecurityContext(PodSecurity.pod(component.uid(), hasVolumeClaims))
                            .withContainers(container)
                            .withVolumes(component.volumes(lab))
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * A startup probe with the liveness probe's check, allowing {@code budget}; the liveness probe only starts once
     * it has passed, so it needs no initial delay of its own.
     */
    static Container withStartupProbe(Container container, Duration budget) {
        Probe liveness = container.getLivenessProbe();
        int period = 5;
        // No initialDelaySeconds at all rather than 0: the API server omits a 0, and the difference would make
        // every reconcile patch the Deployment.
        Probe startup = new ProbeBuilder(liveness)
                .withInitialDelaySeconds(null)
                .withPeriodSeconds(period)
                .withFailureThreshold((int) Math.ceil(budget.toSeconds() / (double) period))
                .withSuccessThreshold(1)
                .build();
        return new ContainerBuilder(container)
                .withStartupProbe(startup)
                .withLivenessProbe(new ProbeBuilder(liveness).withInitialDelaySeconds(null).build())
                .build();
    }

    /** Hash of everything in the component's ConfigMaps, so a changed configuration restarts its pod. */
    static String configHash(List<ConfigMap> configMaps) {
        Map<String, String> all = new TreeMap<>();
        for (ConfigMap cm : configMaps) {
            if (cm.getData() != null) {
                cm.getData().forEach((k, v) -> all.put(cm.getMetadata().getName() + "/" + k, v));
            }
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(all.toString().getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
