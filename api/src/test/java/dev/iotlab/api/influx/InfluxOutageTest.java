package dev.iotlab.api.influx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlab.api.support.Broker;
import dev.iotlab.api.support.Http.Response;
import dev.iotlab.api.support.Lab;
import dev.iotlab.testsupport.InfluxDb;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real InfluxDB 2 that goes away and comes back (same port, same data): the API answers 503 with a message that
 * says what is wrong, /health names the database, and everything works again without restarting the API.
 */
class InfluxOutageTest {
    static final Map<String, Object> POINT = Map.of("measurement", "temperature", "fields", Map.of("value", 21.5),
            "tags", Map.of("device_id", "temp-001"));

    static void assertDatabaseEndpointsAnswer503(Lab lab, String url) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Response health = lab.http.withToken(null).get("/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("status").asText()).isEqualTo("unhealthy");
            assertThat(health.json().at("/mqtt/status").asText()).isEqualTo("up");
            assertThat(health.json().at("/database/status").asText()).isEqualTo("down");
            assertThat(health.json().at("/database/url").asText()).isEqualTo(url);
        });
        Response write = lab.http.post("/database/write", POINT);
        assertThat(write.status()).isEqualTo(503);
        assertThat(write.error()).isEqualTo("InfluxDB at " + url + " is not reachable; try again shortly");
        Response query = lab.http.post("/database/query", Map.of("query", "buckets()"));
        assertThat(query.status()).isEqualTo(503);
        assertThat(query.error()).isEqualTo("InfluxDB at " + url + " is not reachable; try again shortly");
        Response test = lab.http.get("/database/test");
        assertThat(test.status()).isEqualTo(503);
        assertThat(test.error()).isEqualTo("InfluxDB at " + url + " is not reachable; try again shortly");
        assertThat(write.body() + query.body() + test.body()).doesNotContain("Exception");
    }

    static void assertRecovered(Lab lab, InfluxDb influx, int pointsExpected) {
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(lab.http.withToken(null).get("/health").status()).isEqualTo(200));
        assertThat(lab.http.post("/database/write", POINT).status()).isEqualTo(200);
        Response q = lab.http.post("/database/query", Map.of("query", "from(bucket: \"" + influx.bucket() + "\") "
                + "|> range(start: -1h) |> filter(fn: (r) => r._measurement == \"temperature\")"));
        assertThat(q.status()).isEqualTo(200);
        assertThat(q.json().get("count").asInt()).isEqualTo(pointsExpected);
        assertThat(lab.http.get("/database/test").json().get("buckets")).extracting(JsonNode::asText)
                .contains(influx.bucket());
    }

    @Test
    void influxDbStoppedMidTestIs503EverywhereThenRecoversWithoutRestartingTheApi() {
        InfluxDb.assumeAvailable();
        int mqttPort = Broker.shared().port();
        try (InfluxDb influx = InfluxDb.start();
             Lab lab = Lab.start(Lab.properties(mqttPort, influx, Lab.tempDir()))) {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(lab.http.withToken(null).get("/health").status()).isEqualTo(200));
            assertThat(lab.http.post("/database/write", POINT).status()).isEqualTo(200);

            influx.stop();
            assertDatabaseEndpointsAnswer503(lab, influx.url());

            influx.startAgain();
            assertRecovered(lab, influx, 2); // the point from before the outage survived it
        }
    }

    @Test
    void anApiStartedBeforeInfluxDbServesOnceItComesUp() {
        InfluxDb.assumeAvailable();
        int mqttPort = Broker.shared().port();
        try (InfluxDb influx = InfluxDb.start()) {
            influx.stop();
            try (Lab lab = Lab.start(Lab.properties(mqttPort, influx, Lab.tempDir()))) {
                assertDatabaseEndpointsAnswer503(lab, influx.url());
                influx.startAgain();
                assertRecovered(lab, influx, 1);
            }
        }
    }
}
