package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CredentialsDriftTest {
    static Optional<Secret> secret(String created) {
        Secret s = CredentialsSecret.generate(TestLabs.minimal());
        s.getMetadata().setCreationTimestamp(created);
        return Optional.of(s);
    }

    static Optional<PersistentVolumeClaim> data(String created) {
        PersistentVolumeClaim c = Components.INFLUXDB.volumeClaims(TestLabs.minimal()).get(0);
        c.getMetadata().setCreationTimestamp(created);
        return Optional.of(c);
    }

    @Test
    void aSecretMadeWithItsLabIsFine() {
        assertThat(CredentialsDrift.check(TestLabs.minimal(), secret("2026-11-26T10:00:01Z"), data("2026-11-26T10:00:00Z")))
                .isEmpty();
        assertThat(CredentialsDrift.check(TestLabs.minimal(), secret("2026-11-26T10:00:00Z"), data("2026-11-26T10:00:05Z")))
                .isEmpty();
    }

    @Test
    void aSecretGeneratedAgainLaterSaysWhatToDo() {
        assertThat(CredentialsDrift.check(TestLabs.minimal(), secret("2026-11-27T08:00:00Z"), data("2026-11-26T10:00:00Z")))
                .hasValueSatisfying(m -> assertThat(m).contains("lab-credentials was generated again")
                        .contains("delete PVC influxdb-data").contains("suspend and resume"));
    }

    @Test
    void withoutInfluxDbThereIsNothingToWarnAbout() {
        Lab noInflux = TestLabs.lab("student: {name: A}\ncomponents: {influxdb: {enabled: false}}");
        assertThat(CredentialsDrift.check(noInflux, secret("2026-11-27T08:00:00Z"), data("2026-11-26T10:00:00Z"))).isEmpty();
        assertThat(CredentialsDrift.check(TestLabs.minimal(), secret("2026-11-27T08:00:00Z"), Optional.empty())).isEmpty();
    }
}
