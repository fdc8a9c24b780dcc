package dev.iotlab.operator.doctor;

import dev.iotlab.operator.doctor.ClusterDoctor.Check;
import dev.iotlab.operator.model.GatewayReadiness;
import dev.iotlab.operator.model.GatewayRef;
import dev.iotlab.operator.model.LabHttpRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * doctor's Gateway line: the Gateway API is installed, and each Gateway the course uses exists, is Programmed and has
 * a listener that takes the labs' HTTPRoutes ({@link GatewayReadiness}: HTTP(S), the students' hosts, allowedRoutes
 * that let the lab namespaces in).
 */
final class GatewayDoctor {
    static final String NAME = "Ingress / Gateway";

    private GatewayDoctor() {
    }

    static Check check(KubernetesClient client, List<GatewayRef> refs, Map<String, String> labNamespaceLabels) {
        if (Lookups.orNull(() -> client.apiextensions().v1().customResourceDefinitions().withName(LabHttpRoute.CRD_NAME)
                .get()) == null) {
            return Check.fail(NAME, "the Gateway API is not installed (no CRD " + LabHttpRoute.CRD_NAME + ")",
                    "install the Gateway API standard-channel CRDs (v1.4) and a Gateway controller (Envoy Gateway, "
                            + "Cilium, Istio, Traefik v3, NGINX Gateway Fabric), or give the labs access.ingress");
        }
        List<String> problems = new ArrayList<>();
        List<String> fine = new ArrayList<>();
        for (GatewayRef ref : refs.stream().distinct().toList()) {
            Gateway gateway = Lookups.orNull(() -> client.resources(Gateway.class).inNamespace(ref.namespace())
                    .withName(ref.name()).get());
            if (gateway == null) {
                problems.add("Gateway " + ref.namespace() + "/" + ref.name() + " not found");
                continue;
            }
            List<String> own = GatewayReadiness.problems(gateway, ref, labNamespaceLabels);
            if (own.isEmpty()) {
                fine.add(ref.namespace() + "/" + ref.name());
            }
            problems.addAll(own);
        }
        if (!problems.isEmpty()) {
            return Check.fail(NAME, String.join("; ", problems), "create or fix the Gateway (kubectl get gateways -A; "
                    + "kubectl -n <namespace> describe gateway <name>), or name an existing one with --gateway "
                    + "namespace/name or in access.gateway");
        }
        return Check.ok(NAME, "Gateway " + String.join(", ", fine) + " Programmed, a listener takes the labs' "
                + "HTTPRoutes");
    }
}
