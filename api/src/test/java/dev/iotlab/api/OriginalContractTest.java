package dev.iotlab.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlab.api.support.ApiTest;
import dev.iotlab.api.support.Http;
import dev.iotlab.api.support.Http.Response;
import dev.iotlab.api.support.MqttPeer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every endpoint of the original Flask API, called the way the workshop's student scripts called it
 * (requests.get / requests.post(json=...)), checking the response keys and values those scripts read.
 * MQTT is a real broker. The database endpoints' contract is checked against a real InfluxDB 2 in
 * {@code dev.iotlab.api.influx} (DatabaseWriteTest, DatabaseQueryTest, InfluxOutageTest).
 */
@MicronautTest
class OriginalContractTest extends ApiTest {

    @BeforeAll
    void connected() {
        awaitBrokerConnected();
    }

    @Test
    void indexListsEndpointGroups() {
        Response r = http.get("/");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("message").asText()).isNotBlank();
        assertThat(r.json().get("version").asText()).isNotBlank();
        assertThat(r.json().get("endpoints").fieldNames()).toIterable()
                .contains("mqtt", "database", "devices", "health");
    }

    /** curl -H 'Accept: text/html' and browsers that send no wildcard must get the page, not 406. */
    @ParameterizedTest
    @ValueSource(strings = {"text/html", "text/html,application/xhtml+xml", "text/html;q=0.9,application/json;q=0.8"})
    void indexIsTheHomePageForAnyHtmlAccept(String accept) throws Exception {
        HttpResponse<String> r = index(accept);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        assertThat(r.body()).contains("<title>");
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "*/*", "text/html;q=0.5,application/json"})
    void indexIsTheOriginalJsonForScripts(String accept) throws Exception {
        HttpResponse<String> r = index(accept);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Http.JSON.readTree(r.body()).get("endpoints").has("mqtt")).isTrue();
    }

    private HttpResponse<String> index(String accept) throws Exception {
        return HttpClient.newHttpClient().send(http.builder("/").header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void healthIsHealthyWithBothPeersUp() {
        Response r = http.withToken(null).get("/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("healthy");
        assertThat(r.json().get("service").asText()).isEqualTo("iotlab-api");
        assertThat(r.json().at("/mqtt/status").asText()).isEqualTo("up");
        assertThat(r.json().at("/database/status").asText()).isEqualTo("up");
    }

    @Test
    void publishObjectIsSentAsJsonAndTextAsText() {
        try (MqttPeer student = new MqttPeer(broker.port()).subscribe("contract/#")) {
            Response r = http.post("/mqtt/publish",
                    Map.of("topic", "contract/obj", "message", Map.of("temperature", 25), "qos", 1));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.json().get("success").asBoolean()).isTrue();
            assertThat(r.json().get("topic").asText()).isEqualTo("contract/obj");
            assertThat(r.json().get("message").get("temperature").asInt()).isEqualTo(25);
            assertThat(r.json().get("message_id").isIntegralNumber()).isTrue();

            Response text = http.post("/mqtt/publish", Map.of("topic", "contract/text", "message", "hello"));
            assertThat(text.status()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(student.on("contract/obj")).extracting(MqttPeer.Msg::payload)
                        .containsExactly("{\"temperature\":25}");
                assertThat(student.on("contract/text")).extracting(MqttPeer.Msg::payload).containsExactly("hello");
            });
        }
    }

    @Test
    void subscribeAnswersWithTheOriginalKeys() {
        Response r = http.post("/mqtt/subscribe", Map.of("topic", "contract/sub/#", "qos", 1));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("success").asBoolean()).isTrue();
        assertThat(r.json().get("topic").asText()).isEqualTo("contract/sub/#");
        assertThat(r.json().get("qos").asInt()).isEqualTo(1);
        assertThat(r.json().get("message_id").isIntegralNumber()).isTrue();
    }

    @Test
    void mqttTestReportsConnectedBroker() {
        Response r = http.get("/mqtt/test");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("success").asBoolean()).isTrue();
        assertThat(r.json().get("status").asText()).isEqualTo("connected");
        assertThat(r.json().get("broker").asText()).isEqualTo("127.0.0.1:" + broker.port());
    }

    @Test
    void deviceLifecycleAsTheOriginal() {
        Response created = http.post("/devices/register",
                Map.of("device_id", "contract-001", "device_type", "temperature", "device_name", "Lab sensor"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("success").asBoolean()).isTrue();
        JsonNode device = created.json().get("device");
        assertThat(device.get("device_id").asText()).isEqualTo("contract-001");
        assertThat(device.get("device_type").asText()).isEqualTo("temperature");
        assertThat(device.get("device_name").asText()).isEqualTo("Lab sensor");
        assertThat(device.get("status").asText()).isEqualTo("active");
        assertThat(device.get("registered_at").asText()).isNotBlank();

        Response list = http.get("/devices/list");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("count").asInt()).isEqualTo(list.json().get("devices").size());
        assertThat(list.json().get("devices")).extracting(d -> d.get("device_id").asText()).contains("contract-001");

        Response one = http.get("/devices/contract-001");
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().at("/device/device_name").asText()).isEqualTo("Lab sensor");

        Response status = http.put("/devices/contract-001/status", Map.of("status", "maintenance"));
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().get("success").asBoolean()).isTrue();
        assertThat(http.get("/devices/contract-001").json().at("/device/status").asText()).isEqualTo("maintenance");

        Response badStatus = http.put("/devices/contract-001/status", Map.of("status", "broken"));
        assertThat(badStatus.status()).isEqualTo(400);

        Response deleted = http.delete("/devices/contract-001");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("success").asBoolean()).isTrue();
        assertThat(deleted.json().get("message").asText()).contains("contract-001");

        Response gone = http.get("/devices/contract-001");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.error()).isEqualTo("Device not found");
        assertThat(http.delete("/devices/contract-001").status()).isEqualTo(404);
    }

    @Test
    void statusOfAnUnknownDeviceIs404BeforeValidation() {
        Response r = http.put("/devices/nope-404/status", Map.of("status", "broken"));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error()).isEqualTo("Device not found");
    }

    @Test
    void missingFieldIs400WithErrorKeyOnly() {
        Response r = http.post("/mqtt/publish", Map.of("message", "x"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().fieldNames()).toIterable().containsExactly("error");
        assertThat(r.error()).contains("topic");
        assertThat(List.of(r.body())).noneMatch(b -> b.contains("Exception") || b.contains("at dev.iotlab"));
    }
}
