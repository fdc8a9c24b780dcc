package dev.iotlab.api;

import dev.iotlab.contract.ApiConfig;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every setting of the API. Micronaut binds each prefix's variables ({@code MQTT_BROKER} is {@code mqtt.broker},
 * {@code API_MAX_QUERY_ROWS} is {@code api.max-query-rows}) into the records below as the raw text it was given;
 * the shared contract ({@link ApiConfig}: names, defaults, ranges, parse) turns each group into values, the same
 * code its {@link ApiConfig#read} (and so the operator's round-trip test) runs. Micronaut's own conversion is not
 * used: it would parse a second way and answer a bad value with another message. Created at start-up, so a refused
 * setting (e.g. no API_TOKEN, API_MAX_QUERY_ROWS=0) stops start-up with the contract's message.
 */
@Context
public class ApiSettings {
    private static final Logger LOG = LoggerFactory.getLogger(ApiSettings.class);

    /** MQTT_BROKER, MQTT_PORT, MQTT_USERNAME, MQTT_PASSWORD as given. */
    @ConfigurationProperties("mqtt")
    public record MqttProperties(@Nullable String broker, @Nullable String port, @Nullable String username,
                                 @Nullable String password) {
    }

    /** INFLUXDB_URL, INFLUXDB_TOKEN, INFLUXDB_ORG, INFLUXDB_BUCKET as given. */
    @ConfigurationProperties("influxdb")
    public record InfluxdbProperties(@Nullable String url, @Nullable String token, @Nullable String org,
                                     @Nullable String bucket) {
    }

    /** API_TOKEN, API_AUTH_DISABLED, API_DATA_DIR, API_MAX_*, API_MESSAGE_BUFFER_SIZE as given. */
    @ConfigurationProperties("api")
    public record ApiProperties(@Nullable String token, @Nullable String authDisabled, @Nullable String dataDir,
                                @Nullable String maxPayloadBytes, @Nullable String maxQueryChars,
                                @Nullable String maxQueryRows, @Nullable String messageBufferSize) {
    }

    private final ApiConfig.Service service;
    private final ApiConfig.Mqtt mqtt;
    private final ApiConfig.Influx influx;
    private final Path dataDir;

    public ApiSettings(ApiProperties api, MqttProperties mqtt, InfluxdbProperties influxdb) {
        this.service = StartupRefusedException.unlessValid(() -> ApiConfig.Service.of(api.token(),
                api.authDisabled(), api.dataDir(), api.maxPayloadBytes(), api.maxQueryChars(), api.maxQueryRows(),
                api.messageBufferSize()));
        this.mqtt = StartupRefusedException.unlessValid(() -> ApiConfig.Mqtt.of(mqtt.broker(), mqtt.port(),
                mqtt.username(), mqtt.password()));
        this.influx = StartupRefusedException.unlessValid(() -> ApiConfig.Influx.of(influxdb.url(),
                influxdb.token(), influxdb.org(), influxdb.bucket()));
        if (service.authDisabled()) {
            LOG.warn("API_AUTH_DISABLED=true: every endpoint is open without a token");
        }
        this.dataDir = resolveDataDir(service.dataDir());
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

    /** The broker and the API's login there (MQTT_*). */
    public ApiConfig.Mqtt mqtt() {
        return mqtt;
    }

    /** The database and the API's token there (INFLUXDB_*). */
    public ApiConfig.Influx influx() {
        return influx;
    }

    /** The API's own settings (API_*): token, limits, buffer. */
    public ApiConfig.Service service() {
        return service;
    }

    /** Where the device registry is kept: API_DATA_DIR as resolved at start-up. */
    public Path dataDir() {
        return dataDir;
    }
}
