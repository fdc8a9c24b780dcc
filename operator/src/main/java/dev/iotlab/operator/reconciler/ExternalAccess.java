package dev.iotlab.operator.reconciler;

import dev.iotlab.operator.customresource.IngressFlavour;
import dev.iotlab.operator.model.GatewayRef;
import dev.iotlab.operator.model.Lab;
import dev.iotlab.operator.model.LabHttpRoute;
import dev.iotlab.operator.model.LabIngress;
import dev.iotlab.operator.traefik.Middleware;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.RouteParentStatus;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether students can reach the lab from outside, as far as the operator can tell: for Gateway API access the
 * route's Accepted and ResolvedRefs conditions as the Gateway's controller wrote them (with its message); missing
 * CRDs said plainly. Pure: the reconciler hands in what the cluster has.
 *
 * @param status  "True", "False" or "Unknown" (no controller has reported yet)
 * @param retry   the answer depends on CRDs that may be installed later, so the lab is looked at again
 */
public record ExternalAccess(String status, String reason, String message, boolean retry) {
    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    /**
     * @param gatewayApi whether the cluster has the HTTPRoute CRD
     * @param route      the lab's HTTPRoute as stored (with its status), if the operator has it
     * @param traefik    whether the cluster has Traefik's Middleware CRD
     */
    public static Optional<ExternalAccess> of(Lab lab, boolean gatewayApi, Optional<HTTPRoute> route,
                                              boolean traefik) {
        if (lab.ingress().isPresent()) {
            var ingress = lab.ingress().get();
            IngressFlavour flavour = LabIngress.flavour(ingress);
            if (flavour == IngressFlavour.TRAEFIK && !traefik) {
                return Optional.of(new ExternalAccess(FALSE, "TraefikCrdsMissing",
                        "spec.access.ingress uses the Traefik recipe, but the cluster has no " + Middleware.CRD_NAME
                                + " CRD, so /api, /emqx and the redirects of bare UI paths cannot work; install "
                                + "Traefik's CRDs (its Helm chart and k3s do), or set spec.access.ingress.flavour: "
                                + "nginx if the class is ingress-nginx", true));
            }
            return Optional.of(new ExternalAccess(TRUE, "IngressApplied", "Ingress for " + ingress.getHost() + " ("
                    + flavour.value() + " recipe)", false));
        }
        Optional<GatewayRef> gateway = lab.gateway();
        if (gateway.isEmpty()) {
            return Optional.empty();
        }
        GatewayRef ref = gateway.get();
        if (!gatewayApi) {
            return Optional.of(new ExternalAccess(FALSE, "GatewayApiMissing",
                    "spec.access.gateway needs the Gateway API, but the cluster has no " + LabHttpRoute.CRD_NAME
                            + " CRD; install the Gateway API standard-channel CRDs (v1.4) and a Gateway controller, "
                            + "or use spec.access.ingress", true));
        }
        if (route.isEmpty()) {
            return Optional.of(new ExternalAccess(UNKNOWN, "RoutePending", "HTTPRoute " + LabHttpRoute.NAME
                    + " not created yet", false));
        }
        Optional<RouteParentStatus> parent = parentStatus(route.get(), LabHttpRoute.parentRef(ref));
        if (parent.isEmpty()) {
            return Optional.of(new ExternalAccess(UNKNOWN, "WaitingForGateway", "no Gateway controller has "
                    + "reported on the HTTPRoute yet; check that Gateway " + ref.describe()
                    + " exists and that its controller runs", false));
        }
        List<Condition> conditions = parent.get().getConditions() == null ? List.of() : parent.get().getConditions();
        String who = "Gateway " + ref.describe() + " (" + parent.get().getControllerName() + ")";
        for (String type : List.of("Accepted", "ResolvedRefs")) {
            Optional<Condition> c = conditions.stream().filter(x -> type.equals(x.getType())).findFirst();
            if (c.isPresent() && FALSE.equals(c.get().getStatus())) {
                return Optional.of(new ExternalAccess(FALSE, "Route" + type + "False", who + ": " + type + "="
                        + "False, " + c.get().getReason() + ": " + c.get().getMessage(), false));
            }
        }
        for (String type : List.of("Accepted", "ResolvedRefs")) {
            if (conditions.stream().noneMatch(x -> type.equals(x.getType()) && TRUE.equals(x.getStatus()))) {
                return Optional.of(new ExternalAccess(UNKNOWN, "WaitingForGateway", who + " has not reported "
                        + type + " on the HTTPRoute yet", false));
            }
        }
        return Optional.of(new ExternalAccess(TRUE, "RouteAccepted", who + " accepted the HTTPRoute for "
                + ref.host(), false));
    }

    /** The status a controller wrote for our parentRef (group and kind as we wrote them, so compared by name). */
    static Optional<RouteParentStatus> parentStatus(HTTPRoute route, ParentReference ours) {
        if (route.getStatus() == null || route.getStatus().getParents() == null) {
            return Optional.empty();
        }
        return route.getStatus().getParents().stream()
                .filter(p -> p.getParentRef() != null
                        && Objects.equals(ours.getName(), p.getParentRef().getName())
                        && Objects.equals(ours.getNamespace(), p.getParentRef().getNamespace())
                        && Objects.equals(ours.getSectionName(), p.getParentRef().getSectionName()))
                .findFirst();
    }
}
