package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilterBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReference;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Gateway API access (standard channel, gateway.networking.k8s.io/v1): one HTTPRoute per lab in its namespace,
 * attached to the lab's Gateway, with the host's paths from the components' {@link WebRoute}s — URLRewrite
 * (ReplacePrefixMatch "/") where the app serves at "/", RequestRedirect for bare UI paths. Every field the CRD would
 * default is written out, so what the API server stores equals what the operator asks for and a resync changes
 * nothing.
 */
public final class LabHttpRoute {
    public static final String NAME = "lab";
    public static final String GATEWAY_GROUP = "gateway.networking.k8s.io";
    /** The CRD that Gateway API access needs; its absence means the cluster has no Gateway API. */
    public static final String CRD_NAME = "httproutes." + GATEWAY_GROUP;

    private LabHttpRoute() {
    }

    public static List<HTTPRoute> desired(Lab lab) {
        if (lab.gateway().isEmpty()) {
            return List.of();
        }
        GatewayRef gateway = lab.gateway().orElseThrow();
        List<HTTPRouteRule> rules = new ArrayList<>();
        for (WebRoute route : WebRoute.all(lab)) {
            rules.add(forward(route));
        }
        for (WebRoute route : WebRoute.all(lab)) {
            if (route.slashRedirect()) {
                rules.add(redirect(route));
            }
        }
        if (rules.isEmpty()) {
            return List.of();
        }
        return List.of(new HTTPRouteBuilder()
                .withMetadata(LabObjects.meta(lab, NAME, null))
                .withNewSpec()
                    .withParentRefs(parentRef(gateway))
                    .withHostnames(gateway.host())
                    .withRules(rules)
                .endSpec()
                .build());
    }

    public static ParentReference parentRef(GatewayRef gateway) {
        return new ParentReferenceBuilder()
                .withGroup(GATEWAY_GROUP)
                .withKind("Gateway")
                .withNamespace(gateway.namespace())
                .withName(gateway.name())
                .withSectionName(gateway.sectionName())
                .build();
    }

    private static HTTPRouteRule forward(WebRoute route) {
        HTTPRouteRuleBuilder rule = new HTTPRouteRuleBuilder()
                .addNewMatch().withNewPath().withType(route.exact() ? "Exact" : "PathPrefix").withValue(route.path())
                    .endPath().endMatch()
                .withBackendRefs(new HTTPBackendRefBuilder().withGroup("").withKind("Service")
                        .withName(route.service()).withPort(route.port()).withWeight(1).build());
        if (route.stripPrefix()) {
            rule.withFilters(new HTTPRouteFilterBuilder().withType("URLRewrite")
                    .withNewUrlRewrite().withNewPath().withType("ReplacePrefixMatch").withReplacePrefixMatch("/")
                        .endPath().endUrlRewrite()
                    .build());
        }
        return rule.build();
    }

    /** Exact matches win over prefixes, so only the bare path is redirected; the scheme and host are kept. */
    private static HTTPRouteRule redirect(WebRoute route) {
        return new HTTPRouteRuleBuilder()
                .addNewMatch().withNewPath().withType("Exact").withValue(route.path()).endPath().endMatch()
                .withFilters(new HTTPRouteFilterBuilder().withType("RequestRedirect")
                        .withNewRequestRedirect().withStatusCode(301)
                            .withNewPath().withType("ReplaceFullPath").withReplaceFullPath(route.withSlash()).endPath()
                        .endRequestRedirect()
                        .build())
                .build();
    }
}
