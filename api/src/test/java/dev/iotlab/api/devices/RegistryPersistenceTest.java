package dev.iotlab.api.devices;

import dev.iotlab.testsupport.InfluxDb;
import dev.iotlab.testsupport.Mosquitto;
import dev.iotlab.api.support.Broker;
import dev.iotlab.api.support.Lab;
import dev.iotlab.api.support.MqttPeer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The device registry survives an API restart (same API_DATA_DIR), and a corrupt file does not stop the API (a real
 * InfluxDB 2 beside it).
 */
class RegistryPersistenceTest {

    @Test
    void devicesSurviveARestart() {
        Path data = Lab.tempDir();
        Mosquitto broker = Broker.shared();
        try (InfluxDb influx = InfluxDb.start()) {
            try (Lab first = Lab.start(Lab.properties(broker.port(), influx, data))) {
                assertThat(first.http.post("/devices/register",
                        Map.of("device_id", "keep-001", "device_type", "temperature")).status()).isEqualTo(201);
                first.http.put("/devices/keep-001/status", Map.of("status", "inactive"));
                try (MqttPeer sim = new MqttPeer(broker.port())) {
                    sim.publish("devices/keep-002/meta", "{\"device_type\": \"light\", \"location\": \"hall\"}", false);
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> first.http.get("/devices/keep-002").status() == 200);
            }
            try (Lab second = Lab.start(Lab.properties(broker.port(), influx, data))) {
                assertThat(second.http.get("/devices/keep-001").json().at("/device/status").asText())
                        .isEqualTo("inactive");
                assertThat(second.http.get("/devices/keep-002").json().at("/device/location").asText())
                        .isEqualTo("hall");
            }
        }
    }

    @Test
    void corruptRegistryFileIsSetAsideAndTheApiStarts() throws Exception {
        Path data = Lab.tempDir();
        Files.writeString(data.resolve("devices.json"), "{not json");
        try (InfluxDb influx = InfluxDb.start();
             Lab lab = Lab.start(Lab.properties(Broker.shared().port(), influx, data))) {
            assertThat(lab.http.get("/devices/list").json().get("count").asInt()).isZero();
            try (var files = Files.list(data)) {
                assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("devices.json.corrupt-"));
            }
        }
    }
}
