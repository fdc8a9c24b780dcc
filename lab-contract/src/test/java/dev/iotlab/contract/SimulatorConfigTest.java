package dev.iotlab.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SimulatorConfigTest {
    @Test
    void unsetIntervalLeavesTheScenarioInCharge() {
        SimulatorConfig c = SimulatorConfig.fromEnv(Map.of());
        assertThat(c.intervalSeconds()).isNull();
        assertThat(c.intervalSecondsOr(2)).isEqualTo(2);
        assertThat(c.intervalSecondsOr(null)).isEqualTo(SimulatorConfig.DEFAULT_INTERVAL_SECONDS);
        assertThat(SimulatorConfig.fromEnv(Map.of("SIMULATOR_INTERVAL_SECONDS", "7")).intervalSecondsOr(2))
                .isEqualTo(7);
    }

    @Test
    void defaultsAreTheOriginalPlatforms() {
        SimulatorConfig c = SimulatorConfig.fromEnv(Map.of());
        assertThat(c.mqttHost()).isEqualTo("localhost");
        assertThat(c.mqttPort()).isEqualTo(1883);
        assertThat(c.mqttUsername()).isNull();
        assertThat(c.influxEnabled()).isFalse();
        assertThat(c.influxOrg()).isEqualTo("iot-org");
        assertThat(c.influxBucket()).isEqualTo("iot-data");
        assertThat(c.healthPort()).isEqualTo(8080);
        assertThat(c.reconnectMaxMillis()).isEqualTo(30_000);
    }

    @Test
    void intervalOutsideTheRangeIsRefusedWithTheRange() {
        assertThatThrownBy(() -> SimulatorConfig.fromEnv(Map.of("SIMULATOR_INTERVAL_SECONDS", "3601")))
                .isInstanceOf(BadSetting.class).hasMessageContaining("use 1 to 3600");
    }
}
