package dev.iotlab.operator.customresource;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Which ingress controller's recipe the lab's Ingress objects follow: prefix stripping and redirects are not part of
 * the Ingress API, so each controller needs its own annotations (nginx) or objects (Traefik Middlewares).
 */
public enum IngressFlavour {
    /** ingress-nginx: rewrite-target and permanent-redirect annotations. */
    @JsonProperty("nginx") NGINX("nginx"),
    /** Traefik v2/v3 (k3s's default): Middleware objects (traefik.io/v1alpha1) for stripPrefix and redirects. */
    @JsonProperty("traefik") TRAEFIK("traefik");

    private final String value;

    IngressFlavour(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The flavour whose usual IngressClass name this is (nginx, traefik). */
    public static Optional<IngressFlavour> ofClassName(String className) {
        return Arrays.stream(values()).filter(f -> f.value.equals(className)).findFirst();
    }

    public static List<String> supported() {
        return Arrays.stream(values()).map(IngressFlavour::value).toList();
    }
}
