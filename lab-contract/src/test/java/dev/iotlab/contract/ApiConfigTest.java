package dev.iotlab.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiConfigTest {
    @Test
    void withoutATokenTheApiRefusesUnlessAuthIsDisabled() {
        assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of())).isInstanceOf(BadSetting.class)
                .hasMessageContaining("API_TOKEN is not set").hasMessageContaining("API_AUTH_DISABLED=true");
        assertThatThrownBy(() -> ApiConfig.fromEnv(Map.of("API_TOKEN", "   "))).isInstanceOf(BadSetting.class);
        ApiConfig open = ApiConfig.fromEnv(Map.of("API_AUTH_DISABLED", "true"));
        assertThat(open.authDisabled()).isTrue();
        assertThat(open.apiToken()).isEmpty();
    }

    @Test
    void defaultsAreTheOriginalPlatforms() {
        ApiConfig c = ApiConfig.fromEnv(Map.of("API_TOKEN", " t "));
        assertThat(c.apiToken()).isEqualTo("t");
        assertThat(c.port()).isEqualTo(5000);
        assertThat(c.mqttHost()).isEqualTo("localhost");
        assertThat(c.mqttUsername()).isEmpty();
        assertThat(c.influxToken()).isEmpty();
        assertThat(c.influxUrl()).isEqualTo("http://localhost:8086");
        assertThat(c.dataDir()).isNull();
        assertThat(c.maxPayloadBytes()).isEqualTo(262_144);
        assertThat(c.bufferSize()).isEqualTo(1_000);
    }
}
