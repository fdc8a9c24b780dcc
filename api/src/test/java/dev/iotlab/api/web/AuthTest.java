package dev.iotlab.api.web;

import dev.iotlab.api.StartupRefusedException;
import dev.iotlab.api.support.ApiTest;
import dev.iotlab.api.support.Http;
import dev.iotlab.api.support.Http.Response;
import dev.iotlab.api.support.Lab;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bearer-token authentication with API_TOKEN; probes, metrics and the API description stay open. */
@MicronautTest
class AuthTest extends ApiTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/mqtt/test", "/devices/list", "/database/test", "/mqtt/messages?topic=a"})
    void protectedEndpointsWithoutTokenAre401(String path) {
        Response r = http.withToken(null).get(path);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.error()).contains("Authorization: Bearer");
        assertThat(r.raw().headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Bearer"));
    }

    @Test
    void wrongTokenIs401AndNothingIsPublished() {
        Response r = http.withToken("wrong-token").post("/devices/register",
                Map.of("device_id", "intruder-1", "device_type", "switch"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.error()).isEqualTo("Invalid token: use the API token of your lab (API_TOKEN)");
        assertThat(http.get("/devices/intruder-1").status()).isEqualTo(404);
    }

    @Test
    void basicAuthInsteadOfBearerIsExplained() {
        Response r = new Http("http://127.0.0.1:" + server.getPort(), null).send(
                "GET", "/devices/list", null, "");
        assertThat(r.status()).isEqualTo(401);
        Response basic = Http.client() == null ? null : sendWithHeader("Authorization", "Basic YWRtaW46cHVibGlj");
        assertThat(basic.status()).isEqualTo(401);
        assertThat(basic.error()).contains("must be 'Bearer <your lab API token>'");
    }

    private Response sendWithHeader(String name, String value) {
        try {
            var response = Http.client().send(new Http("http://127.0.0.1:" + server.getPort(), null)
                    .builder("/devices/list").header(name, value).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), Http.JSON.readTree(response.body()), response.body(), response);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void correctTokenIsAccepted() {
        assertThat(http.get("/devices/list").status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/livez", "/metrics", "/openapi.yml", "/swagger-ui/index.html"})
    void probesMetricsAndDocsAreOpen(String path) {
        assertThat(http.withToken(null).get(path).status()).isIn(200, 503);
    }

    @Test
    void refusesToStartWithoutATokenUnlessAuthIsDisabled() {
        Map<String, Object> props = Lab.properties(broker.port(), influx.url(), Lab.tempDir());
        props.remove("api.token");
        assertThatThrownBy(() -> ApplicationContext.run(EmbeddedServer.class, props).close())
                .rootCause().isInstanceOf(StartupRefusedException.class)
                .hasMessageContaining("API_TOKEN is not set").hasMessageContaining("API_AUTH_DISABLED=true");

        props.put("api.auth-disabled", "true");
        try (Lab open = Lab.start(props)) {
            assertThat(open.http.withToken(null).get("/devices/list").status()).isEqualTo(200);
        }
    }
}
