package dev.iotlab.api;

import dev.iotlab.api.support.ApiTest;
import dev.iotlab.api.support.Http.Response;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Liveness, Prometheus metrics, OpenAPI document and UI, CORS for browser clients. */
@MicronautTest
class ServiceEndpointsTest extends ApiTest {

    @Test
    void livenessAnswersWithoutDependencies() {
        Response r = http.withToken(null).get("/livez");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asText()).isEqualTo("alive");
    }

    @Test
    void metricsArePrometheusTextAndCountApiWork() {
        http.post("/database/write", Map.of("measurement", "temperature", "fields", Map.of("value", 1.0)));
        http.withToken("nope").get("/devices/list");
        Response r = http.withToken(null).get("/metrics");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw().headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("text/plain"));
        assertThat(r.body()).contains("iotlab_influx_writes_total{result=\"ok\"} 1.0")
                .contains("iotlab_auth_rejected_total")
                .contains("iotlab_mqtt_connected")
                .contains("http_server_requests_seconds_count")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void openApiDocumentDescribesTheEndpointsAndTheBearerScheme() {
        Response r = http.withToken(null).get("/openapi.yml");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("openapi: 3").contains("/mqtt/publish:").contains("/database/query:")
                .contains("/devices/{id}/command:").contains("/mqtt/stream:").contains("scheme: bearer");
    }

    @Test
    void swaggerUiIsServedAndDocsRedirectsToIt() {
        Response ui = http.withToken(null).get("/swagger-ui/index.html");
        assertThat(ui.status()).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("swagger");
        Response docs = http.withToken(null).get("/docs");
        assertThat(docs.status()).isEqualTo(303);
        assertThat(docs.raw().headers().firstValue("Location")).hasValue("/swagger-ui/index.html");
    }

    @Test
    void corsPreflightFromABrowserIsAllowedWithTheAuthorizationHeader() throws Exception {
        HttpRequest preflight = http.withToken(null).builder("/mqtt/publish")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:1880")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build();
        HttpResponse<String> r = dev.iotlab.api.support.Http.client().send(preflight,
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:1880");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
                .contains("authorization");

        HttpRequest actual = http.builder("/devices/list").header("Origin", "http://localhost:1880").GET().build();
        assertThat(dev.iotlab.api.support.Http.client().send(actual, HttpResponse.BodyHandlers.ofString())
                .headers().firstValue("Access-Control-Allow-Origin")).hasValue("http://localhost:1880");
    }
}
