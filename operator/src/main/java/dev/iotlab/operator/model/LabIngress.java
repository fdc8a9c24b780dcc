package dev.iotlab.operator.model;

import dev.iotlab.operator.customresource.IngressFlavour;
import dev.iotlab.operator.customresource.IngressSpec;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One host per student, a path per UI (what the original's nginx did), from the components' {@link WebRoute}s.
 * Prefix stripping and redirects are not part of the Ingress API and apply per Ingress object, so the paths are
 * split by what is done to them: "lab" (forwarded as they are), "lab-rewrite" (prefix stripped) and the redirects of
 * bare UI paths to their trailing-slash form. ingress-nginx gets annotations (one redirect object per path, because
 * its permanent-redirect is one URL per object); Traefik gets {@link TraefikMiddlewares} named in annotations.
 */
public final class LabIngress {
    public static final String NAME = "lab";
    public static final String REWRITE_NAME = "lab-rewrite";
    public static final String REDIRECT_NAME = "lab-redirect";
    static final String TRAEFIK_MIDDLEWARES = "traefik.ingress.kubernetes.io/router.middlewares";
    static final String TRAEFIK_PRIORITY = "traefik.ingress.kubernetes.io/router.priority";

    private LabIngress() {
    }

    public static List<Ingress> desired(Lab lab) {
        if (lab.ingress().isEmpty()) {
            return List.of();
        }
        IngressSpec spec = lab.ingress().orElseThrow();
        IngressFlavour flavour = flavour(spec);
        List<WebRoute> routes = WebRoute.all(lab);
        List<Ingress> result = new ArrayList<>();
        Predicate<WebRoute> asIs = r -> !r.stripPrefix();
        Predicate<WebRoute> stripped = WebRoute::stripPrefix;
        if (flavour == IngressFlavour.NGINX) {
            // MQTT over WebSocket keeps long-lived connections open.
            add(result, lab, NAME, routes, asIs, LabIngress::path, Map.of(
                    "nginx.ingress.kubernetes.io/proxy-read-timeout", "3600",
                    "nginx.ingress.kubernetes.io/proxy-send-timeout", "3600"));
            add(result, lab, REWRITE_NAME, routes, stripped, r -> LabObjects.ingressPath(r.path() + "(/|$)(.*)",
                    "ImplementationSpecific", r.service(), r.port()), Map.of(
                    "nginx.ingress.kubernetes.io/use-regex", "true",
                    "nginx.ingress.kubernetes.io/rewrite-target", "/$2"));
            for (WebRoute r : routes) {
                if (r.slashRedirect()) {
                    add(result, lab, redirectName(r), List.of(r), x -> true, LabIngress::exact, Map.of(
                            "nginx.ingress.kubernetes.io/permanent-redirect",
                            IngressRoutes.external(lab, r.withSlash(), false)));
                }
            }
        } else {
            add(result, lab, NAME, routes, asIs, LabIngress::path, Map.of());
            add(result, lab, REWRITE_NAME, routes, stripped, LabIngress::path,
                    Map.of(TRAEFIK_MIDDLEWARES, TraefikMiddlewares.reference(lab, TraefikMiddlewares.STRIP_PREFIX)));
            // Traefik ranks routers by rule length, so Path(`/grafana`) would lose to PathPrefix(`/grafana`) of
            // "lab": the redirect router gets a priority above any rule length. It matches exact paths only.
            add(result, lab, REDIRECT_NAME, routes, WebRoute::slashRedirect, LabIngress::exact, Map.of(
                    TRAEFIK_MIDDLEWARES, TraefikMiddlewares.reference(lab, TraefikMiddlewares.SLASH_REDIRECT),
                    TRAEFIK_PRIORITY, "10000"));
        }
        // cert-manager makes one Certificate per annotated Ingress: only the first asks, the others share the Secret.
        String tlsSecret = lab.ingress().orElseThrow().getTlsSecretName();
        if (tlsSecret != null && !result.isEmpty()) {
            lab.settings().tls().certManagerAnnotation().ifPresent(a -> {
                var meta = result.get(0).getMetadata();
                Map<String, String> annotations = new java.util.TreeMap<>(meta.getAnnotations() == null ? Map.of()
                        : meta.getAnnotations());
                annotations.put(a.getKey(), a.getValue());
                meta.setAnnotations(annotations);
            });
        }
        return result;
    }

    /** The recipe for the lab's class; the CRD refuses a class without one, this repeats it for render. */
    public static IngressFlavour flavour(IngressSpec spec) {
        IngressFlavour flavour = spec.flavourOrDefault();
        if (flavour == null) {
            throw new InvalidLabException("spec.access.ingress.className", "\"" + spec.getClassName()
                    + "\" has no recipe in the operator; supported: " + String.join(", ", IngressFlavour.supported())
                    + ". If your IngressClass is one of those controllers under another name, set "
                    + "spec.access.ingress.flavour");
        }
        return flavour;
    }

    static String redirectName(WebRoute route) {
        return REDIRECT_NAME + route.path().replace('/', '-');
    }

    private static HTTPIngressPath path(WebRoute r) {
        return LabObjects.ingressPath(r.path(), r.exact() ? "Exact" : "Prefix", r.service(), r.port());
    }

    private static HTTPIngressPath exact(WebRoute r) {
        return LabObjects.ingressPath(r.path(), "Exact", r.service(), r.port());
    }

    private static void add(List<Ingress> result, Lab lab, String name, List<WebRoute> routes,
                            Predicate<WebRoute> which, Function<WebRoute, HTTPIngressPath> path,
                            Map<String, String> annotations) {
        List<HTTPIngressPath> paths = routes.stream().filter(which).map(path).toList();
        if (paths.isEmpty()) {
            return;
        }
        IngressSpec spec = lab.ingress().orElseThrow();
        IngressBuilder builder = new IngressBuilder().withMetadata(LabObjects.meta(lab, name, null));
        if (!annotations.isEmpty()) {
            builder.editMetadata().addToAnnotations(new java.util.TreeMap<>(annotations)).endMetadata();
        }
        builder.withNewSpec()
                .withIngressClassName(spec.getClassName())
                .addNewRule().withHost(spec.getHost()).withNewHttp().withPaths(paths).endHttp().endRule()
                .endSpec();
        if (spec.getTlsSecretName() != null) {
            builder.editSpec().addNewTl().withHosts(spec.getHost()).withSecretName(spec.getTlsSecretName()).endTl()
                    .endSpec();
        }
        result.add(builder.build());
    }
}
