package dev.iotlab.operator.model;

import dev.iotlab.operator.customresource.InfluxDbSpec;
import dev.iotlab.operator.customresource.IotLabSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * What only the operator can check (the CRD schema and CEL rules refuse the rest at the API server). Errors stop
 * the lab with phase Failed; warnings leave it running, Degraded, with a message saying what to fix.
 */
public final class LabChecks {
    private LabChecks() {
    }

    /** Throws {@link InvalidLabException} for a spec the operator cannot honour at all. */
    public static void validate(Lab lab) {
        if (lab.studentName() == null || lab.studentName().isBlank()) {
            throw new InvalidLabException("spec.student.name", "is required, e.g. student: {name: \"Alice Example\"}");
        }
        String ns = lab.namespace();
        if (ns.length() > 63 || !ns.matches(IotLabSpec.DNS_LABEL)) {
            throw new InvalidLabException(lab.spec().getNamespace() != null ? "spec.namespace" : "metadata.name",
                    "gives namespace \"" + ns + "\", which is not a DNS label of at most 63 characters; "
                            + "use a shorter lab name or set spec.namespace");
        }
        if (List.of("default", "kube-system", "kube-public", "kube-node-lease").contains(ns) || ns.startsWith("kube-")) {
            // Also a CEL rule of the CRD; repeated here for render, which has no API server.
            throw new InvalidLabException("spec.namespace", "must not be a system namespace (default, kube-*); "
                    + "leave it unset to get iotlab-<name>");
        }
        lab.expiresAt();
        // Also a CEL rule of the CRD; repeated here for render.
        String retention = lab.components().influxdbOrDefault().retentionOrDefault();
        if (!InfluxDbSpec.keepsForever(retention)) {
            long seconds = InfluxDbSpec.retentionSeconds(retention);
            if (seconds < InfluxDbSpec.MIN_RETENTION_SECONDS) {
                throw retention(retention, "is too short", InfluxDbSpec.RETENTION_MESSAGE);
            }
            if (!InfluxDbSpec.wholeSeconds(retention)) {
                throw retention(retention, "is too precise", InfluxDbSpec.RETENTION_PRECISION_MESSAGE);
            }
            if (seconds > InfluxDbSpec.MAX_RETENTION_SECONDS) {
                throw retention(retention, "is too long", InfluxDbSpec.RETENTION_MAX_MESSAGE);
            }
        }
        SimulatorComponent.scenario(lab);
        if (lab.ingress().isPresent() && lab.access().getGateway() != null) {
            // Also a CEL rule of the CRD; repeated here for render.
            throw new InvalidLabException("spec.access", "choose ingress or gateway, not both; a lab is reached "
                    + "through one Ingress host or one HTTPRoute");
        }
        lab.ingress().ifPresent(LabIngress::flavour);
        lab.gateway();
    }

    /** Combinations that run but will not work as a student expects. */
    public static List<String> warnings(Lab lab) {
        List<String> warnings = new ArrayList<>();
        boolean emqx = Components.EMQX.enabled(lab);
        boolean influx = Components.INFLUXDB.enabled(lab);
        for (Component c : List.of(Components.API, Components.SIMULATOR, Components.NODE_RED)) {
            if (c.enabled(lab) && !emqx) {
                warnings.add(c.name() + " needs the MQTT broker: enable spec.components.emqx or disable "
                        + "spec.components." + c.specKey());
            }
        }
        for (Component c : List.of(Components.API, Components.GRAFANA)) {
            if (c.enabled(lab) && !influx) {
                warnings.add(c.name() + " needs InfluxDB: enable spec.components.influxdb or disable "
                        + "spec.components." + c.specKey());
            }
        }
        return warnings;
    }

    private static InvalidLabException retention(String retention, String what, String message) {
        return new InvalidLabException("spec.components.influxdb.retention",
                "\"" + retention + "\" " + what + ": " + message.substring(message.indexOf("must")));
    }
}
