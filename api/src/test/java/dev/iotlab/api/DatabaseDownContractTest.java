package dev.iotlab.api;

import dev.iotlab.testsupport.Mosquitto;
import dev.iotlab.api.support.Broker;
import dev.iotlab.api.support.Http.Response;
import dev.iotlab.api.support.Lab;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** InfluxDB unreachable (nothing listens on its port): 503 with a useful message, health says which peer is down. */
class DatabaseDownContractTest {

    @Test
    void everyDatabaseEndpointAnswers503AndHealthNamesTheDatabase() {
        int closedPort = Broker.freePort();
        String url = "http://127.0.0.1:" + closedPort;
        Mosquitto broker = Broker.shared();
        try (Lab lab = Lab.start(Lab.properties(broker.port(), url, Lab.tempDir()))) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Response health = lab.http.get("/health");
                assertThat(health.status()).isEqualTo(503);
                assertThat(health.json().at("/mqtt/status").asText()).isEqualTo("up");
                assertThat(health.json().at("/database/status").asText()).isEqualTo("down");
                assertThat(health.json().at("/database/url").asText()).isEqualTo(url);
            });
            Response write = lab.http.post("/database/write",
                    Map.of("measurement", "temperature", "fields", Map.of("value", 1.5)));
            assertThat(write.status()).isEqualTo(503);
            assertThat(write.error()).isEqualTo("InfluxDB at " + url + " is not reachable; try again shortly");
            Response query = lab.http.post("/database/query", Map.of("query", "buckets()"));
            assertThat(query.status()).isEqualTo(503);
            assertThat(query.error()).contains("not reachable");
            Response test = lab.http.get("/database/test");
            assertThat(test.status()).isEqualTo(503);
            assertThat(test.body()).doesNotContain("Exception").doesNotContain("ConnectException");

            // the database comes up on its port: health recovers without restarting the API
            try (dev.iotlab.api.support.FakeInflux influx = new dev.iotlab.api.support.FakeInflux(closedPort)) {
                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(lab.http.get("/health").status()).isEqualTo(200));
                assertThat(lab.http.post("/database/write",
                        Map.of("measurement", "temperature", "fields", Map.of("value", 1.5))).status()).isEqualTo(200);
            }
        }
    }
}
