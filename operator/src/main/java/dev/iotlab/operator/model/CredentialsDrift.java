package dev.iotlab.operator.model;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Instant;
import java.util.Optional;

/**
 * Notices a credentials Secret generated again after InfluxDB was set up (someone deleted lab-credentials):
 * InfluxDB keeps the admin token of its first start, so the lab's services lose the database. The operator cannot
 * bring the old values back; it says so and what to do. A lab's Secret and InfluxDB volume are made in the same
 * reconcile, seconds apart ({@link OperatorSettings#credentialsDriftWindow()}); a Secret made later is a re-creation.
 */
public final class CredentialsDrift {
    private CredentialsDrift() {
    }

    public static Optional<String> check(Lab lab, Optional<Secret> secret, Optional<PersistentVolumeClaim> influxData) {
        if (!Components.INFLUXDB.enabled(lab) || secret.isEmpty() || influxData.isEmpty()) {
            return Optional.empty();
        }
        Instant secretCreated = created(secret.get().getMetadata().getCreationTimestamp());
        Instant dataCreated = created(influxData.get().getMetadata().getCreationTimestamp());
        if (secretCreated == null || dataCreated == null || !secretCreated.isAfter(dataCreated.plus(lab.settings().credentialsDriftWindow()))) {
            return Optional.empty();
        }
        return Optional.of(lab.credentialsSecretName() + " was generated again at " + secretCreated
                + ", after InfluxDB was set up at " + dataCreated + "; InfluxDB still accepts only the old token "
                + "(and EMQX's dashboard and Grafana keep their old admin passwords: they read them on their first "
                + "start only). Restore the old Secret from a backup, or delete PVC " + InfluxDbComponent.DATA_CLAIM
                + " (its readings are lost; also " + EmqxComponent.DATA_CLAIM + " and " + GrafanaComponent.DATA_CLAIM
                + " for the new admin passwords) and suspend and resume the lab so every component starts with the "
                + "new credentials");
    }

    private static Instant created(String timestamp) {
        return timestamp == null ? null : Instant.parse(timestamp);
    }
}
