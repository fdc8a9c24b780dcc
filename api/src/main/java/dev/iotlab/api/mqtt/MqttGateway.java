package dev.iotlab.api.mqtt;

import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import dev.iotlab.api.ApiSettings;
import dev.iotlab.api.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The API's one MQTT connection. Reconnects by itself with back-off (also when the broker is down at start),
 * re-subscribes every filter after each connect, and fans received messages out to the recent-message buffer,
 * the live streams and internal listeners (the device registry).
 */
@Context
@Singleton
public class MqttGateway {
    private static final Logger LOG = LoggerFactory.getLogger(MqttGateway.class);
    private static final long TIMEOUT_SECONDS = 5;

    private final ApiSettings settings;
    private final Mqtt3AsyncClient client;
    private final Map<String, Integer> subscriptions = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<Consumer<ReceivedMessage>> listeners = new CopyOnWriteArrayList<>();
    private final MessageBuffer buffer;
    private final Sinks.Many<ReceivedMessage> live = Sinks.many().multicast().directBestEffort();
    private final AtomicLong messageIds = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();
    private final Counter published;
    private final Counter received;
    private volatile String lastError = "not connected yet";
    private static final long RECONNECT_INITIAL_MILLIS = 200;
    private static final long RECONNECT_MAX_MILLIS = 5_000;

    private volatile boolean closing;

    public MqttGateway(ApiSettings settings, MeterRegistry metrics) {
        this.settings = settings;
        this.buffer = new MessageBuffer(settings.service().messageBufferSize(), 16L * 1024 * 1024);
        this.published = Counter.builder("iotlab_mqtt_published").description("Messages published through the API")
                .register(metrics);
        this.received = Counter.builder("iotlab_mqtt_received").description("Messages received from the broker")
                .register(metrics);
        Gauge.builder("iotlab_mqtt_connected", this, g -> g.isConnected() ? 1 : 0)
                .description("1 while the API is connected to the MQTT broker").register(metrics);
        Mqtt3ClientBuilder builder = Mqtt3Client.builder()
                .identifier("iotlab-api-" + UUID.randomUUID().toString().substring(0, 8))
                .serverHost(settings.mqtt().host())
                .serverPort(settings.mqtt().port())
                .addConnectedListener(ctx -> onConnected())
                // HiveMQ's own reconnect (exponential back-off with jitter), also when the first connect fails.
                .automaticReconnect()
                    .initialDelay(RECONNECT_INITIAL_MILLIS, TimeUnit.MILLISECONDS)
                    .maxDelay(RECONNECT_MAX_MILLIS, TimeUnit.MILLISECONDS)
                    .applyAutomaticReconnect()
                .addDisconnectedListener(this::onDisconnected);
        if (settings.mqtt().username() != null && !settings.mqtt().username().isEmpty()) {
            builder = builder.simpleAuth().username(settings.mqtt().username())
                    .password(settings.mqtt().password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        this.client = builder.buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, this::onPublish);
        LOG.info("Connecting to MQTT broker {}", settings.mqtt().address());
        client.connectWith().cleanSession(true).keepAlive(30).send();
    }

    private void onConnected() {
        LOG.info("Connected to MQTT broker {}", settings.mqtt().address());
        lastError = null;
        subscriptions.forEach((filter, qos) -> client.subscribeWith().topicFilter(filter)
                .qos(MqttQos.fromCode(qos)).send()
                .whenComplete((ack, e) -> {
                    if (e != null) {
                        LOG.warn("Re-subscribing {} failed: {}", filter, e.toString());
                    }
                }));
    }

    /** Remembers why, for /health; the client reconnects by itself. */
    private void onDisconnected(MqttClientDisconnectedContext ctx) {
        String cause = reason(ctx.getCause());
        lastError = cause;
        if (closing || ctx.getSource() == MqttDisconnectSource.USER) {
            return;
        }
        int attempt = ctx.getReconnector().getAttempts();
        if (attempt == 0 || attempt % 10 == 0) {
            LOG.warn("MQTT broker {} unavailable ({}); reconnecting, attempt {}", settings.mqtt().address(), cause,
                    attempt + 1);
        }
    }

    private void onPublish(Mqtt3Publish publish) {
        ReceivedMessage message = new ReceivedMessage(sequence.incrementAndGet(), publish.getTopic().toString(),
                publish.getPayloadAsBytes(), publish.getQos().getCode(), publish.isRetain(), Instant.now());
        received.increment();
        buffer.add(message);
        synchronized (live) {
            live.tryEmitNext(message);
        }
        for (Consumer<ReceivedMessage> listener : listeners) {
            try {
                listener.accept(message);
            } catch (RuntimeException e) {
                LOG.warn("Listener failed on message from {}: {}", message.topic(), e.toString());
            }
        }
    }

    public boolean isConnected() {
        return client.getState() == MqttClientState.CONNECTED;
    }

    public String lastError() {
        return lastError;
    }

    public String broker() {
        return settings.mqtt().address();
    }

    private void requireConnected() {
        if (!isConnected()) {
            throw ApiException.unavailable("MQTT broker " + settings.mqtt().address() + " is not reachable"
                    + (lastError == null ? "" : " (" + lastError + ")")
                    + "; the API keeps reconnecting, try again shortly");
        }
    }

    /** Publishes and waits for the broker's acknowledgement (QoS 1/2) or the write (QoS 0); returns a message id. */
    public long publish(String topic, byte[] payload, int qos, boolean retain) {
        requireConnected();
        await(client.publishWith().topic(topic).payload(payload).qos(MqttQos.fromCode(qos)).retain(retain).send(),
                "publish to " + topic);
        published.increment();
        return messageIds.incrementAndGet();
    }

    /** Subscribes (again after every reconnect) and returns a message id. */
    public long subscribe(String filter, int qos) {
        requireConnected();
        Integer previous = subscriptions.get(filter);
        int effective = previous == null ? qos : Math.max(previous, qos);
        await(client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(effective)).send(),
                "subscribe to " + filter);
        subscriptions.put(filter, effective);
        return messageIds.incrementAndGet();
    }

