package dev.iotlab.simulator;

import dev.iotlab.contract.MqttTopics;
import dev.iotlab.contract.SimulatorConfig;

import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT side: one MQTT 3.1.1 connection (HiveMQ client) that reconnects with exponential back-off forever,
 * a bounded outgoing buffer drained by one publisher thread, retained announcements and status on every
 * (re)connect, and the command subscriptions.
 *
 * <p>Readings are only taken out of the buffer while connected; a publish that fails (connection lost
 * meanwhile) goes back to the buffer. QoS 0 as in the original: what the broker accepted cannot be acknowledged.
 */
final class MqttLink implements AutoCloseable {
    static final String STATUS_TOPIC = MqttTopics.SIMULATOR_STATUS;
    private static final Logger LOG = LoggerFactory.getLogger(MqttLink.class);
    private static final int MAX_IN_FLIGHT = 2_000;

    /** A message waiting to be published. */
    record Outgoing(String topic, byte[] payload, boolean retain) {
        static Outgoing of(String topic, String payload, boolean retain) {
            return new Outgoing(topic, payload.getBytes(StandardCharsets.UTF_8), retain);
        }
    }

    private final SimulatorConfig config;
    private final Metrics metrics;
    private final BoundedBuffer<Outgoing> buffer;
    private final Supplier<List<Outgoing>> announcements;
    private final Mqtt3AsyncClient client;
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
    private final Thread publisher;
    private volatile boolean closing;
    private volatile boolean commandsSubscribed;
    private volatile long pauseUntilNanos;

    MqttLink(SimulatorConfig config, Metrics metrics, Supplier<List<Outgoing>> announcements,
             Consumer<Mqtt3Publish> onCommand, Executor commandExecutor) {
        this.config = config;
        this.metrics = metrics;
        this.announcements = announcements;
        this.buffer = new BoundedBuffer<>("MQTT", config.bufferCapacity(), LOG);
        Mqtt3ClientBuilder builder = Mqtt3Client.builder()
                .identifier("iotlab-simulator-" + UUID.randomUUID().toString().substring(0, 8))
                .serverHost(config.mqttHost())
                .serverPort(config.mqttPort())
                .addConnectedListener(ctx -> onConnected())
                // HiveMQ's own reconnect: exponential back-off with +-25 % jitter (so a class of simulators does not
                // reconnect in lock-step after a broker restart), also when the first connect fails.
                .automaticReconnect()
                    .initialDelay(config.reconnectInitialMillis(), TimeUnit.MILLISECONDS)
                    .maxDelay(config.reconnectMaxMillis(), TimeUnit.MILLISECONDS)
                    .applyAutomaticReconnect()
                .addDisconnectedListener(ctx -> {
                    commandsSubscribed = false;
                    if (closing || ctx.getSource() == MqttDisconnectSource.USER) {
                        return;
                    }
                    String why = ctx.getCause() == null ? "unknown" : ctx.getCause().getMessage();
                    LOG.warn("MQTT broker " + config.mqttHost() + ":" + config.mqttPort() + " unavailable (" + why
                            + "); reconnecting (attempt " + (ctx.getReconnector().getAttempts() + 1) + "), "
                            + buffer.size() + " messages buffered");
                })
                .willPublish().topic(STATUS_TOPIC).payload("offline".getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).applyWillPublish();
        if (config.mqttUsername() != null) {
            builder = builder.simpleAuth().username(config.mqttUsername())
                    .password(config.mqttPassword() == null ? new byte[0] : config.mqttPassword().getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        this.client = builder.buildAsync();
        client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, onCommand, commandExecutor);
        metrics.mqttBuffered = buffer::size;
        metrics.mqttDropped = buffer::dropped;
        metrics.mqttConnected = () -> isConnected() ? 1 : 0;
        this.publisher = new Thread(this::publishLoop, "mqtt-publisher");
        this.publisher.setDaemon(true);
    }

    void start() {
        publisher.start();
        client.connectWith().cleanSession(true).keepAlive(30).send().whenComplete((ack, error) -> {
            if (error != null) {
                LOG.debug("initial connect failed: " + error.getMessage()); // automatic reconnect retries
            }
        });
    }

    boolean isConnected() {
        return client.getState() == MqttClientState.CONNECTED;
    }

    /** Connected and subscribed to commands: a command sent now is obeyed (what /readyz reports). */
    boolean isReady() {
        return isConnected() && commandsSubscribed;
    }

    void send(Outgoing message) {
        buffer.add(message);
    }

    private void onConnected() {
        metrics.mqttConnects.incrementAndGet();
        LOG.info("connected to MQTT broker " + config.mqttHost() + ":" + config.mqttPort() + "; " + buffer.size() + " buffered messages to send");
        client.subscribeWith()
                .addSubscription().topicFilter(MqttTopics.ALL_DEVICE_COMMANDS).qos(MqttQos.AT_MOST_ONCE).applySubscription()
                .addSubscription().topicFilter(MqttTopics.ALL_AUTOMATION).qos(MqttQos.AT_MOST_ONCE).applySubscription()
                .send()
                .whenComplete((ack, e) -> {
                    if (e != null) {
                        LOG.warn("subscribing to commands failed: " + e.getMessage());
                    } else {
                        commandsSubscribed = true;
                    }
                });
        client.publishWith().topic(STATUS_TOPIC).payload("online".getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).retain(true).send();
        for (Outgoing meta : announcements.get()) {
            client.publishWith().topic(meta.topic()).payload(meta.payload()).qos(MqttQos.AT_LEAST_ONCE).retain(true).send();
        }
        buffer.wakeUp();
    }

    private void publishLoop() {
        List<Outgoing> batch = new ArrayList<>(512);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (!isConnected() || System.nanoTime() < pauseUntilNanos) {
                    buffer.awaitItems(Integer.MAX_VALUE, 50); // sleeps until woken (connect) or 50 ms
                    continue;
                }
                if (!buffer.awaitItems(1, 200)) {
                    continue;
                }
                batch.clear();
                buffer.drainTo(batch, 512);
                for (Outgoing m : batch) {
                    inFlight.acquire();
                    client.publishWith().topic(m.topic()).qos(MqttQos.AT_MOST_ONCE).retain(m.retain()).payload(m.payload())
                            .send()
                            .whenComplete((ok, error) -> {
                                inFlight.release();
                                if (error == null) {
                                    metrics.mqttPublished.incrementAndGet();
                                } else {
                                    pauseUntilNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                                    buffer.requeue(List.of(m));
                                }
                            });
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("publishing failed", e);
            }
        }
    }

    /** Waits until the buffer is empty and nothing is in flight, or the timeout passes. */
    boolean drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < deadline) {
            if (buffer.size() == 0 && inFlight.availablePermits() == MAX_IN_FLIGHT) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    @Override
    public void close() {
        closing = true;
        try {
            if (isConnected()) {
                client.publishWith().topic(STATUS_TOPIC).payload("offline".getBytes(StandardCharsets.UTF_8))
                        .qos(MqttQos.AT_LEAST_ONCE).retain(true).send().get(5, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            LOG.warn("could not publish offline status: " + e.getMessage());
        }
        publisher.interrupt();
        int left = buffer.size();
        if (left > 0) {
            buffer.dropped(left);
            LOG.warn("shutdown: " + left + " MQTT messages could not be sent (broker unavailable)");
        }
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("disconnect: " + e.getMessage());
        }
    }
}
