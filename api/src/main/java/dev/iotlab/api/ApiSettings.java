package dev.iotlab.api;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every setting of the API, read from the original environment variable names (see application.yml).
 * Refuses to start without API_TOKEN unless API_AUTH_DISABLED=true: a lab API open to everybody on the
 * network was one of the original defects.
 */
@Singleton
public class ApiSettings {
    private static final Logger LOG = LoggerFactory.getLogger(ApiSettings.class);
    static final String NO_TOKEN = "API_TOKEN is not set. Set API_TOKEN to the lab's token (clients then send "
            + "'Authorization: Bearer <token>'), or set API_AUTH_DISABLED=true to run without authentication on a "
            + "trusted machine.";

    private final String mqttHost;
    private final int mqttPort;
    private final String mqttUsername;
    private final String mqttPassword;
    private final String influxUrl;
    private final String influxToken;
    private final String influxOrg;
    private final String influxBucket;
    private final String apiToken;
    private final boolean authDisabled;
    private final Path dataDir;
    private final int maxPayloadBytes;
    private final int maxQueryChars;
    private final int maxQueryRows;
    private final int bufferSize;

    public ApiSettings(@Value("${iotlab.mqtt.broker}") String mqttHost,
                       @Value("${iotlab.mqtt.port}") int mqttPort,
                       @Value("${iotlab.mqtt.username:}") String mqttUsername,
                       @Value("${iotlab.mqtt.password:}") String mqttPassword,
                       @Value("${iotlab.influxdb.url}") String influxUrl,
                       @Value("${iotlab.influxdb.token:}") String influxToken,
                       @Value("${iotlab.influxdb.org}") String influxOrg,
                       @Value("${iotlab.influxdb.bucket}") String influxBucket,
                       @Value("${iotlab.api.token:}") String apiToken,
                       @Value("${iotlab.api.auth-disabled:false}") boolean authDisabled,
                       @Value("${iotlab.api.data-dir:}") String dataDir,
                       @Value("${iotlab.limits.max-payload-bytes:262144}") int maxPayloadBytes,
                       @Value("${iotlab.limits.max-query-chars:16384}") int maxQueryChars,
                       @Value("${iotlab.limits.max-query-rows:10000}") int maxQueryRows,
                       @Value("${iotlab.limits.message-buffer-size:1000}") int bufferSize) {
        this.mqttHost = mqttHost;
        this.mqttPort = mqttPort;
        this.mqttUsername = mqttUsername;
        this.mqttPassword = mqttPassword;
        this.influxUrl = influxUrl;
        this.influxToken = influxToken;
        this.influxOrg = influxOrg;
        this.influxBucket = influxBucket;
        this.apiToken = apiToken == null ? "" : apiToken.trim();
        this.authDisabled = authDisabled;
        this.maxPayloadBytes = maxPayloadBytes;
        this.maxQueryChars = maxQueryChars;
        this.maxQueryRows = maxQueryRows;
        this.bufferSize = bufferSize;
        if (this.apiToken.isEmpty() && !authDisabled) {
            throw new StartupRefusedException(NO_TOKEN);
        }
        if (authDisabled) {
            LOG.warn("API_AUTH_DISABLED=true: every endpoint is open without a token");
        }
        this.dataDir = resolveDataDir(dataDir);
    }

    /** API_DATA_DIR if set; else /data when writable (the operator mounts a volume there); else a temp dir. */
    private static Path resolveDataDir(String configured) {
        Path dir;
        if (configured != null && !configured.isBlank()) {
            dir = Path.of(configured);
        } else if (Files.isDirectory(Path.of("/data")) && Files.isWritable(Path.of("/data"))) {
            dir = Path.of("/data");
        } else {
            dir = Path.of(System.getProperty("java.io.tmpdir"), "iotlab-api");
            LOG.warn("API_DATA_DIR not set and /data is not writable: device registry kept in {} "
                    + "(lost when the machine is cleaned)", dir);
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StartupRefusedException("API_DATA_DIR " + dir + " cannot be created: " + e.getMessage());
        }
        if (!Files.isWritable(dir)) {
            throw new StartupRefusedException("API_DATA_DIR " + dir + " is not writable by this user; "
                    + "mount a writable volume or point API_DATA_DIR elsewhere.");
        }
        return dir;
    }

    public String mqttHost() { return mqttHost; }
    public int mqttPort() { return mqttPort; }
    public String mqttUsername() { return mqttUsername; }
    public String mqttPassword() { return mqttPassword; }
    public String mqttBroker() { return mqttHost + ":" + mqttPort; }
    public String influxUrl() { return influxUrl; }
    public String influxToken() { return influxToken; }
    public String influxOrg() { return influxOrg; }
    public String influxBucket() { return influxBucket; }
    public String apiToken() { return apiToken; }
    public boolean authDisabled() { return authDisabled; }
    public Path dataDir() { return dataDir; }
    public int maxPayloadBytes() { return maxPayloadBytes; }
    public int maxQueryChars() { return maxQueryChars; }
    public int maxQueryRows() { return maxQueryRows; }
    public int bufferSize() { return bufferSize; }
}
