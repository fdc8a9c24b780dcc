package dev.iotlab.simulator;

import java.util.Map;

/**
 * Settings from environment variables: the original platform's names plus SIMULATOR_*. Tuning knobs beyond
 * the documented ones exist for tests and benchmarks.
 */
public record Config(String mqttHost, int mqttPort, String mqttUsername, String mqttPassword,
                     String influxUrl, String influxToken, String influxOrg, String influxBucket,
                     String scenarioPath, Integer intervalSeconds, Long seed, int healthPort,
                     int bufferCapacity, int influxBatchSize, long influxFlushMillis,
                     long reconnectInitialMillis, long reconnectMaxMillis) {

    /** A setting that cannot be used; the message names the variable and what it accepts. */
    public static final class BadSetting extends RuntimeException {
        BadSetting(String message) {
            super(message);
        }
    }

    public static Config fromEnv(Map<String, String> env) {
        return new Config(
                text(env, "MQTT_BROKER", "localhost"),
                integer(env, "MQTT_PORT", 1883, 1, 65535),
                blankToNull(env.get("MQTT_USERNAME")),
                blankToNull(env.get("MQTT_PASSWORD")),
                text(env, "INFLUXDB_URL", "http://localhost:8086"),
                blankToNull(env.get("INFLUXDB_TOKEN")),
                text(env, "INFLUXDB_ORG", "iot-org"),
                text(env, "INFLUXDB_BUCKET", "iot-data"),
                blankToNull(env.get("SIMULATOR_SCENARIO")),
                blankToNull(env.get("SIMULATOR_INTERVAL_SECONDS")) == null ? null
                        : integer(env, "SIMULATOR_INTERVAL_SECONDS", 5, 1, 3600),
                seed(env),
                integer(env, "HEALTH_PORT", 8080, 0, 65535),
                integer(env, "SIMULATOR_BUFFER_SIZE", 100_000, 1, 50_000_000),
                integer(env, "INFLUXDB_BATCH_SIZE", 5_000, 1, 100_000),
                integer(env, "INFLUXDB_FLUSH_MILLIS", 1_000, 1, 600_000),
                integer(env, "SIMULATOR_RECONNECT_INITIAL_MILLIS", 1_000, 1, 600_000),
                integer(env, "SIMULATOR_RECONNECT_MAX_SECONDS", 30, 1, 3600) * 1000L);
    }

    public boolean influxEnabled() {
        return influxToken != null;
    }

    private static Long seed(Map<String, String> env) {
        String v = blankToNull(env.get("SIMULATOR_SEED"));
        if (v == null) {
            return null;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new BadSetting("SIMULATOR_SEED=" + v + " is not a whole number (64-bit)");
        }
    }

    private static String text(Map<String, String> env, String name, String fallback) {
        String v = blankToNull(env.get(name));
        return v == null ? fallback : v.trim();
    }

    private static int integer(Map<String, String> env, String name, int fallback, int min, int max) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min || i > max) {
                throw new BadSetting(name + "=" + v + " is out of range; use " + min + " to " + max);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new BadSetting(name + "=" + v + " is not a whole number; use " + min + " to " + max);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
