package dev.iotlab.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3Client;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test MQTT client that records everything it receives. */
final class MqttProbe implements AutoCloseable {
    record Message(String topic, String payload, boolean retained) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(payload);
            } catch (Exception e) {
                throw new AssertionError("not JSON on " + topic + ": " + payload, e);
            }
        }
    }

    final List<Message> messages = new CopyOnWriteArrayList<>();
    private final Mqtt3BlockingClient client;

    MqttProbe(int port, String... filters) {
        client = Mqtt3Client.builder().identifier("probe-" + UUID.randomUUID()).serverHost("127.0.0.1").serverPort(port).buildBlocking();
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> messages.add(new Message(p.getTopic().toString(),
                new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8), p.isRetain())));
        client.connect();
        for (String f : filters) {
            client.subscribeWith().topicFilter(f).qos(MqttQos.AT_LEAST_ONCE).send();
        }
    }

    void publish(String topic, String payload) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    }

    List<Message> on(String topic) {
        return messages.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    List<Message> startingWith(String prefix) {
        return messages.stream().filter(m -> m.topic().startsWith(prefix)).toList();
    }

    @Override
    public void close() {
        try {
            client.disconnect();
        } catch (RuntimeException e) {
            // already disconnected (broker stopped)
        }
    }
}
