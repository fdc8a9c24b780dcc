package dev.iotlab.operator.reconciler;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.IotLabStatus;
import dev.iotlab.operator.customresource.Phase;
import dev.iotlab.operator.dependent.LabContext;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events on an IotLab, so `kubectl describe iotlab alice` tells its story: phase changes, specs the
 * operator refuses, objects it had to repair, credentials it cannot bring back, what the API server refused.
 * API conventions: the reason is one CamelCase word, the message is for humans; the same reason and message again
 * raise the count of the one Event instead of making another; messages come from the status, which never holds a
 * secret value. Events are only written when something changed, so a resync with nothing to do writes none.
 *
 * <p>The IotLab is cluster-scoped, so its Events live in the "default" namespace, as client-go does for Nodes.
 */
public final class LabEvents {
    /** Where Events of cluster-scoped objects go (client-go's recorder uses the same). */
    public static final String NAMESPACE = "default";
    /** The component that reports the Events ("source" in kubectl describe). */
    public static final String COMPONENT = "iotlab-operator";
    /** What the charts' RBAC must grant for this class: create an Event, raise its count (get + patch). */
    public static final List<String> VERBS = List.of("create", "get", "patch");

    private static final Logger LOG = LoggerFactory.getLogger(LabEvents.class);

    /** One Event to record. */
    public record LabEvent(String type, String reason, String message) {
        public LabEvent {
            if (!reason.matches("[A-Z][A-Za-z]*")) {
                throw new IllegalArgumentException("Event reasons are CamelCase: " + reason);
            }
        }

        public static LabEvent normal(String reason, String message) {
            return new LabEvent("Normal", reason, message);
        }

        static LabEvent warning(String reason, String message) {
            return new LabEvent("Warning", reason, message);
        }
    }

    private LabEvents() {
    }

    /**
     * What happened between the previous status and the new one. Pure: the reconciler calls it with what it knows.
     *
     * @param changes objects the workflow created or updated in this reconciliation
     * @param specChanged whether the spec's generation moved since the last status (else an update is a repair)
     * @param credentialsProblem the credentials drift warning, if any
     */
    static List<LabEvent> between(IotLabStatus previous, IotLabStatus next, List<LabContext.Change> changes,
                                  boolean specChanged, String credentialsProblem) {
        List<LabEvent> events = new ArrayList<>();
        Phase before = previous == null ? null : previous.getPhase();
        String previousMessage = previous == null ? null : previous.getMessage();
        // Only once the lab was up: while it is still being provisioned, a later reconcile finishing the job is not
        // a repair.
        boolean wasUp = before == Phase.Ready || before == Phase.Degraded || before == Phase.Suspended
                || before == Phase.Expired;
        if (wasUp && !specChanged && !changes.isEmpty()) {
            events.add(LabEvent.normal("Repaired", "restored " + describe(changes)
                    + " to the lab's desired state (changed or deleted outside the operator)"));
        }
        if (credentialsProblem != null && (previousMessage == null || !previousMessage.contains(credentialsProblem))) {
            events.add(LabEvent.warning("CredentialsRegenerated", credentialsProblem));
        }
        if (next.getPhase() != before || !Objects.equals(next.getMessage(), previousMessage)) {
            Phase phase = next.getPhase();
            if (phase == Phase.Failed && reason(next).equals("InvalidSpec")) {
                events.add(LabEvent.warning("SpecRefused", next.getMessage()));
            } else if (reason(next).equals("ReconcileError")) {
                events.add(LabEvent.warning("ApplyFailed", next.getMessage()));
            } else if (next.getPhase() != before) {
                boolean bad = phase == Phase.Degraded || phase == Phase.Failed;
                String message = next.getMessage() == null ? "phase " + phase : next.getMessage();
                events.add(bad ? LabEvent.warning("Lab" + phase, message) : LabEvent.normal("Lab" + phase, message));
            }
        }
        return events;
    }

    /** The reason of the condition that explains the status: Reconciled=False, else SpecValid=False. */
    private static String reason(IotLabStatus status) {
        return status.getConditions().stream()
                .filter(c -> "False".equals(c.getStatus()))
                .filter(c -> Conditions.RECONCILED.equals(c.getType()) || Conditions.SPEC_VALID.equals(c.getType()))
                .map(c -> c.getReason() == null ? "" : c.getReason())
                .findFirst().orElse("");
    }

    private static String describe(List<LabContext.Change> changes) {
        List<String> names = changes.stream().map(LabContext.Change::toString).distinct().toList();
        return names.size() <= 5 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
    }

    /** Writes the Events; a failure to write one is logged, never fails the reconciliation. */
    static void record(KubernetesClient client, IotLab lab, List<LabEvent> events, Instant now) {
        for (LabEvent event : events) {
            try {
                write(client, lab, event, now);
            } catch (KubernetesClientException e) {
                LOG.warn("IotLab {}: could not record Event {}: {}", lab.getMetadata().getName(), event.reason(),
                        e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage());
            }
        }
    }

    /**
     * The IotLab's resourceVersion each Event was last written for. A reconcile whose status patch then fails (a
     * conflict) runs again on the same IotLab and would count its Event twice; the same Event for the same
     * resourceVersion is that repeat, not a new occurrence.
     */
    private static final java.util.Map<String, String> WRITTEN_FOR = new java.util.concurrent.ConcurrentHashMap<>();

    private static void write(KubernetesClient client, IotLab lab, LabEvent event, Instant now) {
        String name = name(lab, event);
        String version = lab.getMetadata().getResourceVersion();
        if (version != null && version.equals(WRITTEN_FOR.get(name))) {
            return;
        }
        if (WRITTEN_FOR.size() > 10_000) {
            WRITTEN_FOR.clear(); // a bound, not a cache that must be complete
        }
        String timestamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        var events = client.v1().events().inNamespace(NAMESPACE);
        Event existing = events.withName(name).get();
        if (existing != null) {
            int count = existing.getCount() == null ? 1 : existing.getCount();
            events.withName(name).edit(e -> {
                e.setCount(count + 1);
                e.setLastTimestamp(timestamp);
                return e;
            });
            if (version != null) {
                WRITTEN_FOR.put(name, version);
            }
            return;
        }
        String message = event.message().length() > 1024 ? event.message().substring(0, 1021) + "..." : event.message();
        events.resource(new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withNewInvolvedObject()
                    .withApiVersion(IotLab.API_VERSION)
                    .withKind("IotLab")
                    .withName(lab.getMetadata().getName())
                    .withUid(lab.getMetadata().getUid())
                    .withResourceVersion(lab.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(event.type())
                .withReason(event.reason())
                .withMessage(message)
                .withCount(1)
                .withFirstTimestamp(timestamp)
                .withLastTimestamp(timestamp)
                .withNewSource().withComponent(COMPONENT).endSource()
                .build()).create();
        if (version != null) {
            WRITTEN_FOR.put(name, version);
        }
    }

    /** One Event per lab, reason and message: the same again raises its count. */
    static String name(IotLab lab, LabEvent event) {
        String labName = lab.getMetadata().getName();
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update((lab.getMetadata().getUid() + "\n" + event.type() + "\n" + event.reason() + "\n"
                    + event.message()).getBytes(StandardCharsets.UTF_8));
            String prefix = labName.length() > 200 ? labName.substring(0, 200) : labName;
            return prefix + "." + HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
