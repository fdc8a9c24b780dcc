package dev.iotlab.operator.model;

import dev.iotlab.operator.customresource.AccessSpec;
import dev.iotlab.operator.customresource.ComponentsSpec;
import dev.iotlab.operator.customresource.GatewayScheme;
import dev.iotlab.operator.customresource.GatewaySpec;
import dev.iotlab.operator.customresource.IngressSpec;
import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.IotLabSpec;
import dev.iotlab.operator.customresource.Profile;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;

/**
 * An IotLab with every default resolved: what the component models read. Pure: the same IotLab, settings and
 * clock give the same Lab.
 */
public record Lab(IotLab resource, OperatorSettings settings, Instant now) {
    public static final String NAMESPACE_PREFIX = "iotlab-";
    public static final String CREDENTIALS_SECRET = "lab-credentials";

    public Lab {
        if (resource.getSpec() == null) {
            throw new InvalidLabException("spec", "is missing; a lab needs at least spec.student.name");
        }
    }

    public String name() {
        return resource.getMetadata().getName();
    }

    public IotLabSpec spec() {
        return resource.getSpec();
    }

    public String namespace() {
        String ns = spec().getNamespace();
        return ns != null ? ns : NAMESPACE_PREFIX + name();
    }

    public String studentName() {
        return spec().getStudent() == null ? null : spec().getStudent().getName();
    }

    /** The student's name as a label value: lower case, letters, digits and '-' only, at most 63 characters. */
    public String studentLabel() {
        String raw = studentName() == null ? name() : studentName();
        String value = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (value.length() > 63) {
            value = value.substring(0, 63).replaceAll("-+$", "");
        }
        return value.isEmpty() ? name() : value;
    }

    public String course() {
        return spec().getCourse();
    }

    public Profile profile() {
        return spec().profileOrDefault();
    }

    public ComponentsSpec components() {
        return spec().componentsOrDefault();
    }

    public AccessSpec access() {
        return spec().accessOrDefault();
    }

    public Optional<IngressSpec> ingress() {
        return Optional.ofNullable(access().getIngress());
    }

    /**
     * The Gateway of a lab with spec.access.gateway, the operator's default gateway and domain filling what the spec
     * leaves out; throws {@link InvalidLabException} when neither names it.
     */
    public Optional<GatewayRef> gateway() {
        GatewaySpec spec = access().getGateway();
        if (spec == null) {
            return Optional.empty();
        }
        DefaultGateway defaults = settings.defaultGateway();
        boolean own = spec.getName() != null;
        if (own != (spec.getNamespace() != null)) {
            // Also a CEL rule of the CRD; repeated here for render.
            throw new InvalidLabException("spec.access.gateway", "give both name and namespace of the Gateway, or "
                    + "neither to use the operator's default gateway");
        }
        if (!own && !defaults.named()) {
            throw new InvalidLabException("spec.access.gateway.name",
                    "is not set and the operator has no default gateway; name the Gateway (name and namespace) or "
                            + "set the operator's iotlab.gateway.name and iotlab.gateway.namespace");
        }
        String host = spec.getHost();
        if (host == null) {
            if (defaults.domain() == null) {
                throw new InvalidLabException("spec.access.gateway.host",
                        "is not set and the operator has no gateway domain; give the student's host (e.g. "
                                + name() + ".labs.example.edu) or set the operator's iotlab.gateway.domain");
            }
            host = name() + "." + defaults.domain();
        }
        GatewayScheme scheme = spec.getScheme() != null ? spec.getScheme()
                : defaults.scheme() != null ? defaults.scheme() : GatewayScheme.HTTPS;
        return Optional.of(own
                ? new GatewayRef(spec.getName(), spec.getNamespace(), spec.getSectionName(), host, scheme)
                : new GatewayRef(defaults.name(), defaults.namespace(),
                        spec.getSectionName() != null ? spec.getSectionName() : defaults.sectionName(), host, scheme));
    }

    /** Where students reach the lab from outside: the Ingress host or the HTTPRoute's, if either. */
    public Optional<ExternalHost> externalHost() {
        return ingress().map(i -> new ExternalHost(i.getHost(), i.getTlsSecretName() != null))
                .or(() -> gateway().map(g -> new ExternalHost(g.host(), g.scheme() == GatewayScheme.HTTPS)));
    }

    public Optional<Instant> expiresAt() {
        String expiresAt = spec().getExpiresAt();
        if (expiresAt == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(expiresAt).toInstant());
        } catch (RuntimeException e) {
            throw new InvalidLabException("spec.expiresAt",
                    "\"" + expiresAt + "\" is not an RFC 3339 time like 2027-01-31T18:00:00Z");
        }
    }

    public boolean expired() {
        return expiresAt().map(at -> !now.isBefore(at)).orElse(false);
    }

    /** Workloads run with zero replicas when the lab is suspended or expired; data is kept. */
    public boolean scaledDown() {
        return spec().suspendRequested() || expired();
    }

    public String credentialsSecretName() {
        return CREDENTIALS_SECRET;
    }

    /** In-cluster DNS name of a component's Service. */
    public String serviceHost(String component) {
        return component + "." + namespace() + ".svc";
    }
}
