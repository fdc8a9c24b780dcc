package dev.iotlab.api.support;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** Another MQTT client on the broker: a student's script or the simulator. */
public final class MqttPeer implements AutoCloseable {
    public record Msg(String topic, String payload, boolean retained) {
    }

    private final Mqtt3AsyncClient client;
    public final List<Msg> received = new CopyOnWriteArrayList<>();

    public MqttPeer(int port) {
        client = Mqtt3Client.builder().identifier("peer-" + UUID.randomUUID()).serverHost("127.0.0.1")
                .serverPort(port).buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, p -> received.add(new Msg(p.getTopic().toString(),
                new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8), p.isRetain())));
        join(client.connect());
    }

    public MqttPeer subscribe(String filter) {
        join(client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send());
        return this;
    }

    public void publish(String topic, String payload, boolean retain) {
        join(client.publishWith().topic(topic).payload(payload.getBytes(StandardCharsets.UTF_8))
                .qos(MqttQos.AT_LEAST_ONCE).retain(retain).send());
    }

    public List<Msg> on(String topic) {
        return received.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // already gone
        }
    }
}
