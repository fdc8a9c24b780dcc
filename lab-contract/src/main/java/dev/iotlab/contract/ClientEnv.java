package dev.iotlab.contract;

import java.util.List;

/**
 * How the lab's own services (API, simulator, Node-RED flows) reach the broker and the database: the original
 * platform's variable names and defaults.
 */
public final class ClientEnv {
    public static final int DEFAULT_MQTT_PORT = 1883;

    public static final Setting<String> MQTT_BROKER = Setting.text("MQTT_BROKER", "localhost",
            "Host name of the MQTT broker.");
    public static final Setting<Integer> MQTT_PORT = Setting.integer("MQTT_PORT", DEFAULT_MQTT_PORT, 1, 65535,
            "TCP port of the MQTT broker.");
    public static final Setting<String> MQTT_USERNAME = Setting.secret("MQTT_USERNAME",
            "MQTT user name; unset: connect without credentials.");
    public static final Setting<String> MQTT_PASSWORD = Setting.secret("MQTT_PASSWORD", "MQTT password.");

    public static final Setting<String> INFLUXDB_URL = Setting.text("INFLUXDB_URL", "http://localhost:8086",
            "Base URL of InfluxDB 2.");
    public static final Setting<String> INFLUXDB_TOKEN = Setting.secret("INFLUXDB_TOKEN",
            "InfluxDB API token; unset: readings are not written to InfluxDB.");
    public static final Setting<String> INFLUXDB_ORG = Setting.text("INFLUXDB_ORG", "iot-org",
            "InfluxDB organisation.");
    public static final Setting<String> INFLUXDB_BUCKET = Setting.text("INFLUXDB_BUCKET", "iot-data",
            "InfluxDB bucket readings go to.");

    public static final List<Setting<?>> MQTT = List.of(MQTT_BROKER, MQTT_PORT, MQTT_USERNAME, MQTT_PASSWORD);
    public static final List<Setting<?>> INFLUXDB = List.of(INFLUXDB_URL, INFLUXDB_TOKEN, INFLUXDB_ORG,
            INFLUXDB_BUCKET);

    private ClientEnv() {
    }
}
