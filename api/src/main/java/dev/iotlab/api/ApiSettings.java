package dev.iotlab.api;

import dev.iotlab.contract.ApiConfig;
import dev.iotlab.contract.BadSetting;
import io.micronaut.context.env.Environment;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every setting of the API, read through the shared contract ({@link ApiConfig}: names, defaults, ranges). A
 * variable such as {@code MQTT_BROKER} is looked up as the Micronaut property {@code mqtt.broker}, which Micronaut
 * fills from the environment variable (and tests or {@code -Dmqtt.broker=} can set directly). A refused setting
 * (e.g. no API_TOKEN) stops start-up with the contract's message.
 */
@Singleton
public class ApiSettings {
    private static final Logger LOG = LoggerFactory.getLogger(ApiSettings.class);

    private final ApiConfig config;
    private final Path dataDir;

    public ApiSettings(Environment environment) {
        try {
            this.config = ApiConfig.read(lookup(environment));
        } catch (BadSetting e) {
            throw new StartupRefusedException(e.getMessage());
        }
        if (config.authDisabled()) {
            LOG.warn("API_AUTH_DISABLED=true: every endpoint is open without a token");
        }
        this.dataDir = resolveDataDir(config.dataDir());
    }

    /** The Micronaut property that carries an environment variable: {@code API_DATA_DIR} is {@code api.data.dir}. */
    public static String property(String variable) {
        return variable.toLowerCase(Locale.ROOT).replace('_', '.');
    }

    /** How every API setting is looked up: the Micronaut property of the variable (see {@link #property}). */
    public static Function<String, String> lookup(Environment environment) {
        return variable -> environment.getProperty(property(variable), String.class).orElse(null);
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

    public String mqttHost() { return config.mqttHost(); }
    public int mqttPort() { return config.mqttPort(); }
    public String mqttUsername() { return config.mqttUsername(); }
    public String mqttPassword() { return config.mqttPassword(); }
    public String mqttBroker() { return config.mqttHost() + ":" + config.mqttPort(); }
    public String influxUrl() { return config.influxUrl(); }
    public String influxToken() { return config.influxToken(); }
    public String influxOrg() { return config.influxOrg(); }
    public String influxBucket() { return config.influxBucket(); }
    public String apiToken() { return config.apiToken(); }
    public boolean authDisabled() { return config.authDisabled(); }
    public Path dataDir() { return dataDir; }
    public int maxPayloadBytes() { return config.maxPayloadBytes(); }
    public int maxQueryChars() { return config.maxQueryChars(); }
    public int maxQueryRows() { return config.maxQueryRows(); }
    public int bufferSize() { return config.bufferSize(); }
}
