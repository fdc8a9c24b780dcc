package dev.iotlab.contract;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The simulator's settings and their reader. {@code intervalSeconds}, {@code seed} and {@code scenarioPath} are
 * null when unset: then the scenario file's own value applies (and {@link #DEFAULT_INTERVAL_SECONDS} when the
 * scenario has none). Tuning knobs beyond the documented ones exist for tests and benchmarks.
 */
public record SimulatorConfig(String mqttHost, int mqttPort, String mqttUsername, String mqttPassword,
                              String influxUrl, String influxToken, String influxOrg, String influxBucket,
                              String scenarioPath, Integer intervalSeconds, Long seed, int healthPort,
                              int bufferCapacity, int influxBatchSize, long influxFlushMillis,
                              long reconnectInitialMillis, long reconnectMaxMillis) {
    public static final int MIN_INTERVAL_SECONDS = 1;
    public static final int MAX_INTERVAL_SECONDS = 3600;
    /** Seconds between two readings when neither the environment nor the scenario says (the original's 5 s). */
    public static final int DEFAULT_INTERVAL_SECONDS = 5;
    public static final int DEFAULT_HEALTH_PORT = 8080;

    public static final Setting<String> SCENARIO = Setting.text("SIMULATOR_SCENARIO", null,
            "Path of a scenario file; unset: the built-in default scenario (the original six devices).");
    public static final Setting<Integer> INTERVAL_SECONDS = Setting.integer("SIMULATOR_INTERVAL_SECONDS",
            DEFAULT_INTERVAL_SECONDS, MIN_INTERVAL_SECONDS, MAX_INTERVAL_SECONDS,
            "Seconds between two readings of a device; unset: the scenario's interval_seconds, else the default.");
    public static final Setting<Long> SEED = Setting.wholeNumber("SIMULATOR_SEED",
            "Seed for reproducible readings; unset: the scenario's seed, else random.");
    public static final Setting<Integer> HEALTH_PORT = Setting.integer("HEALTH_PORT", DEFAULT_HEALTH_PORT, 0, 65535,
            "Port of /livez, /readyz and /metrics (0: any free port).");
    public static final Setting<Integer> BUFFER_SIZE = Setting.integer("SIMULATOR_BUFFER_SIZE", 100_000, 1,
            50_000_000, "Readings kept while the broker is unreachable (oldest dropped first).");
    public static final Setting<Integer> INFLUX_BATCH_SIZE = Setting.integer("INFLUXDB_BATCH_SIZE", 5_000, 1,
            100_000, "Points per InfluxDB write.");
    public static final Setting<Integer> INFLUX_FLUSH_MILLIS = Setting.integer("INFLUXDB_FLUSH_MILLIS", 1_000, 1,
            600_000, "Longest wait before a partial batch is written.");
    public static final Setting<Integer> RECONNECT_INITIAL_MILLIS = Setting.integer(
            "SIMULATOR_RECONNECT_INITIAL_MILLIS", 1_000, 1, 600_000, "First delay before reconnecting to the broker.");
    public static final Setting<Integer> RECONNECT_MAX_SECONDS = Setting.integer("SIMULATOR_RECONNECT_MAX_SECONDS",
            30, 1, 3600, "Longest delay between two reconnect attempts.");

    /** Every setting, in the order of the README. */
    public static final List<Setting<?>> ALL = List.of(
            ClientEnv.MQTT_BROKER, ClientEnv.MQTT_PORT, ClientEnv.MQTT_USERNAME, ClientEnv.MQTT_PASSWORD,
            ClientEnv.INFLUXDB_URL, ClientEnv.INFLUXDB_TOKEN, ClientEnv.INFLUXDB_ORG, ClientEnv.INFLUXDB_BUCKET,
            SCENARIO, INTERVAL_SECONDS, SEED, HEALTH_PORT, BUFFER_SIZE, INFLUX_BATCH_SIZE, INFLUX_FLUSH_MILLIS,
            RECONNECT_INITIAL_MILLIS, RECONNECT_MAX_SECONDS);

    /** Reads every setting; throws {@link BadSetting} naming the first unacceptable one. */
    public static SimulatorConfig read(Function<String, String> env) {
        return new SimulatorConfig(
                ClientEnv.MQTT_BROKER.read(env),
                ClientEnv.MQTT_PORT.read(env),
                ClientEnv.MQTT_USERNAME.read(env),
                ClientEnv.MQTT_PASSWORD.read(env),
                ClientEnv.INFLUXDB_URL.read(env),
                ClientEnv.INFLUXDB_TOKEN.read(env),
                ClientEnv.INFLUXDB_ORG.read(env),
                ClientEnv.INFLUXDB_BUCKET.read(env),
                SCENARIO.read(env),
                INTERVAL_SECONDS.find(env).orElse(null),
                SEED.read(env),
                HEALTH_PORT.read(env),
                BUFFER_SIZE.read(env),
                INFLUX_BATCH_SIZE.read(env),
                INFLUX_FLUSH_MILLIS.read(env),
                RECONNECT_INITIAL_MILLIS.read(env),
                RECONNECT_MAX_SECONDS.read(env) * 1000L);
    }

    public static SimulatorConfig fromEnv(Map<String, String> env) {
        return read(env::get);
    }

    public boolean influxEnabled() {
        return influxToken != null;
    }

    /** The interval in effect: the environment's, else the scenario's, else the default. */
    public int intervalSecondsOr(Integer scenarioInterval) {
        return intervalSeconds != null ? intervalSeconds
                : scenarioInterval != null ? scenarioInterval : DEFAULT_INTERVAL_SECONDS;
    }
}
