package dev.iotlab.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.stream.Collectors;

/**
 * What a failed reconcile was: an optimistic-lock conflict (retried, not told), an interruption (the operator is
 * stopping), or a refusal to describe in the API server's own words. Also inside JOSDK's aggregated workflow errors.
 */
final class ReconcileErrors {
    private ReconcileErrors() {
    }

    /** An optimistic-lock conflict (HTTP 409): someone wrote the object between our read and our write. */
    static boolean conflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException kce && kce.getCode() == 409) {
                return true;
            }
        }
        if (e instanceof AggregatedOperatorException agg) {
            return !agg.getAggregatedExceptions().isEmpty()
                    && agg.getAggregatedExceptions().values().stream().allMatch(ReconcileErrors::conflict);
        }
        return false;
    }

    static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException) {
                return true;
            }
        }
        if (e instanceof AggregatedOperatorException agg) {
            return agg.getAggregatedExceptions().values().stream().anyMatch(ReconcileErrors::interrupted);
        }
        return false;
    }

    /** The API server's own words when it refused something, without a stack trace. */
    static String describe(Throwable e) {
        if (e instanceof AggregatedOperatorException agg && !agg.getAggregatedExceptions().isEmpty()) {
            return agg.getAggregatedExceptions().entrySet().stream()
                    .map(entry -> entry.getKey() + ": " + describe(entry.getValue()))
                    .collect(Collectors.joining("; "));
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof KubernetesClientException kce && kce.getStatus() != null
                    && kce.getStatus().getMessage() != null) {
                return kce.getStatus().getMessage();
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
