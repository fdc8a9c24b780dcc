package dev.iotlab.api.mqtt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlab.api.support.ApiTest;
import dev.iotlab.api.support.Http;
import dev.iotlab.api.support.Http.Response;
import dev.iotlab.api.support.MqttPeer;
import dev.iotlab.api.support.SseReader;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Publish, subscribe, stream and command round trips through a real broker, with other MQTT clients as peers. */
@MicronautTest
class MqttRoundTripTest extends ApiTest {
    private static final Duration WAIT = Duration.ofSeconds(10);


    @BeforeAll
    void connected() {
        awaitBrokerConnected();
    }

    @Test
    void subscribedMessagesAreDeliveredToTheBuffer() {
        assertThat(http.post("/mqtt/subscribe", Map.of("topic", "rt/buffer/+", "qos", 1)).status()).isEqualTo(200);
        try (MqttPeer device = new MqttPeer(broker.port())) {
            device.publish("rt/buffer/a", "{\"value\": 1}", false);
            device.publish("rt/buffer/b", "plain text", false);
            device.publish("rt/other/c", "not subscribed", false);
        }
        await().atMost(WAIT).untilAsserted(() -> {
            Response r = http.get("/mqtt/messages?topic=rt/buffer/%2B&limit=10");
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("count").asInt()).isEqualTo(2);
        });
        JsonNode messages = http.get("/mqtt/messages?topic=rt/buffer/%2B").json().get("messages");
        assertThat(messages.get(0).get("topic").asText()).isEqualTo("rt/buffer/a");
        assertThat(messages.get(0).get("message").get("value").asInt()).isEqualTo(1);
        assertThat(messages.get(1).get("message").asText()).isEqualTo("plain text");
        assertThat(http.get("/mqtt/messages?topic=rt/other/c").json().get("count").asInt()).isZero();
    }

    @Test
    void limitReturnsTheNewestMessagesOldestFirst() {
        http.post("/mqtt/subscribe", Map.of("topic", "rt/limit"));
        for (int i = 1; i <= 5; i++) {
            http.post("/mqtt/publish", Map.of("topic", "rt/limit", "message", "m" + i));
        }
        await().atMost(WAIT).until(() -> http.get("/mqtt/messages?topic=rt/limit").json().get("count").asInt() == 5);
        JsonNode last2 = http.get("/mqtt/messages?topic=rt/limit&limit=2").json().get("messages");
        assertThat(last2).extracting(m -> m.get("message").asText()).containsExactly("m4", "m5");
    }

    @Test
    void streamDeliversMatchingMessagesAsServerSentEvents() {
        try (SseReader sse = new SseReader(http.builder("/mqtt/stream?topic=rt/stream/%23").GET().build())) {
            await().atMost(WAIT).until(() -> !sse.named("subscribed").isEmpty());
            try (MqttPeer device = new MqttPeer(broker.port())) {
                device.publish("rt/stream/x/y", "{\"n\": 7}", false);
                device.publish("rt/elsewhere", "{\"n\": 8}", false);
                device.publish("rt/stream/z", "{\"n\": 9}", false);
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(sse.named("message")).hasSize(2));
            assertThat(sse.status()).isEqualTo(200);
            JsonNode first = Http.JSON.readTree(sse.named("message").get(0).data());
            assertThat(first.get("topic").asText()).isEqualTo("rt/stream/x/y");
            assertThat(first.get("message").get("n").asInt()).isEqualTo(7);
            assertThat(sse.named("message").get(1).data()).contains("rt/stream/z");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void streamAcceptsTheTokenAsQueryParameterForBrowsers() {
        try (SseReader sse = new SseReader(http.withToken(null)
                .builder("/mqtt/stream?topic=rt/browser&access_token=" + dev.iotlab.api.support.Lab.TOKEN)
                .GET().build())) {
            await().atMost(WAIT).until(() -> !sse.named("subscribed").isEmpty());
            http.post("/mqtt/publish", Map.of("topic", "rt/browser", "message", Map.of("ok", true)));
            await().atMost(WAIT).untilAsserted(() -> assertThat(sse.named("message")).hasSize(1));
        }
    }

    @Test
    void registryLearnsRetainedAnnouncementsAndCommandsReachTheDevice() {
        try (MqttPeer simulator = new MqttPeer(broker.port())) {
            simulator.publish("devices/ac-101/meta", """
                    {"device_id": "ac-101", "device_type": "ac", "device_name": "Bedroom AC",
                     "location": "bedroom", "unit": "celsius", "commands": ["on", "off", "set"]}""", true);
            await().atMost(WAIT).untilAsserted(() -> {
                Response r = http.get("/devices/ac-101");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.json().at("/device/device_type").asText()).isEqualTo("ac");
                assertThat(r.json().at("/device/location").asText()).isEqualTo("bedroom");
                assertThat(r.json().at("/device/commands")).extracting(JsonNode::asText)
                        .containsExactly("on", "off", "set");
            });
            assertThat(http.get("/devices/list").json().get("devices"))
                    .extracting(d -> d.get("device_id").asText()).contains("ac-101");

            simulator.subscribe("devices/ac-101/command");
            Response sent = http.post("/devices/ac-101/command", Map.of("action", "set", "setpoint", 22.5));
            assertThat(sent.status()).isEqualTo(200);
            assertThat(sent.json().get("topic").asText()).isEqualTo("devices/ac-101/command");
            await().atMost(WAIT).untilAsserted(() -> assertThat(simulator.on("devices/ac-101/command"))
                    .extracting(MqttPeer.Msg::payload).containsExactly("{\"action\":\"set\",\"setpoint\":22.5}"));

            Response refused = http.post("/devices/ac-101/command", Map.of("action", "toggle"));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.error()).contains("on, off, set");

            // the simulator acknowledges; the API shows the acknowledged state on the device
            simulator.publish("devices/ac-101/state",
                    "{\"device_id\":\"ac-101\",\"state\":\"on\",\"value\":24.0,\"setpoint\":22.5,"
                            + "\"timestamp\":\"2024-05-01T12:00:00Z\"}", false);
            await().atMost(WAIT).untilAsserted(() -> {
                JsonNode d = http.get("/devices/ac-101").json().get("device");
                assertThat(d.get("state").asText()).isEqualTo("on");
                assertThat(d.get("setpoint").asDouble()).isEqualTo(22.5);
            });
            simulator.publish("devices/ac-101/meta", "", true);
            await().atMost(WAIT).until(() -> http.get("/devices/ac-101").status() == 404);
        }
    }

    @Test
    void commandToAnUnknownDeviceIs404() {
        Response r = http.post("/devices/ghost-1/command", Map.of("action", "on"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error()).isEqualTo("Device not found");
    }

    @Test
    void retainedPublishIsKept() {
        http.post("/mqtt/publish", Map.of("topic", "rt/retained", "message", "kept", "qos", 1, "retain", true));
        try (MqttPeer late = new MqttPeer(broker.port()).subscribe("rt/retained")) {
            await().atMost(WAIT).untilAsserted(() -> assertThat(late.on("rt/retained"))
                    .extracting(MqttPeer.Msg::payload).containsExactly("kept"));
            assertThat(late.on("rt/retained").get(0).retained()).isTrue();
        }
    }
}
