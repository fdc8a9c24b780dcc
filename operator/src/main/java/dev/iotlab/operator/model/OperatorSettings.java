package dev.iotlab.operator.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cluster-wide choices of the operator's installer: images instead of the components' defaults, which namespaces
 * host the ingress controller and the gateway's data plane (allowed through each lab's NetworkPolicy), and the
 * default Gateway for labs that ask for Gateway API access without naming one. Overridable through application.yml
 * or environment, e.g. IOTLAB_IMAGES_EMQX=registry.example.edu/emqx/emqx:5.8.6.
 *
 * @param images                 the image of every component, by name: the components' defaults, where the installer
 *                               gave one, theirs
 * @param credentialsDriftWindow how much later than InfluxDB's volume a credentials Secret may be created and still
 *                               count as made by the same reconcile (see {@link CredentialsDrift})
 */
public record OperatorSettings(Map<String, String> images, List<String> ingressNamespaces,
                               Map<String, Sizing> sizing, List<String> gatewayNamespaces,
                               DefaultGateway defaultGateway, TlsSettings tls, Duration credentialsDriftWindow) {
    public static final Duration DEFAULT_CREDENTIALS_DRIFT_WINDOW = Duration.ofSeconds(30);

    public static final String PROJECT_VERSION = BuildInfo.version();

    /** Where our own images are published (release workflow); their tag is the project version. */
    public static final String OWN_IMAGE_REPOSITORY = "ghcr.io/iotlab-dev/";

    /** The components whose image we build and publish (the others run pinned upstream images). */
    public static final java.util.Set<String> OWN_IMAGES = Components.ALL.stream().filter(Component::ownImage)
            .map(Component::name).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Every component's default image (each component owns its own; this is only their list). */
    public static final Map<String, String> DEFAULT_IMAGES = defaultImages(PROJECT_VERSION);

    /**
     * The default image of every component for an operator built as {@code version}: upstream images pinned by their
     * component, ours tagged with that version. Upgrade tests simulate a newer operator with another version string.
     */
    public static Map<String, String> defaultImages(String version) {
        return Components.ALL.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(Component::name,
                c -> c.defaultImage(version)));
    }

    public static final List<String> DEFAULT_INGRESS_NAMESPACES = List.of("ingress-nginx", "kube-system");
    /**
     * Where Gateway controllers run their proxies when not in the Gateway's own namespace (which is always let in):
     * Envoy Gateway's default. Istio, Traefik, NGINX Gateway Fabric run them beside the Gateway.
     */
    public static final List<String> DEFAULT_GATEWAY_NAMESPACES = List.of("envoy-gateway-system");

    public OperatorSettings(Map<String, String> images, List<String> ingressNamespaces, Map<String, Sizing> sizing) {
        this(images, ingressNamespaces, sizing, null, null, null, null);
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
        credentialsDriftWindow = credentialsDriftWindow == null ? DEFAULT_CREDENTIALS_DRIFT_WINDOW
                : credentialsDriftWindow;
    }

    public OperatorSettings withGateway(DefaultGateway gateway, List<String> namespaces) {
        return new OperatorSettings(images, ingressNamespaces, sizing, namespaces, gateway, tls, credentialsDriftWindow);
    }

    /** Where the labs' certificates come from (see {@link TlsSettings}). */
    public OperatorSettings withTls(TlsSettings tls) {
        return new OperatorSettings(images, ingressNamespaces, sizing, gatewayNamespaces, defaultGateway, tls,
                credentialsDriftWindow);
    }

    public OperatorSettings withCredentialsDriftWindow(Duration window) {
        return new OperatorSettings(images, ingressNamespaces, sizing, gatewayNamespaces, defaultGateway, tls, window);
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

    /** The image a component runs unless a lab overrides it: the installer's, else the component's default. */
    public String image(String component) {
        String image = images.get(component);
        if (image == null) {
            throw new IllegalArgumentException("no component named " + component);
        }
        return image;
    }
}
