package dev.iotlab.contract;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The lab API's settings and their reader. Refuses to go on without API_TOKEN unless API_AUTH_DISABLED=true: a lab
 * API open to everybody on the network was one of the original defects. Unset credentials read as "".
 */
public record ApiConfig(String mqttHost, int mqttPort, String mqttUsername, String mqttPassword,
                        String influxUrl, String influxToken, String influxOrg, String influxBucket,
                        int port, String apiToken, boolean authDisabled, String dataDir,
                        int maxPayloadBytes, int maxQueryChars, int maxQueryRows, int bufferSize) {
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

    /** Reads every setting; throws {@link BadSetting} naming the first unacceptable one, or {@link #NO_TOKEN}. */
    public static ApiConfig read(Function<String, String> env) {
        String token = Objects.requireNonNullElse(API_TOKEN.read(env), "").trim();
        boolean authDisabled = AUTH_DISABLED.read(env);
        if (token.isEmpty() && !authDisabled) {
            throw new BadSetting(NO_TOKEN);
        }
        return new ApiConfig(
                ClientEnv.MQTT_BROKER.read(env),
                ClientEnv.MQTT_PORT.read(env),
                orEmpty(ClientEnv.MQTT_USERNAME.read(env)),
                orEmpty(ClientEnv.MQTT_PASSWORD.read(env)),
                ClientEnv.INFLUXDB_URL.read(env),
                orEmpty(ClientEnv.INFLUXDB_TOKEN.read(env)),
                ClientEnv.INFLUXDB_ORG.read(env),
                ClientEnv.INFLUXDB_BUCKET.read(env),
                PORT.read(env),
                token,
                authDisabled,
                DATA_DIR.read(env),
                MAX_PAYLOAD_BYTES.read(env),
                MAX_QUERY_CHARS.read(env),
                MAX_QUERY_ROWS.read(env),
                MESSAGE_BUFFER_SIZE.read(env));
    }

    public static ApiConfig fromEnv(Map<String, String> env) {
        return read(env::get);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
