package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.Map;

/** The namespace a lab owns, enforcing the "restricted" Pod Security Standard on everything in it. */
public final class LabNamespace {
    private LabNamespace() {
    }

    public static Namespace desired(Lab lab) {
        Map<String, String> labels = Labels.forLab(lab);
        labels.put("pod-security.kubernetes.io/enforce", PodSecurity.LEVEL);
        labels.put("pod-security.kubernetes.io/enforce-version", "latest");
        labels.put("pod-security.kubernetes.io/warn", PodSecurity.LEVEL);
        labels.put("pod-security.kubernetes.io/audit", PodSecurity.LEVEL);
        return new NamespaceBuilder().withNewMetadata().withName(lab.namespace()).withLabels(labels).endMetadata()
                .build();
    }
}
