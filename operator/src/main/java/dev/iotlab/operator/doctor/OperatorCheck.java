package dev.iotlab.operator.doctor;

import dev.iotlab.operator.doctor.ClusterDoctor.Check;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;

/** doctor's Operator line: a leader holds the operator's Lease and renewed it within the last minute. */
final class OperatorCheck {
    static final String NAME = "Operator";
    static final String LEASE = "iotlab-operator";
    static final Duration LEASE_FRESH = Duration.ofSeconds(60);

    private OperatorCheck() {
    }

    static Check check(KubernetesClient client, String operatorNamespace, Instant now) {
        String fix = "helm install iotlab charts/iotlab-operator -n " + operatorNamespace
                + " --create-namespace; if it is installed: kubectl -n " + operatorNamespace
                + " logs deploy/iotlab-operator";
        Lease lease = Lookups.orNull(() -> client.leases().inNamespace(operatorNamespace).withName(LEASE).get());
        String holder = lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
        if (holder == null || holder.isBlank()) {
            return Check.fail(NAME, "no leader: no Lease " + LEASE + " with a holder in " + operatorNamespace, fix);
        }
        Instant renewed = lease.getSpec().getRenewTime() == null ? null : lease.getSpec().getRenewTime().toInstant();
        if (renewed == null || Duration.between(renewed, now).compareTo(LEASE_FRESH) > 0) {
            return Check.fail(NAME, "Lease " + LEASE + " held by " + holder + " but not renewed "
                    + (renewed == null ? "ever" : "since " + renewed) + ": the operator is not running", fix);
        }
        long ago = Math.max(0, Duration.between(renewed, now).toSeconds());
        return Check.ok(NAME, "running, leader " + holder + " (renewed " + ago + " s ago)");
    }
}
