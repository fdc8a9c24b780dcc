package dev.iotlab.operator.reconciler;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/** Kubernetes-style conditions whose lastTransitionTime only moves when the status really changes. */
public final class Conditions {
    public static final String READY = "Ready";
    public static final String RECONCILED = "Reconciled";
    public static final String SPEC_VALID = "SpecValid";
    /** Whether students can reach the lab from outside (Ingress applied, HTTPRoute accepted by its Gateway). */
    public static final String EXTERNAL_ACCESS = "ExternalAccess";

    private Conditions() {
    }

    public static Condition of(String type, boolean status, String reason, String message, Long generation,
                               List<Condition> previous, Instant now) {
        return of(type, status ? "True" : "False", reason, message, generation, previous, now);
    }

    /** With status "True", "False" or "Unknown". */
    public static Condition of(String type, String value, String reason, String message, Long generation,
                               List<Condition> previous, Instant now) {
        String transition = previous == null ? null : previous.stream()
                .filter(c -> type.equals(c.getType()) && value.equals(c.getStatus()))
                .map(Condition::getLastTransitionTime)
                .filter(Objects::nonNull)
                .findFirst().orElse(null);
        return new ConditionBuilder()
                .withType(type)
                .withStatus(value)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(transition != null ? transition : now.truncatedTo(ChronoUnit.SECONDS).toString())
                .build();
    }
}
