package dev.iotlab.simulator;

import dev.iotlab.contract.MqttTopics;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * One published observation of a device. Knows its MQTT topic, its JSON payload and its InfluxDB line.
 * {@code state}, {@code setpoint}, {@code power}, {@code brightness} are null where the type has none.
 */
public record Reading(String deviceId, DeviceType type, String location, long timestampMillis, double value,
                      String state, Double setpoint, Double power, Double brightness) {

    static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    public String topic() {
        return MqttTopics.sensor(type.wireName(), deviceId);
    }

    public String timestamp() {
        return ISO_MILLIS.format(Instant.ofEpochMilli(timestampMillis));
    }

    /** MQTT payload: {@code {value, unit, location, timestamp}} for measuring sensors, {@code value} 1/0 + state for on/off devices. */
    public String json() {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"value\":");
        Json.number(sb, value);
        if (type.unit() != null) {
            sb.append(",\"unit\":");
            Json.string(sb, type.unit());
        }
        if (state != null) {
            sb.append(",\"state\":");
            Json.string(sb, state);
        }
        return appendDetailsAndClose(sb);
    }

    /** The optional numbers, location and timestamp that end both the reading and the state payload. */
    private String appendDetailsAndClose(StringBuilder sb) {
        if (setpoint != null) {
            sb.append(",\"setpoint\":");
            Json.number(sb, setpoint);
        }
        if (brightness != null) {
            sb.append(",\"brightness\":");
            Json.number(sb, brightness);
        }
        if (power != null) {
            sb.append(",\"power\":");
            Json.number(sb, power);
        }
        sb.append(",\"location\":");
        Json.string(sb, location);
        sb.append(",\"timestamp\":");
        Json.string(sb, timestamp());
        return sb.append('}').toString();
    }

    /** {@code devices/{id}/state} payload, published when a command changed the device. */
    public String stateJson() {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"device_id\":");
        Json.string(sb, deviceId);
        sb.append(",\"device_type\":");
        Json.string(sb, type.wireName());
        sb.append(",\"state\":");
        Json.string(sb, state);
        sb.append(",\"value\":");
        Json.number(sb, value);
        return appendDetailsAndClose(sb);
    }

    /**
     * InfluxDB line protocol, millisecond precision: measurement = device type; tags device_id, device_type,
     * location; float fields only (value, and setpoint/power/brightness where present).
     */
    public String line() {
        StringBuilder sb = new StringBuilder(128);
        LineProtocol.measurement(sb, type.wireName());
        sb.append(",device_id=");
        LineProtocol.tag(sb, deviceId);
        sb.append(",device_type=");
        LineProtocol.tag(sb, type.wireName());
        sb.append(",location=");
        LineProtocol.tag(sb, location);
        sb.append(" value=");
        LineProtocol.floatField(sb, value);
        if (setpoint != null) {
            sb.append(",setpoint=");
            LineProtocol.floatField(sb, setpoint);
        }
        if (brightness != null) {
            sb.append(",brightness=");
            LineProtocol.floatField(sb, brightness);
        }
        if (power != null) {
            sb.append(",power=");
            LineProtocol.floatField(sb, power);
        }
        return sb.append(' ').append(timestampMillis).toString();
    }
}
