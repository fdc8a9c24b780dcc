package dev.iotlab.operator.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cluster-wide choices of the operator's installer: default images (pinned, never "latest"), which namespaces
 * host the ingress controller and the gateway's data plane (allowed through each lab's NetworkPolicy), and the
 * default Gateway for labs that ask for Gateway API access without naming one. Overridable through application.yml
 * or environment, e.g. IOTLAB_IMAGES_EMQX=registry.example.edu/emqx/emqx:5.8.6.
 */
public record OperatorSettings(Map<String, String> images, List<String> ingressNamespaces,
                               Map<String, Sizing> sizing, List<String> gatewayNamespaces,
                               DefaultGateway defaultGateway, TlsSettings tls) {

    public static final String PROJECT_VERSION = BuildInfo.version();

    /** Where our own images are published (release workflow); their tag is the project version. */
    public static final String OWN_IMAGE_REPOSITORY = "ghcr.io/iotlab-dev/";

    /** The components whose image we build and publish (the others are upstream images, pinned below). */
    public static final java.util.Set<String> OWN_IMAGES = java.util.Set.of("node-red", "api", "simulator");

    /** Upstream versions we test against; our own images follow the project version. */
    public static final Map<String, String> DEFAULT_IMAGES = defaultImages(PROJECT_VERSION);

    /**
     * The default image of every component for an operator built as {@code version}: upstream images pinned here, ours
     * tagged with that version. Upgrade tests simulate a newer operator with another version string.
     */
    public static Map<String, String> defaultImages(String version) {
        return Map.of(
                "emqx", "emqx/emqx:5.8.6",
                "influxdb", "influxdb:2.7.11",
                "node-red", OWN_IMAGE_REPOSITORY + "iotlab-node-red:" + version,
                "grafana", "grafana/grafana:11.6.1",
                "api", OWN_IMAGE_REPOSITORY + "iotlab-api:" + version,
                "simulator", OWN_IMAGE_REPOSITORY + "iotlab-simulator:" + version);
    }

    public static final List<String> DEFAULT_INGRESS_NAMESPACES = List.of("ingress-nginx", "kube-system");
    /**
     * Where Gateway controllers run their proxies when not in the Gateway's own namespace (which is always let in):
     * Envoy Gateway's default. Istio, Traefik, NGINX Gateway Fabric run them beside the Gateway.
     */
    public static final List<String> DEFAULT_GATEWAY_NAMESPACES = List.of("envoy-gateway-system");

    public OperatorSettings(Map<String, String> images, List<String> ingressNamespaces, Map<String, Sizing> sizing) {
        this(images, ingressNamespaces, sizing, null, null, null);
    }

    public OperatorSettings {
        Map<String, String> merged = new TreeMap<>(DEFAULT_IMAGES);
        if (images != null) {
            images.forEach((component, image) -> {
                if (image != null && !image.isBlank()) {
                    merged.put(component, image);
                }
            });
        }
        images = Map.copyOf(merged);
        ingressNamespaces = ingressNamespaces == null || ingressNamespaces.isEmpty()
                ? DEFAULT_INGRESS_NAMESPACES : List.copyOf(ingressNamespaces);
        sizing = sizing == null ? Map.of() : Map.copyOf(sizing);
        gatewayNamespaces = gatewayNamespaces == null ? DEFAULT_GATEWAY_NAMESPACES : List.copyOf(gatewayNamespaces);
        defaultGateway = defaultGateway == null ? DefaultGateway.NONE : defaultGateway;
        tls = tls == null ? TlsSettings.NONE : tls;
    }

    public OperatorSettings withGateway(DefaultGateway gateway, List<String> namespaces) {
        return new OperatorSettings(images, ingressNamespaces, sizing, namespaces, gateway, tls);
    }

    /** Where the labs' certificates come from (see {@link TlsSettings}). */
    public OperatorSettings withTls(TlsSettings tls) {
        return new OperatorSettings(images, ingressNamespaces, sizing, gatewayNamespaces, defaultGateway, tls);
    }

    public static OperatorSettings defaults() {
        return new OperatorSettings(Map.of(), List.of(), Map.of());
    }

    /**
     * Parses the installer's sizing overrides, keyed "profile.component" (e.g. "small.emqx"), each value
     * "cpuRequest/memoryRequest/cpuLimit/memoryLimit" (e.g. "100m/256Mi/500m/512Mi").
     */
    public static Map<String, Sizing> parseSizing(Map<String, String> raw) {
        Map<String, Sizing> result = new TreeMap<>();
        if (raw == null) {
            return result;
        }
        raw.forEach((key, value) -> {
            String[] parts = value == null ? new String[0] : value.trim().split("/");
            if (!key.matches("(small|standard)\\.[a-z-]+") || parts.length != 4) {
                throw new IllegalArgumentException("iotlab.sizing." + key + "=" + value + " is not like "
                        + "iotlab.sizing.small.emqx=100m/256Mi/500m/512Mi (profile.component = "
                        + "cpuRequest/memoryRequest/cpuLimit/memoryLimit)");
            }
            result.put(key, new Sizing(parts[0], parts[1], parts[2], parts[3]));
        });
        return result;
    }

    /** The installer's sizing of a component in a profile, if they set one. */
    public java.util.Optional<Sizing> sizing(String profile, String component) {
        return java.util.Optional.ofNullable(sizing.get(profile + "." + component));
    }

    public String image(String component) {
        String image = images.get(component);
        if (image == null) {
            throw new IllegalArgumentException("no default image for component " + component);
        }
        return image;
    }
}
