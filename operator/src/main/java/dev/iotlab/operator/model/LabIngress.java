package dev.iotlab.operator.model;

import dev.iotlab.operator.customresource.IngressSpec;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * One host per student, a path per UI (what the original's nginx did). Two Ingress objects because the
 * prefix-stripping rewrite of ingress-nginx applies per object: Grafana, Node-RED and MQTT-over-WebSocket know their
 * sub-path; the API and the EMQX dashboard only serve at "/" and get their prefix stripped.
 */
public final class LabIngress {
    public static final String NAME = "lab";
    public static final String REWRITE_NAME = "lab-rewrite";

    private LabIngress() {
    }

    public static List<Ingress> desired(Lab lab) {
        if (lab.ingress().isEmpty()) {
            return List.of();
        }
        List<Ingress> result = new ArrayList<>();
        ingress(lab, NAME, Component::ingressPaths, false).ifPresent(result::add);
        ingress(lab, REWRITE_NAME, Component::rewrittenIngressPaths, true).ifPresent(result::add);
        return result;
    }

    private static java.util.Optional<Ingress> ingress(Lab lab, String name,
            BiFunction<Component, Lab, List<HTTPIngressPath>> paths, boolean rewrite) {
        IngressSpec spec = lab.ingress().orElseThrow();
        List<HTTPIngressPath> all = Components.enabled(lab).stream().flatMap(c -> paths.apply(c, lab).stream())
                .toList();
        if (all.isEmpty()) {
            return java.util.Optional.empty();
        }
        IngressBuilder builder = new IngressBuilder().withMetadata(LabObjects.meta(lab, name, null));
        if (rewrite) {
            builder.editMetadata()
                    .addToAnnotations("nginx.ingress.kubernetes.io/use-regex", "true")
                    .addToAnnotations("nginx.ingress.kubernetes.io/rewrite-target", "/$2")
                    .endMetadata();
        } else {
            // MQTT over WebSocket keeps long-lived connections open.
            builder.editMetadata()
                    .addToAnnotations("nginx.ingress.kubernetes.io/proxy-read-timeout", "3600")
                    .addToAnnotations("nginx.ingress.kubernetes.io/proxy-send-timeout", "3600")
                    .endMetadata();
        }
        builder.withNewSpec()
                .withIngressClassName(spec.getClassName())
                .addNewRule().withHost(spec.getHost()).withNewHttp().withPaths(all).endHttp().endRule()
                .endSpec();
        if (spec.getTlsSecretName() != null) {
            builder.editSpec().addNewTl().withHosts(spec.getHost()).withSecretName(spec.getTlsSecretName()).endTl()
                    .endSpec();
        }
        return java.util.Optional.of(builder.build());
    }
}
