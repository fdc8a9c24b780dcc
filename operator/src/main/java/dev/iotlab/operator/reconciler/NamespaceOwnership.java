package dev.iotlab.operator.reconciler;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.model.InvalidLabException;
import dev.iotlab.operator.model.Lab;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.util.List;

/** A namespace that exists but is not this lab's (another lab's, or the instructor's) is never taken over. */
final class NamespaceOwnership {
    private NamespaceOwnership() {
    }

    /** Throws, naming the field that gives the namespace, when it exists and this lab does not own it. */
    static void check(Lab lab, Context<IotLab> context) {
        if (context.getSecondaryResource(Namespace.class).isPresent()) {
            return;
        }
        Namespace existing = context.getClient().namespaces().withName(lab.namespace()).get();
        if (existing == null) {
            return;
        }
        String uid = lab.resource().getMetadata().getUid();
        List<OwnerReference> owners = existing.getMetadata().getOwnerReferences();
        boolean ownedByThisLab = owners != null && owners.stream().anyMatch(o -> uid != null && uid.equals(o.getUid()));
        if (!ownedByThisLab) {
            throw new InvalidLabException(lab.spec().getNamespace() != null ? "spec.namespace" : "metadata.name",
                    "gives namespace \"" + lab.namespace() + "\", which already exists and does not belong to this "
                            + "lab; choose another spec.namespace, or delete that namespace if it is left over");
        }
    }
}
