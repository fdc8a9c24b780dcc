package dev.iotlab.api.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import com.hivemq.client.mqtt.MqttClientState;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.iotlab.api.ApiSettings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retained messages under workshop/#, kept current without polling: an MQTT 5 subscription with
 * retain-as-published, so a live message still says whether the broker retained it (MQTT 3 clears the flag), and an
 * empty retained payload removes the topic, as the broker does. After every (re)connect the set is read afresh and
 * counts as known once our non-retained marker comes back after the retained messages, as the checker does.
 */
@Singleton
public class RetainedWorkshop {
    static final String FILTER = "workshop/#";
    static final String MARKER_PREFIX = "workshop/_checker/";
    private static final Logger LOG = LoggerFactory.getLogger(RetainedWorkshop.class);

    private final ObjectMapper mapper;
    private final ActivityClock activity;
    private final Mqtt5AsyncClient client;
    private final Map<String, JsonNode> retained = new TreeMap<>();
    private volatile String marker;
    private volatile boolean known;
    private volatile boolean closing;
    private volatile Runnable onChange = () -> { };

    public RetainedWorkshop(ApiSettings settings, ObjectMapper mapper, ActivityClock activity) {
        this.mapper = mapper;
        this.activity = activity;
        Mqtt5ClientBuilder builder = Mqtt5Client.builder()
                .identifier("iotlab-api-progress-" + UUID.randomUUID().toString().substring(0, 8))
                .serverHost(settings.mqtt().host()).serverPort(settings.mqtt().port())
                .automaticReconnect().initialDelay(500, TimeUnit.MILLISECONDS).maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(ctx -> onConnected());
        if (settings.mqtt().username() != null && !settings.mqtt().username().isEmpty()) {
            builder = builder.simpleAuth().username(settings.mqtt().username())
                    .password(settings.mqtt().password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        client = builder.buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, this::onPublish);
        client.connectWith().cleanStart(true).keepAlive(30).send().whenComplete((ack, e) -> {
            if (e != null && !closing) {
                LOG.info("Progress: MQTT broker {} not reachable yet ({}); retrying", settings.mqtt().address(),
                        e.getMessage());
            }
        });
    }

    /** Called when the retained set changes (evidence appeared or went). */
    void onChange(Runnable listener) {
        this.onChange = listener;
    }

    private void onConnected() {
        synchronized (retained) {
            retained.clear();
            known = false;
        }
        String m = MARKER_PREFIX + UUID.randomUUID().toString().replace("-", "");
        marker = m;
        client.subscribeWith().topicFilter(FILTER).qos(MqttQos.AT_LEAST_ONCE).retainAsPublished(true).send()
                .thenCompose(ack -> client.publishWith().topic(m).payload("marker".getBytes(StandardCharsets.UTF_8))
                        .qos(MqttQos.AT_LEAST_ONCE).send())
                .whenComplete((r, e) -> {
                    if (e != null) {
                        LOG.warn("Progress: subscribing {} failed: {}", FILTER, e.toString());
                    }
                });
    }

    private void onPublish(Mqtt5Publish publish) {
        String topic = publish.getTopic().toString();
        if (topic.startsWith(MARKER_PREFIX)) {
            if (topic.equals(marker)) {
                known = true;
                onChange.run();
            }
            return;
        }
        if (known) {
            activity.touch();
        }
        if (!publish.isRetain()) {
            return;
        }
        byte[] payload = publish.getPayloadAsBytes();
        synchronized (retained) {
            if (payload.length == 0) {
                retained.remove(topic);
            } else {
                retained.put(topic, parse(payload));
            }
        }
        if (known) {
            onChange.run();
        }
    }

    JsonNode parse(byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8);
        try {
            return mapper.readTree(text);
        } catch (IOException e) {
            return TextNode.valueOf(text);
        }
    }

    /** The retained set, once it is known since the last connect. */
    public Map<String, JsonNode> snapshot() {
        if (client.getState() != MqttClientState.CONNECTED || !known) {
            throw new Evidence.Unavailable("MQTT", "not connected to the broker yet, retained messages unknown");
        }
        synchronized (retained) {
            return Map.copyOf(retained);
        }
    }

    public boolean known() {
        return known && client.getState() == MqttClientState.CONNECTED;
    }

    @PreDestroy
    void close() {
        closing = true;
        try {
            client.disconnect().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("Progress MQTT disconnect: {}", e.toString());
        }
    }
}
