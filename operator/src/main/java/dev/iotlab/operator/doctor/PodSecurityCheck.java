package dev.iotlab.operator.doctor;

import dev.iotlab.operator.customresource.Profile;
import dev.iotlab.operator.doctor.ClusterDoctor.Check;
import dev.iotlab.operator.model.Component;
import dev.iotlab.operator.model.Components;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.Labels;
import dev.iotlab.operator.model.PodSecurity;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * doctor's Pod Security line: in a short-lived namespace labelled like a lab's (enforce=restricted), every
 * component's pod is admitted (dry run) and a privileged one is refused — else PodSecurity admission is off.
 */
final class PodSecurityCheck {
    static final String NAME = "Pod Security";

    private PodSecurityCheck() {
    }

    static Check check(KubernetesClient client) {
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        String ns = "iotlab-doctor-" + HexFormat.of().formatHex(random);
        try {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(ns)
                    .addToLabels("pod-security.kubernetes.io/enforce", PodSecurity.LEVEL)
                    .addToLabels(Labels.MANAGED_BY, "iotlab-doctor").endMetadata().build()).create();
        } catch (KubernetesClientException e) {
            return Check.fail(NAME, "could not make a test namespace: " + Lookups.message(e),
                    "run doctor as a cluster admin (it creates and deletes namespace " + ns + ")");
        }
        try {
            return admission(client, ns);
        } finally {
            try {
                client.namespaces().withName(ns).delete();
            } catch (KubernetesClientException e) {
                // best effort: it holds nothing
            }
        }
    }

    private static Check admission(KubernetesClient client, String ns) {
        Lab lab = CourseLabs.sample(ns, Profile.SMALL);
        List<String> refused = new ArrayList<>();
        for (Component c : Components.ALL) {
            try {
                client.pods().inNamespace(ns).resource(podOf(c, lab)).dryRun().create();
            } catch (KubernetesClientException e) {
                refused.add(c.name() + ": " + Lookups.message(e));
            }
        }
        if (!refused.isEmpty()) {
            return Check.fail(NAME, "a restricted namespace refuses the labs' pods: " + String.join("; ", refused),
                    "an admission policy (Kyverno, Gatekeeper, a webhook) refuses them: allow the labs' "
                            + "namespaces (label " + Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE + ")");
        }
        Pod privileged = new PodBuilder().withNewMetadata().withName("privileged").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36")
                .withNewSecurityContext().withPrivileged(true).endSecurityContext().endContainer().endSpec().build();
        try {
            client.pods().inNamespace(ns).resource(privileged).dryRun().create();
            return Check.fail(NAME, "a privileged pod was admitted into a namespace labelled enforce=restricted: "
                            + "PodSecurity admission is off, so students' namespaces are not protected",
                    "enable the PodSecurity admission plugin (on by default since Kubernetes 1.25)");
        } catch (KubernetesClientException expected) {
            return Check.ok(NAME, "\"restricted\" enforced; every component's pod admitted");
        }
    }

    /** The Pod the controller-manager would make from the component's Deployment (volumes and account left out). */
    static Pod podOf(Component c, Lab lab) {
        var template = c.deployment(lab).getSpec().getTemplate();
        // The lab's own ServiceAccounts do not exist in the test namespace; admission of the pod is what is checked.
        var spec = new PodSpecBuilder(template.getSpec()).withVolumes().withServiceAccountName(null).build();
        spec.getContainers().forEach(container -> container.setVolumeMounts(List.of()));
        return new PodBuilder().withNewMetadata().withName(c.name()).withLabels(template.getMetadata().getLabels())
                .endMetadata().withSpec(spec).build();
    }
}
