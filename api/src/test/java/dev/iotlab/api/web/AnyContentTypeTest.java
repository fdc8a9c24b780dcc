package dev.iotlab.api.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.iotlab.api.support.ApiTest;
import dev.iotlab.api.support.Http.Response;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A JSON body is read whatever Content-Type it comes with, or none; a bad one gets the helpful 400, not a 415. */
@MicronautTest
class AnyContentTypeTest extends ApiTest {

    @BeforeAll
    void brokerUp() {
        awaitBrokerConnected();
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @CsvSource(nullValues = "none", delimiter = '|', value = {
            "POST|/mqtt/subscribe|text/plain|{\"topic\": \"lab/any-type\"}|200",
            "POST|/mqtt/publish|none|{\"topic\": \"lab/any-type\", \"message\": \"hi\"}|200",
            "POST|/devices/register|application/octet-stream|{\"device_id\": \"any-001\", \"device_type\": \"switch\"}|201",
            "POST|/database/query|text/plain|{\"query\": \"buckets()\"}|200"})
    void aJsonBodyIsReadWhateverItsContentType(String method, String path, String type, String body, int status) {
        Response r = http.send(method, path, type, body);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json().get("success").asBoolean()).isTrue();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource(nullValues = "none", value = {"/mqtt/publish, text/plain", "/database/write, none",
            "/devices/register, application/xml"})
    void aBadBodyOfAnyContentTypeGetsTheHelpfulMessage(String path, String type) {
        Response r = http.send("POST", path, type, "{\"oops\": ");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.error()).startsWith("Request body is not valid JSON (line 1");
    }
}
