package dev.iotlab.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.iotlab.api.support.EnvContext;
import dev.iotlab.contract.ApiConfig;
import dev.iotlab.contract.ClientEnv;
import dev.iotlab.contract.Setting;
import io.micronaut.context.ApplicationContext;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The API's settings as the running API binds them from its environment, against the shared contract. */
class ApiSettingsTest {

    @Test
    void everyVariableSetReachesTheApiAsTheContractReadsIt() {
        Map<String, String> env = EnvContext.minimal();
        env.putAll(Map.of("MQTT_USERNAME", "api-user", "MQTT_PASSWORD", " p w ",
                "INFLUXDB_URL", "http://127.0.0.1:9/influx", "INFLUXDB_TOKEN", "influx-secret",
                "INFLUXDB_ORG", "physics-dept", "INFLUXDB_BUCKET", "lab-7", "API_AUTH_DISABLED", "no",
                "API_MAX_PAYLOAD_BYTES", "1024", "API_MAX_QUERY_CHARS", " 77 ", "API_MAX_QUERY_ROWS", "5"));
        env.put("API_MESSAGE_BUFFER_SIZE", "3");
        ApiConfig contract = ApiConfig.fromEnv(env);
        // each value differs from its default, so a variable the binding missed shows here
        for (Setting<?> s : ApiConfig.ALL) {
            if (s != ApiConfig.PORT && s != ApiConfig.AUTH_DISABLED) {
                assertThat(s.defaultValue()).as(s.name()).isNotEqualTo(s.find(env::get));
            }
        }
        try (ApplicationContext api = EnvContext.start(env)) {
            ApiSettings settings = api.getBean(ApiSettings.class);
            assertThat(settings.mqtt()).isEqualTo(contract.mqtt());
            assertThat(settings.influx()).isEqualTo(contract.influx());
            assertThat(settings.service()).isEqualTo(contract.service());
            assertThat(settings.dataDir()).isEqualTo(Path.of(env.get("API_DATA_DIR")));
            assertThat(settings.mqtt().password()).isEqualTo(" p w ");
            assertThat(settings.service().maxQueryChars()).isEqualTo(77);
        }
    }

    @Test
    void anUnsetVariableGetsTheContractsDefault() {
        Map<String, String> env = EnvContext.minimal();
        env.remove("MQTT_BROKER");
        try (ApplicationContext api = EnvContext.start(env)) {
            ApiSettings settings = api.getBean(ApiSettings.class);
            assertThat(settings.mqtt().host()).isEqualTo(ClientEnv.MQTT_BROKER.defaultValue().orElseThrow());
            assertThat(settings.influx().url()).isEqualTo(ClientEnv.INFLUXDB_URL.defaultValue().orElseThrow());
            assertThat(settings.influx().org()).isEqualTo(ClientEnv.INFLUXDB_ORG.defaultValue().orElseThrow());
            assertThat(settings.influx().token()).isEmpty();
            assertThat(settings.mqtt().username()).isEmpty();
            assertThat(settings.service().authDisabled()).isFalse();
            ApiConfig.Service service = settings.service();
            assertThat(service.maxPayloadBytes()).isEqualTo(ApiConfig.MAX_PAYLOAD_BYTES.defaultValue().orElseThrow());
            assertThat(service.maxQueryChars()).isEqualTo(ApiConfig.MAX_QUERY_CHARS.defaultValue().orElseThrow());
            assertThat(service.maxQueryRows()).isEqualTo(ApiConfig.MAX_QUERY_ROWS.defaultValue().orElseThrow());
            assertThat(service.messageBufferSize())
                    .isEqualTo(ApiConfig.MESSAGE_BUFFER_SIZE.defaultValue().orElseThrow());
        }
    }

    @Test
    void aBlankVariableIsUnsetAsTheContractSays() {
        Map<String, String> env = EnvContext.minimal();
        env.put("API_MAX_QUERY_ROWS", " ");
        try (ApplicationContext api = EnvContext.start(env)) {
            assertThat(api.getBean(ApiSettings.class).service().maxQueryRows())
                    .isEqualTo(ApiConfig.MAX_QUERY_ROWS.defaultValue().orElseThrow());
        }
    }

    @Test
    void aPropertyOfTheSameNameBeatsTheEnvironment() {
        Map<String, String> env = EnvContext.minimal();
        env.put("API_DATA_DIR", "/nonexistent/not-used");
        Path dir = dev.iotlab.api.support.Lab.tempDir();
        System.setProperty("api.data-dir", dir.toString());
        try (ApplicationContext api = EnvContext.start(env)) {
            assertThat(api.getBean(ApiSettings.class).dataDir()).isEqualTo(dir);
        } finally {
            System.clearProperty("api.data-dir");
        }
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"API_MAX_QUERY_ROWS, 0", "API_MAX_QUERY_ROWS, many", "API_MAX_QUERY_CHARS, 1048577",
            "API_MAX_PAYLOAD_BYTES, -1", "API_MESSAGE_BUFFER_SIZE, 1e3", "MQTT_PORT, 70000",
            "API_AUTH_DISABLED, maybe"})
    void aBadValueRefusesStartUpWithTheContractsMessage(String variable, String value) {
        Setting<?> setting = ApiConfig.ALL.stream().filter(s -> s.name().equals(variable)).findFirst().orElseThrow();
        String contractSays = catchThrowable(() -> setting.parse(value)).getMessage();
        assertThat(contractSays).startsWith(variable + "=" + value + " ");

        Map<String, String> env = EnvContext.minimal();
        env.put(variable, value);
        assertThatThrownBy(() -> EnvContext.start(env).close()).rootCause()
                .isInstanceOf(StartupRefusedException.class).hasMessage(contractSays);
    }

    @Test
    void noTokenRefusesStartUpWithTheContractsMessage() {
        Map<String, String> env = EnvContext.minimal();
        env.remove("API_TOKEN");
        assertThatThrownBy(() -> EnvContext.start(env).close()).rootCause()
                .isInstanceOf(StartupRefusedException.class).hasMessage(ApiConfig.NO_TOKEN);
    }
}
