package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Listener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a Gateway will take a lab's HTTPRoute, judged before any lab exists (for `doctor` and the docs' promise):
 * the Gateway is Programmed by its controller, and at least one of the listeners the route names (its sectionName,
 * or all) speaks HTTP(S), matches the student's host and allows HTTPRoutes from the lab namespaces — the default
 * {@code allowedRoutes.namespaces.from: Same} does not, and is the usual reason a route is refused. Pure.
 */
public final class GatewayReadiness {
    private GatewayReadiness() {
    }

    /**
     * What stands in the way, each with what to do; empty when the Gateway will take the route.
     *
     * @param ref             the lab's Gateway; a null host skips the listeners' hostname check (no lab yet)
     * @param namespaceLabels the labels of a lab namespace (every lab's carry {@link Labels#forLab})
     */
    public static List<String> problems(Gateway gateway, GatewayRef ref, Map<String, String> namespaceLabels) {
        List<String> problems = new ArrayList<>();
        String who = "Gateway " + ref.namespace() + "/" + ref.name();
        List<Condition> conditions = gateway.getStatus() == null || gateway.getStatus().getConditions() == null
                ? List.of() : gateway.getStatus().getConditions();
        conditions.stream().filter(c -> "Programmed".equals(c.getType())).findFirst().ifPresentOrElse(c -> {
            if (!"True".equals(c.getStatus())) {
                problems.add(who + " is not Programmed (" + c.getReason() + ": " + c.getMessage() + ")");
            }
        }, () -> problems.add(who + " has no Programmed condition: no controller has taken it; check that its "
                + "GatewayClass " + gateway.getSpec().getGatewayClassName() + " exists and its controller runs"));

        List<Listener> listeners = gateway.getSpec().getListeners() == null ? List.of()
                : gateway.getSpec().getListeners().stream()
                        .filter(l -> ref.sectionName() == null || ref.sectionName().equals(l.getName())).toList();
        if (listeners.isEmpty()) {
            problems.add(who + " has no listener " + (ref.sectionName() == null ? "" : ref.sectionName() + " ")
                    + "(listeners: " + gateway.getSpec().getListeners().stream().map(Listener::getName).toList()
                    + "); fix access.gateway.sectionName");
            return problems;
        }
        List<String> refusals = new ArrayList<>();
        for (Listener l : listeners) {
            refusal(l, ref.host(), namespaceLabels).ifPresent(why -> refusals.add("listener " + l.getName() + " " + why));
        }
        if (refusals.size() == listeners.size()) {
            problems.add(who + " will not take the lab's HTTPRoute: " + String.join("; ", refusals));
        }
        return problems;
    }

    private static java.util.Optional<String> refusal(Listener l, String host, Map<String, String> namespaceLabels) {
        if (!"HTTP".equals(l.getProtocol()) && !"HTTPS".equals(l.getProtocol())) {
            return java.util.Optional.of("speaks " + l.getProtocol() + ", not HTTP or HTTPS");
        }
        if (host != null && l.getHostname() != null && !hostMatches(l.getHostname(), host)) {
            return java.util.Optional.of("serves " + l.getHostname() + ", not " + host);
        }
        var allowed = l.getAllowedRoutes();
        if (allowed != null && allowed.getKinds() != null && !allowed.getKinds().isEmpty()
                && allowed.getKinds().stream().noneMatch(k -> "HTTPRoute".equals(k.getKind())
                        && (k.getGroup() == null || LabHttpRoute.GATEWAY_GROUP.equals(k.getGroup())))) {
            return java.util.Optional.of("does not allow HTTPRoutes (allowedRoutes.kinds)");
        }
        String from = allowed == null || allowed.getNamespaces() == null || allowed.getNamespaces().getFrom() == null
                ? "Same" : allowed.getNamespaces().getFrom();
        switch (from) {
            case "All":
                return java.util.Optional.empty();
            case "Selector":
                return selects(allowed.getNamespaces().getSelector(), namespaceLabels) ? java.util.Optional.empty()
                        : java.util.Optional.of("allows routes only from namespaces matching its selector, which "
                                + "the lab namespaces do not match; select " + Labels.MANAGED_BY + ": "
                                + Labels.MANAGED_BY_VALUE);
            default:
                return java.util.Optional.of("allows routes only from its own namespace (allowedRoutes.namespaces."
                        + "from: " + from + "); set from: All, or Selector on " + Labels.MANAGED_BY + ": "
                        + Labels.MANAGED_BY_VALUE);
        }
    }

    /** matchLabels only; a selector with matchExpressions is given the benefit of the doubt. */
    private static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
            return true;
        }
        Map<String, String> wanted = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        return wanted.entrySet().stream().allMatch(e -> Objects.equals(labels.get(e.getKey()), e.getValue()));
    }

    /** Gateway API hostname matching: exact, or "*.example.edu" for any host below example.edu. */
    static boolean hostMatches(String listener, String host) {
        if (listener.startsWith("*.")) {
            String suffix = listener.substring(1);
            return host.endsWith(suffix) && host.length() > suffix.length();
        }
        return listener.equals(host);
    }
}
