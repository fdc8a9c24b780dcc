package dev.iotlab.images.support;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A student's MQTT client that records everything on the given filters. */
public final class MqttObserver implements AutoCloseable {
    public record Message(String topic, String payload, long receivedAtMillis) {
    }

    private final Mqtt3BlockingClient client;
    private final List<Message> messages = new CopyOnWriteArrayList<>();

    public MqttObserver(int port, String user, String password, String... filters) {
        client = MqttClient.builder().useMqttVersion3().identifier("images-test-observer")
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
        client.connectWith().simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .send();
        for (String filter : filters) {
            client.toAsync().subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> messages.add(new Message(p.getTopic().toString(),
                            new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8), System.currentTimeMillis())))
                    .send().join();
        }
    }

    public List<Message> messages() {
        return List.copyOf(messages);
    }

    public List<Message> on(String topic) {
        return messages.stream().filter(m -> m.topic().equals(topic)).toList();
    }

    @Override
    public void close() {
        client.disconnect();
    }
}
