package dev.iotlab.simulator;

import dev.iotlab.contract.MqttTopics;
import dev.iotlab.contract.SimulatorConfig;

import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the house to MQTT, InfluxDB and the health endpoint. Every change to the house (ticks and commands)
 * runs on one "engine" thread, so the model needs no locks and a seed gives a reproducible run.
 */
public final class Simulator implements AutoCloseable {
    public static final String ERROR_TOPIC = MqttTopics.SIMULATOR_ERRORS;
    private static final Logger LOG = LoggerFactory.getLogger(Simulator.class);

    private final SimulatorConfig config;
    private final Clock clock;
    private final House house;
    private final int intervalSeconds;
    private final long seed;
    private final Metrics metrics = new Metrics();
    private final ScheduledExecutorService engine;
    private final MqttLink mqtt;
    private final InfluxWriter influx;
    private HealthServer health;

    public Simulator(SimulatorConfig config, Scenario scenario, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.seed = config.seed() != null ? config.seed()
                : scenario.seed() != null ? scenario.seed() : System.nanoTime();
        this.intervalSeconds = config.intervalSecondsOr(scenario.intervalSeconds());
        this.house = new House(scenario, seed);
        this.engine = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "simulator-engine");
            t.setDaemon(true);
            return t;
        });
        metrics.devices = scenario::deviceCount;
        // Commands run on the engine thread; after shutdown late ones are ignored rather than failing the MQTT client.
        this.mqtt = new MqttLink(config, metrics, this::announcements, this::onMessage, task -> {
            try {
                engine.execute(task);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("command ignored: simulator is stopping");
            }
        });
        this.influx = config.influxEnabled() ? new InfluxWriter(config, metrics) : null;
    }

    public long seed() {
        return seed;
    }

    public int intervalSeconds() {
        return intervalSeconds;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** Connected to the broker and subscribed to commands. */
    public boolean isConnected() {
        return mqtt.isReady();
    }

    /** Health port actually bound (useful with HEALTH_PORT=0). */
    public int healthPort() {
        return health == null ? -1 : health.port();
    }

    /**
     * Connects and starts the periodic readings. With {@code periodic = false} nothing is read until
     * {@link #tick()} is called (tests with a controlled clock).
     */
    public Simulator start(boolean periodic) throws IOException {
        LOG.info("simulating " + house.scenario().deviceCount() + " devices in " + house.scenario().rooms().size()
                + " rooms from '" + house.scenario().name() + "', every " + intervalSeconds + " s, seed " + seed);
        if (influx == null) {
            LOG.info("INFLUXDB_TOKEN is empty: database writes disabled, publishing to MQTT only");
        } else {
            LOG.info("writing to InfluxDB " + config.influxUrl() + " org '" + config.influxOrg() + "' bucket '" + config.influxBucket() + "'");
            influx.start();
        }
        health = new HealthServer(config.healthPort(), mqtt::isReady, metrics);
        health.start();
        mqtt.start();
        if (periodic) {
            engine.scheduleAtFixedRate(this::safeTick, 0, intervalSeconds, TimeUnit.SECONDS);
        }
        return this;
    }

    private void safeTick() {
        try {
            readAll();
        } catch (RuntimeException e) {
            LOG.error("tick failed", e); // a scheduled task that throws would stop all later ticks
        }
    }

    /** Reads every device once at the clock's current time, on the engine thread; returns when queued. */
    public void tick() {
        await(engine.submit(this::readAll));
    }

    private void readAll() {
        List<Reading> readings = house.tick(clock.millis());
        List<String> lines = influx == null ? null : new ArrayList<>(readings.size());
        for (Reading r : readings) {
            mqtt.send(MqttLink.Outgoing.of(r.topic(), r.json(), false));
            if (lines != null) {
                lines.add(r.line());
            }
        }
        if (lines != null) {
            influx.addAll(lines);
        }
        metrics.readings.addAndGet(readings.size());
    }

    private void emit(Reading r) {
        mqtt.send(MqttLink.Outgoing.of(r.topic(), r.json(), false));
        if (influx != null) {
            influx.add(r.line());
        }
    }

    private List<MqttLink.Outgoing> announcements() {
        List<MqttLink.Outgoing> out = new ArrayList<>();
        for (Device d : house.devices()) {
            Scenario.DeviceSpec s = d.spec;
            StringBuilder sb = new StringBuilder(200);
            sb.append("{\"device_id\":").append(Json.quote(s.id()))
                    .append(",\"device_type\":").append(Json.quote(s.type().wireName()))
                    .append(",\"device_name\":").append(Json.quote(s.name()))
                    .append(",\"location\":").append(Json.quote(s.location()))
                    .append(",\"unit\":").append(Json.quote(s.type().unit()))
                    .append(",\"commands\":[");
            List<String> commands = s.type().commands();
            for (int i = 0; i < commands.size(); i++) {
                sb.append(i == 0 ? "" : ",").append(Json.quote(commands.get(i)));
            }
            sb.append("]}");
            out.add(MqttLink.Outgoing.of(MqttTopics.deviceMeta(s.id()), sb.toString(), true));
        }
        return out;
    }

    /** Runs on the engine thread (see MqttLink): commands and ticks never overlap. */
    private void onMessage(Mqtt3Publish publish) {
        String topic = publish.getTopic().toString();
        byte[] payload = publish.getPayloadAsBytes();
        metrics.commands.incrementAndGet();
        String[] parts = topic.split("/");
        String target = MqttTopics.deviceIdOf(topic);
        try {
            Command cmd = Command.parse(payload);
            House.CommandResult result;
            if (target != null) {
                result = house.command(target, cmd, clock.millis());
            } else if (parts.length == 3 && parts[0].equals("automation")) {
                result = house.commandGroup(parts[1], parts[2], cmd, clock.millis());
                target = null;
            } else {
                return;
            }
            if (!result.ok()) {
                error(target, result.error(), payload);
                return;
            }
            for (Reading r : result.readings()) {
                emit(r);
                mqtt.send(MqttLink.Outgoing.of(MqttTopics.deviceState(r.deviceId()), r.stateJson(), false));
            }
            metrics.readings.addAndGet(result.readings().size());
        } catch (Command.BadCommand e) {
            error(target, e.getMessage(), payload);
        } catch (RuntimeException e) {
            LOG.warn("command on " + topic + " failed", e);
            error(target, "internal error: " + e, payload);
        }
    }

    private void error(String deviceId, String message, byte[] payload) {
        metrics.commandErrors.incrementAndGet();
        String received = new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        if (received.length() > 1000) {
            received = received.substring(0, 1000) + "...";
        }
        String json = "{\"device_id\":" + Json.quote(deviceId) + ",\"error\":" + Json.quote(message)
                + ",\"received\":" + Json.quote(received) + "}";
        mqtt.send(MqttLink.Outgoing.of(ERROR_TOPIC, json, false));
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Stops reading, flushes what is buffered (MQTT up to 10 s, InfluxDB one final attempt), then goes offline. */
    @Override
    public void close() {
        engine.shutdown();
        try {
            engine.awaitTermination(10, TimeUnit.SECONDS);
            if (mqtt.isConnected() && !mqtt.drain(10_000)) {
                LOG.warn("shutdown: MQTT buffer not drained in 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        mqtt.close();
        if (influx != null) {
            influx.close();
        }
        if (health != null) {
            health.close();
        }
        LOG.info("stopped: " + metrics.mqttPublished() + " MQTT messages published, " + metrics.mqttDropped() + " dropped; "
                + metrics.influxWritten() + " points written, " + metrics.influxDropped() + " dropped");
    }
}
