package dev.iotlab.operator.doctor;

import dev.iotlab.operator.customresource.GatewayScheme;
import dev.iotlab.operator.customresource.Profile;
import dev.iotlab.operator.doctor.ClusterDoctor.Check;
import dev.iotlab.operator.model.GatewayRef;
import dev.iotlab.operator.model.Labels;
import io.fabric8.kubernetes.api.model.networking.v1.IngressClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * doctor's Ingress / Gateway line: with a Gateway (given, or named by the course's labs) {@link GatewayDoctor}'s
 * checks; else the IngressClasses the labs use (given, named, or the default one) exist.
 */
final class IngressCheck {
    static final String NAME = GatewayDoctor.NAME;
    static final String DEFAULT_INGRESS_CLASS = "ingressclass.kubernetes.io/is-default-class";

    private IngressCheck() {
    }

    /**
     * @param ingressClass the IngressClass the course will use, or null
     * @param gateway      namespace/name of a Gateway the course will use, or null
     */
    static Check check(KubernetesClient client, String ingressClass, String gateway, CourseLabs course) {
        if (gateway != null && gateway.split("/", 2).length != 2) {
            return Check.fail(NAME, "--gateway " + gateway + " is not namespace/name", "e.g. --gateway gateways/labs");
        }
        List<GatewayRef> gateways = new ArrayList<>();
        if (gateway != null) {
            String[] ref = gateway.split("/", 2);
            gateways.add(new GatewayRef(ref[1], ref[0], null, null, GatewayScheme.HTTPS));
        }
        gateways.addAll(course.gateways());
        if (!gateways.isEmpty()) {
            return GatewayDoctor.check(client, gateways, Labels.forLab(CourseLabs.sample("doctor", Profile.SMALL)));
        }
        Set<String> classes = new TreeSet<>(course.ingressClasses());
        if (ingressClass != null) {
            classes.add(ingressClass);
        }
        if (ingressClass == null && !course.anyIngress()) {
            return Check.ok(NAME, "no lab of the course uses an ingress (students reach it by port-forward)");
        }
        List<IngressClass> all = Lookups.orEmpty(() -> client.network().v1().ingressClasses().list().getItems());
        List<String> existing = all.stream().map(c -> c.getMetadata().getName()).toList();
        String found = existing.isEmpty() ? " (no IngressClass at all)" : " (classes: " + existing + ")";
        if (classes.isEmpty()) {
            Optional<String> defaultClass = all.stream()
                    .filter(c -> Lookups.isDefault(c.getMetadata(), DEFAULT_INGRESS_CLASS))
                    .map(c -> c.getMetadata().getName()).findFirst();
            return defaultClass.map(c -> Check.ok(NAME, "default IngressClass " + c))
                    .orElseGet(() -> Check.fail(NAME, "the labs name no IngressClass and the cluster has no default "
                            + "one" + found, "install an ingress controller (e.g. Traefik or ingress-nginx), or set "
                            + "access.ingress.className / --ingress-class to one of kubectl get ingressclass"));
        }
        List<String> missing = classes.stream().filter(c -> !existing.contains(c)).toList();
        if (!missing.isEmpty()) {
            return Check.fail(NAME, "IngressClass " + String.join(", ", missing) + " not found" + found,
                    "install the ingress controller of that class, or name an existing class in "
                            + "access.ingress.className (the course chart's defaults.ingress.className)");
        }
        return Check.ok(NAME, "IngressClass " + String.join(", ", classes) + " exists");
    }
}
