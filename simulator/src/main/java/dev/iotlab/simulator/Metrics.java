package dev.iotlab.simulator;

import dev.iotlab.contract.MqttTopics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/** Counters exposed on {@code GET /metrics}, through Micrometer's Prometheus registry (as the API and operator). */
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

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    Metrics() {
        gauge("iotlab.simulator.devices", "Devices in the scenario", m -> m.devices.getAsInt());
        counter("iotlab.simulator.readings", "Readings produced", readings);
        gauge("iotlab.simulator.mqtt.connected", "1 when connected to the MQTT broker", m -> m.mqttConnected.getAsInt());
        counter("iotlab.simulator.mqtt.connects", "Successful MQTT (re)connections", mqttConnects);
        counter("iotlab.simulator.mqtt.published", "MQTT messages handed to the broker connection", mqttPublished);
        gauge("iotlab.simulator.mqtt.buffered", "MQTT messages waiting for the broker", m -> m.mqttBuffered.getAsInt());
        functionCounter("iotlab.simulator.mqtt.dropped", "MQTT messages dropped because the buffer was full",
                m -> m.mqttDropped.getAsLong());
        counter("iotlab.simulator.commands", "Commands received", commands);
        counter("iotlab.simulator.command.errors", "Commands answered on " + MqttTopics.SIMULATOR_ERRORS, commandErrors);
        counter("iotlab.simulator.influx.written", "Points accepted by InfluxDB", influxWritten);
        gauge("iotlab.simulator.influx.buffered", "Points waiting for InfluxDB", m -> m.influxBuffered.getAsInt());
        functionCounter("iotlab.simulator.influx.dropped", "Points dropped because the buffer was full",
                m -> m.influxDropped.getAsLong());
        counter("iotlab.simulator.influx.rejected", "Points InfluxDB refused as invalid (HTTP 400/413/422)",
                influxRejected);
        counter("iotlab.simulator.influx.requests", "Write requests sent to InfluxDB", influxRequests);
        counter("iotlab.simulator.influx.failures", "Write requests that failed and were retried", influxFailures);
    }

    /** Everything in the Prometheus text format, for {@code GET /metrics}. */
    public String prometheus() {
        return registry.scrape();
    }

    private void gauge(String name, String help, ToDoubleFunction<Metrics> value) {
        Gauge.builder(name, this, value).description(help).register(registry);
    }

    private void counter(String name, String help, AtomicLong value) {
        FunctionCounter.builder(name, value, AtomicLong::get).description(help).register(registry);
    }

    private void functionCounter(String name, String help, ToDoubleFunction<Metrics> value) {
        FunctionCounter.builder(name, this, value).description(help).register(registry);
    }
}
