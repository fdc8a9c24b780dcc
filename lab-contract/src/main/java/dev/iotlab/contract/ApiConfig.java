package dev.iotlab.contract;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The lab API's settings and their reader, in the groups the API binds them in (one Micronaut prefix each:
 * {@code mqtt}, {@code influxdb}, {@code api}; PORT on its own). Each group is made from the raw texts of its
 * variables by its {@code of(...)}, the same code whether they come from an env map ({@link #read}) or from the
 * API's configuration binding. Refuses to go on without API_TOKEN unless API_AUTH_DISABLED=true: a lab API open to
 * everybody on the network was one of the original defects. Unset credentials read as "".
 */
public record ApiConfig(Service service, Mqtt mqtt, Influx influx, int port) {
    public static final int DEFAULT_PORT = 5000;
    public static final String NO_TOKEN = "API_TOKEN is not set. Set API_TOKEN to the lab's token (clients then send "
            + "'Authorization: Bearer <token>'), or set API_AUTH_DISABLED=true to run without authentication on a "
            + "trusted machine.";

    public static final Setting<Integer> PORT = Setting.integer("PORT", DEFAULT_PORT, 1, 65535,
            "HTTP port of the API.");
    public static final Setting<String> API_TOKEN = Setting.secret("API_TOKEN",
            "Bearer token every request must carry (except probes, metrics and docs).");
    public static final Setting<Boolean> AUTH_DISABLED = Setting.flag("API_AUTH_DISABLED", false,
            "true: every endpoint is open without a token (trusted machines only).");
    public static final Setting<String> DATA_DIR = Setting.text("API_DATA_DIR", null,
            "Directory of the device registry; unset: /data when writable, else a temporary directory.");
    public static final Setting<Integer> MAX_PAYLOAD_BYTES = Setting.integer("API_MAX_PAYLOAD_BYTES", 262_144, 1,
            16_777_216, "Largest MQTT payload the API publishes.");
    public static final Setting<Integer> MAX_QUERY_CHARS = Setting.integer("API_MAX_QUERY_CHARS", 16_384, 1,
            1_048_576, "Longest Flux query accepted.");
    public static final Setting<Integer> MAX_QUERY_ROWS = Setting.integer("API_MAX_QUERY_ROWS", 10_000, 1,
            10_000_000, "Most rows a query returns.");
    public static final Setting<Integer> MESSAGE_BUFFER_SIZE = Setting.integer("API_MESSAGE_BUFFER_SIZE", 1_000, 1,
            10_000_000, "Received MQTT messages kept for GET /mqtt/messages.");

    /** Every setting, in the order of the README. */
    public static final List<Setting<?>> ALL = List.of(
            ClientEnv.MQTT_BROKER, ClientEnv.MQTT_PORT, ClientEnv.MQTT_USERNAME, ClientEnv.MQTT_PASSWORD,
            ClientEnv.INFLUXDB_URL, ClientEnv.INFLUXDB_TOKEN, ClientEnv.INFLUXDB_ORG, ClientEnv.INFLUXDB_BUCKET,
            PORT, API_TOKEN, AUTH_DISABLED, DATA_DIR, MAX_PAYLOAD_BYTES, MAX_QUERY_CHARS, MAX_QUERY_ROWS,
            MESSAGE_BUFFER_SIZE);

    /** MQTT_BROKER, MQTT_PORT, MQTT_USERNAME, MQTT_PASSWORD. */
    public record Mqtt(String host, int port, String username, String password) {
        /** From the variables' raw texts (null or blank = unset). */
        public static Mqtt of(String broker, String port, String username, String password) {
            return new Mqtt(ClientEnv.MQTT_BROKER.value(broker), ClientEnv.MQTT_PORT.value(port),
                    orEmpty(ClientEnv.MQTT_USERNAME.value(username)), orEmpty(ClientEnv.MQTT_PASSWORD.value(password)));
        }

        /** host:port, as logs and messages name the broker. */
        public String address() {
            return host + ":" + port;
        }
    }

    /** INFLUXDB_URL, INFLUXDB_TOKEN, INFLUXDB_ORG, INFLUXDB_BUCKET. */
    public record Influx(String url, String token, String org, String bucket) {
        /** From the variables' raw texts (null or blank = unset). */
        public static Influx of(String url, String token, String org, String bucket) {
            return new Influx(ClientEnv.INFLUXDB_URL.value(url), orEmpty(ClientEnv.INFLUXDB_TOKEN.value(token)),
                    ClientEnv.INFLUXDB_ORG.value(org), ClientEnv.INFLUXDB_BUCKET.value(bucket));
        }
    }

    /** The API's own API_* settings. */
    public record Service(String token, boolean authDisabled, String dataDir, int maxPayloadBytes, int maxQueryChars,
                          int maxQueryRows, int messageBufferSize) {
        /** From the variables' raw texts (null or blank = unset); throws {@link #NO_TOKEN} without a token. */
        public static Service of(String token, String authDisabled, String dataDir, String maxPayloadBytes,
                                 String maxQueryChars, String maxQueryRows, String messageBufferSize) {
            String apiToken = orEmpty(API_TOKEN.value(token)).trim();
            boolean open = AUTH_DISABLED.value(authDisabled);
            if (apiToken.isEmpty() && !open) {
                throw new BadSetting(NO_TOKEN);
            }
            return new Service(apiToken, open, DATA_DIR.value(dataDir), MAX_PAYLOAD_BYTES.value(maxPayloadBytes),
                    MAX_QUERY_CHARS.value(maxQueryChars), MAX_QUERY_ROWS.value(maxQueryRows),
                    MESSAGE_BUFFER_SIZE.value(messageBufferSize));
        }
    }

    /** Reads every setting; throws {@link BadSetting} naming the first unacceptable one, or {@link #NO_TOKEN}. */
    public static ApiConfig read(Function<String, String> env) {
        return new ApiConfig(
                Service.of(raw(env, API_TOKEN), raw(env, AUTH_DISABLED), raw(env, DATA_DIR),
                        raw(env, MAX_PAYLOAD_BYTES), raw(env, MAX_QUERY_CHARS), raw(env, MAX_QUERY_ROWS),
                        raw(env, MESSAGE_BUFFER_SIZE)),
                Mqtt.of(raw(env, ClientEnv.MQTT_BROKER), raw(env, ClientEnv.MQTT_PORT),
                        raw(env, ClientEnv.MQTT_USERNAME), raw(env, ClientEnv.MQTT_PASSWORD)),
                Influx.of(raw(env, ClientEnv.INFLUXDB_URL), raw(env, ClientEnv.INFLUXDB_TOKEN),
                        raw(env, ClientEnv.INFLUXDB_ORG), raw(env, ClientEnv.INFLUXDB_BUCKET)),
                PORT.value(raw(env, PORT)));
    }

    public static ApiConfig fromEnv(Map<String, String> env) {
        return read(env::get);
    }

    // The whole read flat, as the operator's round-trip test compares it with what a lab asked for.
    public String mqttHost() { return mqtt.host(); }
    public int mqttPort() { return mqtt.port(); }
    public String mqttUsername() { return mqtt.username(); }
    public String mqttPassword() { return mqtt.password(); }
    public String influxUrl() { return influx.url(); }
    public String influxToken() { return influx.token(); }
    public String influxOrg() { return influx.org(); }
    public String influxBucket() { return influx.bucket(); }
    public String apiToken() { return service.token(); }
    public boolean authDisabled() { return service.authDisabled(); }
    public String dataDir() { return service.dataDir(); }

    private static String raw(Function<String, String> env, Setting<?> setting) {
        return env.apply(setting.name());
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
