package dev.iotlab.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.AggregatedOperatorException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileErrorsTest {

    @Test
    void errorsAreDescribedInTheApiServersWordsAndInterruptionsAreNotTheLabsFault() {
        var refused = new KubernetesClientException(new StatusBuilder().withCode(422)
                .withMessage("PersistentVolumeClaim \"influxdb-data\" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than previous value").build());
        var agg = new AggregatedOperatorException("workflow", Map.of("volume-claims", refused));
        assertThat(ReconcileErrors.describe(agg)).isEqualTo("volume-claims: PersistentVolumeClaim \"influxdb-data\" is invalid: "
                + "spec.resources.requests.storage: Forbidden: field can not be less than previous value");
        assertThat(ReconcileErrors.describe(new IllegalStateException("outer", new IllegalArgumentException("root cause"))))
                .isEqualTo("root cause");
        assertThat(ReconcileErrors.interrupted(new RuntimeException(new InterruptedException()))).isTrue();
        assertThat(ReconcileErrors.interrupted(agg)).isFalse();
    }

    @Test
    void aConflictIsRetriedNotToldAndOtherRefusalsAre() {
        var conflict = new KubernetesClientException("the object has been modified", 409, null);
        assertThat(ReconcileErrors.conflict(new RuntimeException("apply failed", conflict))).isTrue();
        assertThat(ReconcileErrors.conflict(new KubernetesClientException("exceeded quota", 403, null))).isFalse();
        assertThat(ReconcileErrors.conflict(new IllegalStateException("boom"))).isFalse();
        assertThat(ReconcileErrors.conflict(new AggregatedOperatorException("workflow",
                Map.of("deployments", conflict, "services", conflict)))).as("every part a conflict").isTrue();
        assertThat(ReconcileErrors.conflict(new AggregatedOperatorException("workflow",
                Map.of("deployments", conflict, "services", new KubernetesClientException("quota", 403, null)))))
                .isFalse();
    }
}
