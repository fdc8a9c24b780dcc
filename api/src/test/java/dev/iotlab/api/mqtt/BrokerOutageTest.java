package dev.iotlab.api.mqtt;

import dev.iotlab.testsupport.InfluxDb;
import dev.iotlab.testsupport.Mosquitto;
import dev.iotlab.api.support.Broker;
import dev.iotlab.api.support.Http.Response;
import dev.iotlab.api.support.Lab;
import dev.iotlab.api.support.MqttPeer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The broker stopped and restarted under a running API, and a broker that is down when the API starts (a real
 * InfluxDB 2 beside it).
 */
class BrokerOutageTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void brokerStoppedMidTestThenRestartedRecoversWithoutRestartingTheApi() {
        try (Mosquitto broker = Broker.start(); InfluxDb influx = InfluxDb.start();
             Lab lab = Lab.start(Lab.properties(broker.port(), influx, Lab.tempDir()))) {
            await().atMost(WAIT).until(() -> lab.http.get("/health").status() == 200);
            assertThat(lab.http.post("/mqtt/subscribe", Map.of("topic", "outage/#", "qos", 1)).status())
                    .isEqualTo(200);

            broker.stop();

            await().atMost(WAIT).untilAsserted(() -> {
                Response health = lab.http.get("/health");
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.json().get("status").asText()).isEqualTo("unhealthy");
                assertThat(health.json().at("/mqtt/status").asText()).isEqualTo("down");
                assertThat(health.json().at("/database/status").asText()).isEqualTo("up");
            });
            Response publish = lab.http.post("/mqtt/publish", Map.of("topic", "outage/x", "message", "lost?"));
            assertThat(publish.status()).isEqualTo(503);
            assertThat(publish.json().fieldNames()).toIterable().containsExactly("error");
            assertThat(publish.error()).contains("MQTT broker 127.0.0.1:" + broker.port()).contains("try again");
            assertThat(lab.http.get("/mqtt/test").status()).isEqualTo(503);
            assertThat(lab.http.get("/livez").status()).isEqualTo(200);

            broker.startAgain();

            await().atMost(WAIT).untilAsserted(() -> assertThat(lab.http.get("/health").status()).isEqualTo(200));
            // the subscription made before the outage is back: a peer's message reaches the buffer
            try (MqttPeer peer = new MqttPeer(broker.port())) {
                peer.publish("outage/after", "{\"back\": true}", false);
            }
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    lab.http.get("/mqtt/messages?topic=outage/%23").json().get("count").asInt()).isEqualTo(1));
            assertThat(lab.http.post("/mqtt/publish", Map.of("topic", "outage/x", "message", "ok")).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void brokerDownAtStartIsReportedAndJoinedWhenItComesUp() {
        try (InfluxDb influx = InfluxDb.start()) {
            Mosquitto broker = Broker.start();
            broker.stop();
            try (Lab lab = Lab.start(Lab.properties(broker.port(), influx, Lab.tempDir()))) {
                Response health = lab.http.get("/health");
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.json().at("/mqtt/status").asText()).isEqualTo("down");
                assertThat(health.json().get("service").asText()).isEqualTo("iotlab-api");
                assertThat(health.json().at("/mqtt/detail").asText()).startsWith("Connection refused")
                        .doesNotContain("Exception");

                broker.startAgain();
                await().atMost(WAIT).untilAsserted(() -> assertThat(lab.http.get("/health").status()).isEqualTo(200));
                // the registry's own subscription was made on connect: announcements are learnt
                try (MqttPeer sim = new MqttPeer(broker.port())) {
                    sim.publish("devices/late-1/meta", "{\"device_type\": \"light\"}", true);
                }
                await().atMost(WAIT).until(() -> lab.http.get("/devices/late-1").status() == 200);
            } finally {
                broker.close();
            }
        }
    }
}
