package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * Every object of one lab, in apply order. The reconciler's dependents and the `render` command both read from
 * here, so what is printed is what is applied. The credentials Secret is not included: it is random, created once
 * by its own dependent (render prints a placeholder for it).
 */
public final class LabResources {
    private LabResources() {
    }

    public static List<HasMetadata> all(Lab lab) {
        List<Component> enabled = Components.enabled(lab);
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(LabNamespace.desired(lab));
        objects.add(LabQuota.resourceQuota(lab));
        objects.add(LabQuota.limitRange(lab));
        objects.add(LabNetworkPolicy.desired(lab));
        objects.addAll(LabAccess.serviceAccounts(lab));
        objects.addAll(LabAccess.roles(lab));
        objects.addAll(LabAccess.roleBindings(lab));
        enabled.forEach(c -> objects.addAll(c.configMaps(lab)));
        enabled.forEach(c -> objects.addAll(c.volumeClaims(lab)));
        enabled.forEach(c -> objects.addAll(c.services(lab)));
        enabled.forEach(c -> objects.add(c.deployment(lab)));
        objects.addAll(TraefikMiddlewares.desired(lab));
        objects.addAll(LabIngress.desired(lab));
        objects.addAll(LabHttpRoute.desired(lab));
        return objects;
    }
}
