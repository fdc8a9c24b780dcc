package dev.iotlab.api.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlab.api.StartupRefusedException;
import dev.iotlab.api.support.EnvContext;
import dev.iotlab.contract.ProgressContract;
import io.micronaut.context.ApplicationContext;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The progress settings as the running API binds them from its environment, against the shared contract. */
class ProgressSettingsTest {

    @Test
    void everyVariableSetReachesTheApiAsTheContractReadsIt() {
        Map<String, String> env = EnvContext.minimal();
        env.putAll(Map.of("IOTLAB_PROGRESS_CONFIGMAP", " lab-progress ", "API_PROGRESS_INTERVAL_SECONDS", "3600",
                "GRAFANA_URL", "http://127.0.0.1:9/grafana/", "GRAFANA_USER", "teacher",
                "GRAFANA_PASSWORD", " pa ss "));
        try (ApplicationContext api = EnvContext.start(env)) {
            ProgressSettings settings = api.getBean(ProgressSettings.class);
            assertThat(settings.configMap()).isEqualTo(ProgressContract.CONFIG_MAP_SETTING.read(env::get))
                    .isEqualTo("lab-progress");
            assertThat(settings.interval())
                    .isEqualTo(Duration.ofSeconds(ProgressContract.INTERVAL_SECONDS.read(env::get)))
                    .isEqualTo(Duration.ofHours(1));
            assertThat(settings.grafanaUrl()).isEqualTo(ProgressContract.GRAFANA_URL.read(env::get));
            assertThat(settings.grafanaUser()).isEqualTo("teacher");
            assertThat(settings.grafanaPassword()).isEqualTo(" pa ss ");
        }
    }

    @Test
    void unsetVariablesGetTheContractsDefaults() {
        try (ApplicationContext api = EnvContext.start(EnvContext.minimal())) {
            ProgressSettings settings = api.getBean(ProgressSettings.class);
            assertThat(settings.configMap()).isNull();
            assertThat(settings.interval()).isEqualTo(
                    Duration.ofSeconds(ProgressContract.INTERVAL_SECONDS.defaultValue().orElseThrow()));
            assertThat(settings.grafanaUrl()).isNull();
            assertThat(settings.grafanaUser()).isEqualTo(ProgressContract.GRAFANA_USER.defaultValue().orElseThrow());
            assertThat(settings.grafanaPassword()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "3601", "half a minute"})
    void aBadIntervalRefusesStartUpWithTheContractsMessage(String value) {
        Map<String, String> env = EnvContext.minimal();
        env.put("API_PROGRESS_INTERVAL_SECONDS", value);
        assertThatThrownBy(() -> ProgressContract.INTERVAL_SECONDS.parse(value)).satisfies(expected ->
                assertThatThrownBy(() -> EnvContext.start(env).close()).rootCause()
                        .isInstanceOf(StartupRefusedException.class).hasMessage(expected.getMessage())
                        .hasMessageStartingWith("API_PROGRESS_INTERVAL_SECONDS=" + value + " "));
    }
}
