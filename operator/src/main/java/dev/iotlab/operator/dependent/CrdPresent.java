package dev.iotlab.operator.dependent;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.dependent.workflow.CRDPresentActivationCondition;
import java.time.Duration;
import java.time.LocalDateTime;

/**
 * Activation condition of the dependents whose kinds come from CRDs the cluster may not have (Gateway API's
 * HTTPRoute, Traefik's Middleware): while the CRD is missing the dependent is not reconciled and its informer is not
 * started, so there is no crash and no retrying watch. JOSDK's condition caches the answer per CRD for all labs
 * (one GET per CRD and interval, however many labs) but gives up after ten checks; this one keeps checking at
 * {@link #recheckInterval()} — in both directions, so CRDs installed or removed later are noticed without a restart.
 */
public class CrdPresent<R extends HasMetadata, P extends HasMetadata> extends CRDPresentActivationCondition<R, P> {
    public static final Duration DEFAULT_RECHECK = Duration.ofSeconds(60);
    private static volatile Duration recheck = DEFAULT_RECHECK;

    /** How often a CRD's presence is looked up again; the operator's iotlab.crd-recheck-interval. */
    public static void recheckEvery(Duration interval) {
        recheck = interval;
    }

    public static Duration recheckInterval() {
        return recheck;
    }

    @Override
    protected boolean shouldCheckStateNow(CRDCheckState state) {
        return state.isCrdPresent() == null || state.getLastChecked() == null
                || LocalDateTime.now().isAfter(state.getLastChecked().plus(recheck));
    }
}
