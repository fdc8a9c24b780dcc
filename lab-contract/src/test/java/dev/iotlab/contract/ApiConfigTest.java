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
        assertThat(c.service().maxPayloadBytes()).isEqualTo(262_144);
        assertThat(c.service().messageBufferSize()).isEqualTo(1_000);
    }

    @Test
    void eachGroupReadsItsRawTextsAsTheWholeReadDoes() {
        Map<String, String> env = Map.of("API_TOKEN", "t", "MQTT_BROKER", "emqx", "MQTT_PORT", "8883",
                "INFLUXDB_ORG", "physics", "API_MAX_QUERY_ROWS", "7");
        ApiConfig whole = ApiConfig.fromEnv(env);
        assertThat(ApiConfig.Mqtt.of("emqx", "8883", null, null)).isEqualTo(whole.mqtt());
        assertThat(ApiConfig.Influx.of(null, "", "physics", null)).isEqualTo(whole.influx());
        assertThat(ApiConfig.Service.of("t", null, null, null, null, "7", null)).isEqualTo(whole.service());
        assertThatThrownBy(() -> ApiConfig.Mqtt.of(null, "x", null, null)).isInstanceOf(BadSetting.class)
                .hasMessage("MQTT_PORT=x is not a whole number; use 1 to 65535");
    }
}
