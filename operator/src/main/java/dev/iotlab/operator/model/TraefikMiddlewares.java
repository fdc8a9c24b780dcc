package dev.iotlab.operator.model;

import dev.iotlab.operator.customresource.IngressFlavour;
import dev.iotlab.operator.traefik.Middleware;
import dev.iotlab.operator.traefik.MiddlewareSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Traefik's answer to ingress-nginx's annotations: a stripPrefix Middleware for the paths whose app serves at "/"
 * (API, EMQX dashboard) and a redirectRegex Middleware sending bare UI paths to their trailing-slash form. The lab's
 * Ingress objects name them in traefik.ingress.kubernetes.io/router.middlewares (see {@link LabIngress}).
 */
public final class TraefikMiddlewares {
    public static final String STRIP_PREFIX = "lab-strip-prefix";
    public static final String SLASH_REDIRECT = "lab-slash-redirect";

    private TraefikMiddlewares() {
    }

    public static List<Middleware> desired(Lab lab) {
        if (lab.ingress().isEmpty() || LabIngress.flavour(lab.ingress().get()) != IngressFlavour.TRAEFIK) {
            return List.of();
        }
        List<WebRoute> routes = WebRoute.all(lab);
        List<Middleware> result = new ArrayList<>();
        List<String> stripped = routes.stream().filter(WebRoute::stripPrefix).map(WebRoute::path).toList();
        if (!stripped.isEmpty()) {
            result.add(middleware(lab, STRIP_PREFIX, MiddlewareSpec.stripPrefix(stripped)));
        }
        List<String> bare = routes.stream().filter(WebRoute::slashRedirect).map(r -> r.path().substring(1)).toList();
        if (!bare.isEmpty()) {
            // Only the bare path itself (the redirect Ingress routes nothing else here), any scheme and host.
            String regex = "^(https?://[^/]+)/(" + String.join("|", bare.stream().map(TraefikMiddlewares::quote)
                    .toList()) + ")$";
            result.add(middleware(lab, SLASH_REDIRECT, MiddlewareSpec.redirectRegex(regex, "${1}/${2}/", true)));
        }
        return result;
    }

    /** How a Traefik router names a Middleware of the Kubernetes CRD provider: namespace-name@kubernetescrd. */
    public static String reference(Lab lab, String name) {
        return lab.namespace() + "-" + name + "@kubernetescrd";
    }

    private static Middleware middleware(Lab lab, String name, MiddlewareSpec spec) {
        Middleware m = new Middleware();
        m.setMetadata(LabObjects.meta(lab, name, null));
        m.setSpec(spec);
        return m;
    }

    /** Path segments are letters, digits and '-'; '-' is literal in a Go regexp outside brackets. */
    private static String quote(String segment) {
        if (!segment.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("path segment " + segment + " needs quoting in a Traefik regex");
        }
        return segment;
    }
}