    /** Subscriptions the API needs for itself; made now if connected, otherwise on connect. */
    public void subscribeInternal(String filter, int qos, Consumer<ReceivedMessage> listener) {
        listeners.add(m -> {
            if (Topics.matches(filter, m.topic())) {
                listener.accept(m);
            }
        });
        subscriptions.merge(filter, qos, Math::max);
        if (isConnected()) {
            client.subscribeWith().topicFilter(filter).qos(MqttQos.fromCode(qos)).send();
        }
    }

    public boolean isSubscribed(String filter) {
        return subscriptions.containsKey(filter);
    }

    public MessageBuffer buffer() {
        return buffer;
    }

    public Flux<ReceivedMessage> live() {
        return live.asFlux();
    }

    private <T> T await(java.util.concurrent.CompletableFuture<T> future, String what) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(false);
            throw ApiException.unavailable("MQTT broker " + settings.mqtt().address() + " did not acknowledge the "
                    + what + " within " + TIMEOUT_SECONDS + " s; try again shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("Interrupted while waiting for the MQTT broker");
        } catch (ExecutionException e) {
            String reason = reason(e.getCause());
            throw ApiException.unavailable("MQTT broker " + settings.mqtt().address() + " refused or lost the " + what
                    + " (" + reason + "); try again shortly");
        }
    }

    /** The innermost message, without exception class names: "Connection refused: host/127.0.0.1:1883". */
    static String reason(Throwable t) {
        Throwable root = t;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root == null ? null : root.getMessage();
        return message == null || message.isBlank() ? "connection lost" : message;
    }

    @PreDestroy
    public void close() {
        closing = true;
        try {
            client.disconnect().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("Disconnect: {}", e.toString());
        }
    }
}
