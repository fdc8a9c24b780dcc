package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import org.junit.jupiter.api.Test;

class CredentialsSecretTest {

    @Test
    void credentialsAreRandomAndDistinct() {
        Secret a = CredentialsSecret.generate(TestLabs.minimal());
        Secret b = CredentialsSecret.generate(TestLabs.minimal());
        assertThat(a.getStringData().get(CredentialsSecret.API_TOKEN)).hasSize(32)
                .isNotEqualTo(b.getStringData().get(CredentialsSecret.API_TOKEN));
        assertThat(a.getStringData().get(CredentialsSecret.MQTT_PASSWORD))
                .isNotEqualTo(a.getStringData().get(CredentialsSecret.MQTT_SERVICE_PASSWORD))
                .doesNotContain("admin", "public", "password");
        assertThat(a.getStringData().get(CredentialsSecret.EMQX_BOOTSTRAP_USERS))
                .startsWith("user_id,password,is_superuser\n")
                .contains("student," + a.getStringData().get(CredentialsSecret.MQTT_PASSWORD) + ",false");
    }
}
