package dev.iotlab.operator.reconciler;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.IotLabStatus;
import dev.iotlab.operator.model.InvalidLabException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a reconcile ends for the IotLab's status: patched only when it changed (a resync with nothing to do makes no
 * write request), with the Events the change tells — after a run, a refused spec, or an error.
 */
final class StatusWrites {
    private static final Logger LOG = LoggerFactory.getLogger(IotLabReconciler.class);

    private StatusWrites() {
    }

    /** The status, patched if it changed; looked at again after {@code reschedule} unless null. */
    static UpdateControl<IotLab> withStatus(IotLab resource, IotLabStatus status, Duration reschedule) {
        UpdateControl<IotLab> control;
        if (status.equals(resource.getStatus())) {
            control = UpdateControl.noUpdate();
        } else {
            resource.setStatus(status);
            control = UpdateControl.patchStatus(resource);
        }
        if (reschedule != null) {
            control.rescheduleAfter(reschedule);
        }
        return control;
    }

    /** Nothing is applied for a spec the operator cannot honour; the status says what to fix. */
    static UpdateControl<IotLab> refused(KubernetesClient client, IotLab resource, String namespace,
                                         InvalidLabException e, Instant now) {
        LOG.info("IotLab {} cannot be reconciled: {}", resource.getMetadata().getName(), e.getMessage());
        IotLabStatus status = StatusAggregator.invalid(resource, namespace, e.getMessage(), resource.getStatus(), now);
        LabEvents.record(client, resource, LabEvents.between(resource.getStatus(), status, List.of(), true, null), now);
        return withStatus(resource, status, null);
    }

    /** A reconcile that failed: Degraded with the API server's words, a Warning Event unless JOSDK retries at once. */
    static ErrorStatusUpdateControl<IotLab> failed(KubernetesClient client, IotLab resource, Exception e,
                                                   ReconcileMetrics metrics, Instant now) {
        if (ReconcileErrors.interrupted(e)) {
            // The operator is stopping; the next leader or start reconciles again. Not the lab's fault.
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        metrics.error();
        String problem = ReconcileErrors.describe(e);
        LOG.warn("IotLab {}: {}", resource.getMetadata().getName(), problem);
        IotLabStatus status = StatusAggregator.reconcileError(resource, problem, resource.getStatus(), now);
        if (status.equals(resource.getStatus())) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        if (!ReconcileErrors.conflict(e)) {
            // A conflict (the IotLab changed while it was reconciled) is retried at once by JOSDK: not a story for
            // the instructor, so no Warning Event for it.
            LabEvents.record(client, resource, LabEvents.between(resource.getStatus(), status, List.of(), true, null),
                    now);
        }
        resource.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(resource);
    }
}
