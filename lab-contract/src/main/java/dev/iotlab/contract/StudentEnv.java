package dev.iotlab.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The keys of a student's {@code .env}: the original platform's names plus API_TOKEN and the WebSocket URL. The
 * handout prints them, the workshop reads them.
 */
public enum StudentEnv {
    MQTT_BROKER(true, true, "Broker host as seen from the student's computer."),
    MQTT_PORT(true, true, "Broker TCP port."),
    MQTT_USERNAME(true, true, "The student's MQTT user."),
    MQTT_PASSWORD(true, true, "The student's MQTT password."),
    MQTT_WS_URL(false, true, "MQTT over WebSocket (ws:// or wss://), when the lab has an ingress."),
    MQTT_TRANSPORT(false, false, "tcp (default) or websockets; set by the student."),
    MQTT_TLS_CA(false, false, "Path of a CA file, only for a self-signed certificate; set by the student."),
    INFLUXDB_URL(true, true, "InfluxDB 2 base URL."),
    INFLUXDB_TOKEN(true, true, "InfluxDB API token."),
    INFLUXDB_ORG(true, true, "InfluxDB organisation."),
    INFLUXDB_BUCKET(true, true, "InfluxDB bucket of the readings."),
    FLASK_API_URL(true, true, "Base URL of the lab REST API (the original name)."),
    API_TOKEN(true, true, "Bearer token of the lab REST API."),
    GRAFANA_URL(false, true, "Grafana."),
    GRAFANA_USER(false, true, "Grafana user."),
    GRAFANA_PASSWORD(false, true, "Grafana password."),
    NODE_RED_URL(false, true, "Node-RED editor."),
    NODE_RED_USERNAME(false, true, "Node-RED user."),
    NODE_RED_PASSWORD(false, true, "Node-RED password."),
    EMQX_DASHBOARD_URL(false, true, "EMQX dashboard, when the lab has an ingress.");

    private final boolean required;
    private final boolean fromHandout;
    private final String description;

    StudentEnv(boolean required, boolean fromHandout, String description) {
        this.required = required;
        this.fromHandout = fromHandout;
        this.description = description;
    }

    /** The workshop refuses to run a module that needs it while it is empty. */
    public boolean required() {
        return required;
    }

    /** The handout writes it (else the student adds it when needed). */
    public boolean fromHandout() {
        return fromHandout;
    }

    public String description() {
        return description;
    }

    /** {@code KEY=value}, a line of the .env file. */
    public String line(String value) {
        return name() + "=" + value;
    }

    Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name());
        out.put("required", required);
        out.put("fromHandout", fromHandout);
        out.put("description", description);
        return out;
    }
}
