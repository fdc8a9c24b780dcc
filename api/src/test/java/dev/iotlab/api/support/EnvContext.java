package dev.iotlab.api.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.MapPropertySource;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the API's beans (no HTTP server) with settings given as environment variables, mapped to properties the
 * way Micronaut maps the process's real environment ({@code API_MAX_QUERY_ROWS} is also {@code api.max-query-rows}).
 */
public final class EnvContext {
    private EnvContext() {
    }

    public static ApplicationContext start(Map<String, String> env) {
        Map<String, Object> variables = new HashMap<>(env);
        return ApplicationContext.builder()
                .propertySources(new MapPropertySource("test-env", variables) {
                    @Override
                    public int getOrder() {
                        return EnvironmentPropertySource.POSITION;
                    }

                    @Override
                    public PropertyConvention getConvention() {
                        return PropertyConvention.ENVIRONMENT_VARIABLE;
                    }
                })
                // nothing answers here; the MQTT client and the progress ConfigMap only try in the background
                .properties(Map.of("iotlab.progress.kubernetes.master-url", "http://127.0.0.1:9"))
                .start();
    }

    /** The least a lab API starts with: a token, a data directory and an MQTT port where nothing listens. */
    public static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("API_TOKEN", "env-token-42");
        env.put("API_DATA_DIR", Lab.tempDir().toString());
        env.put("MQTT_BROKER", "127.0.0.1");
        env.put("MQTT_PORT", String.valueOf(Broker.freePort()));
        return env;
    }
}
