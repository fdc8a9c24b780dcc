package dev.iotlab.simulator;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** Counters exposed on {@code GET /metrics} (Prometheus text format). */
public final class Metrics {
    final AtomicLong readings = new AtomicLong();
    final AtomicLong mqttPublished = new AtomicLong();
    final AtomicLong commands = new AtomicLong();
    final AtomicLong commandErrors = new AtomicLong();
    final AtomicLong influxWritten = new AtomicLong();
    final AtomicLong influxRejected = new AtomicLong();
    final AtomicLong influxRequests = new AtomicLong();
    final AtomicLong influxFailures = new AtomicLong();
    final AtomicLong mqttConnects = new AtomicLong();

    volatile IntSupplier devices = () -> 0;
    volatile IntSupplier mqttBuffered = () -> 0;
    volatile LongSupplier mqttDropped = () -> 0;
    volatile IntSupplier mqttConnected = () -> 0;
    volatile IntSupplier influxBuffered = () -> 0;
    volatile LongSupplier influxDropped = () -> 0;

    public long readings() {
        return readings.get();
    }

    public long mqttPublished() {
        return mqttPublished.get();
    }

    public long mqttDropped() {
        return mqttDropped.getAsLong();
    }

    public int mqttBuffered() {
        return mqttBuffered.getAsInt();
    }

    public long influxWritten() {
        return influxWritten.get();
    }

    public long influxDropped() {
        return influxDropped.getAsLong();
    }

    public long influxRejected() {
        return influxRejected.get();
    }

    public int influxBuffered() {
        return influxBuffered.getAsInt();
    }

    public long commandErrors() {
        return commandErrors.get();
    }

    public String prometheus() {
        StringBuilder sb = new StringBuilder(2048);
        gauge(sb, "iotlab_simulator_devices", "Devices in the scenario", devices.getAsInt());
        counter(sb, "iotlab_simulator_readings_total", "Readings produced", readings.get());
        gauge(sb, "iotlab_simulator_mqtt_connected", "1 when connected to the MQTT broker", mqttConnected.getAsInt());
        counter(sb, "iotlab_simulator_mqtt_connects_total", "Successful MQTT (re)connections", mqttConnects.get());
        counter(sb, "iotlab_simulator_mqtt_published_total", "MQTT messages handed to the broker connection", mqttPublished.get());
        gauge(sb, "iotlab_simulator_mqtt_buffered", "MQTT messages waiting for the broker", mqttBuffered.getAsInt());
        counter(sb, "iotlab_simulator_mqtt_dropped_total", "MQTT messages dropped because the buffer was full", mqttDropped.getAsLong());
        counter(sb, "iotlab_simulator_commands_total", "Commands received", commands.get());
        counter(sb, "iotlab_simulator_command_errors_total", "Commands answered on simulator/errors", commandErrors.get());
        counter(sb, "iotlab_simulator_influx_written_total", "Points accepted by InfluxDB", influxWritten.get());
        gauge(sb, "iotlab_simulator_influx_buffered", "Points waiting for InfluxDB", influxBuffered.getAsInt());
        counter(sb, "iotlab_simulator_influx_dropped_total", "Points dropped because the buffer was full", influxDropped.getAsLong());
        counter(sb, "iotlab_simulator_influx_rejected_total", "Points InfluxDB refused as invalid (HTTP 400/413/422)", influxRejected.get());
        counter(sb, "iotlab_simulator_influx_requests_total", "Write requests sent to InfluxDB", influxRequests.get());
        counter(sb, "iotlab_simulator_influx_failures_total", "Write requests that failed and were retried", influxFailures.get());
        return sb.toString();
    }

    private static void gauge(StringBuilder sb, String name, String help, long v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(v).append('\n');
    }

    private static void counter(StringBuilder sb, String name, String help, long v) {
        sb.append("# HELP ").append(name).append(' ').append(help).append("\n# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(v).append('\n');
    }
}
