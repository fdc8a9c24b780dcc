package dev.iotlab.api.web;

import dev.iotlab.api.support.ApiTest;
import dev.iotlab.api.support.Http.Response;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Bad requests: status, the {"error"} shape only, and a message that says how to fix the request. */
@MicronautTest
class BadRequestTableTest extends ApiTest {

    @BeforeAll
    void setUp() {
        awaitBrokerConnected();
        new dev.iotlab.api.support.Http("http://127.0.0.1:" + server.getPort(), dev.iotlab.api.support.Lab.TOKEN)
                .post("/devices/register", "{\"device_id\": \"bad-001\", \"device_type\": \"switch\"}");
    }

    static Stream<Arguments> badRequests() {
        String big = "x".repeat(262_145);
        String hugeQuery = "buckets() // " + "y".repeat(17_000);
        return Stream.of(
                // method, path, body, status, message fragment
                arguments("POST", "/mqtt/publish", "", 400, "Request body is empty"),
                arguments("POST", "/mqtt/publish", "{\"topic\": \"a\", ", 400, "not valid JSON (line 1"),
                arguments("POST", "/mqtt/publish", "[1, 2]", 400, "must be a JSON object"),
                arguments("POST", "/mqtt/publish", "{\"message\": \"hi\"}", 400, "Missing required field 'topic'"),
                arguments("POST", "/mqtt/publish", "{\"topic\": \"a/b\"}", 400, "Missing required field 'message'"),
                arguments("POST", "/mqtt/publish", "{\"topic\": 5, \"message\": \"hi\"}", 400,
                        "Field 'topic' must be a string"),
                arguments("POST", "/mqtt/publish", "{\"topic\": \"sensors/+/x\", \"message\": \"hi\"}", 400,
                        "wildcards are only allowed when subscribing"),
                arguments("POST", "/mqtt/publish", "{\"topic\": \"sensors/#\", \"message\": \"hi\"}", 400,
                        "contains a wildcard"),
                arguments("POST", "/mqtt/publish", "{\"topic\": \"$SYS/x\", \"message\": \"hi\"}", 400,
                        "reserved for the broker"),
                arguments("POST", "/mqtt/publish", "{\"topic\": \"\", \"message\": \"hi\"}", 400, "Topic is empty"),
                arguments("POST", "/mqtt/publish", "{\"topic\": \"a\", \"message\": \"hi\", \"qos\": 3}", 400,
                        "'qos' must be 0, 1 or 2 (got 3)"),
                arguments("POST", "/mqtt/publish", "{\"topic\": \"a\", \"message\": \"hi\", \"qos\": \"1\"}", 400,
                        "'qos' must be 0, 1 or 2"),
                arguments("POST", "/mqtt/publish", "{\"topic\": \"a\", \"message\": \"" + big + "\"}", 413,
                        "the limit is 262144 bytes"),
                arguments("POST", "/mqtt/subscribe", "{\"topic\": \"sensors/#/x\"}", 400,
                        "'#' must be a whole level and the last one"),
                arguments("POST", "/mqtt/subscribe", "{\"topic\": \"sensors/temp+\"}", 400,
                        "'+' must be a whole level"),
                arguments("POST", "/mqtt/subscribe", "{\"topic\": \"a\", \"qos\": -1}", 400, "'qos' must be 0, 1 or 2"),
                arguments("GET", "/mqtt/messages", null, 400, "Missing query parameter 'topic'"),
                arguments("GET", "/mqtt/messages?topic=a&limit=0", null, 400, "'limit' must be between 1 and 1000"),
                arguments("GET", "/mqtt/stream?topic=a/%23/b", null, 400, "'#' must be a whole level"),
                arguments("POST", "/database/write", "{\"fields\": {\"v\": 1}}", 400,
                        "Missing required field 'measurement'"),
                arguments("POST", "/database/write", "{\"measurement\": \"t\"}", 400, "Missing required field 'fields'"),
                arguments("POST", "/database/write", "{\"measurement\": \"t\", \"fields\": {}}", 400,
                        "must be a non-empty object"),
                arguments("POST", "/database/write", "{\"measurement\": \"_t\", \"fields\": {\"v\": 1}}", 400,
                        "starts with '_', which InfluxDB reserves"),
                arguments("POST", "/database/write", "{\"measurement\": \"my temp\", \"fields\": {\"v\": 1}}", 400,
                        "Measurement name 'my temp' is invalid"),
                arguments("POST", "/database/write", "{\"measurement\": \"t\", \"fields\": {\"v\": {\"a\": 1}}}", 400,
                        "Field 'v' must be a number, boolean or string (got object)"),
                arguments("POST", "/database/write", "{\"measurement\": \"t\", \"fields\": {\"v\": null}}", 400,
                        "(got null)"),
                arguments("POST", "/database/write",
                        "{\"measurement\": \"t\", \"fields\": {\"v\": 1}, \"tags\": {\"loc\": \"\"}}", 400,
                        "Tag 'loc' must be 1 to 256 characters"),
                arguments("POST", "/database/write",
                        "{\"measurement\": \"t\", \"fields\": {\"v\": 1}, \"tags\": {\"bad key\": \"x\"}}", 400,
                        "Tag name 'bad key' is invalid"),
                arguments("POST", "/database/write",
                        "{\"measurement\": \"t\", \"fields\": {\"v\": 1}, \"tags\": [\"x\"]}", 400,
                        "'tags' must be an object"),
                arguments("POST", "/database/write",
                        "{\"measurement\": \"t\", \"fields\": {\"v\": 1}, \"timestamp\": \"yesterday\"}", 400,
                        "is not ISO-8601"),
                arguments("POST", "/database/query", "{}", 400, "Missing required field 'query'"),
                arguments("POST", "/database/query", "{\"query\": \"  \"}", 400, "Field 'query' is empty"),
                arguments("POST", "/database/query", "{\"query\": \"" + hugeQuery + "\"}", 413, "the limit is 16384"),
                arguments("POST", "/devices/register", "{\"device_type\": \"switch\"}", 400,
                        "Missing required field 'device_id'"),
                arguments("POST", "/devices/register", "{\"device_id\": \"a/b\", \"device_type\": \"switch\"}", 400,
                        "Device_id 'a/b' is invalid"),
                arguments("POST", "/devices/register", "{\"device_id\": \"x-1\"}", 400,
                        "Missing required field 'device_type'"),
                arguments("PUT", "/devices/bad-001/status", "{\"status\": \"broken\"}", 400,
                        "use active, inactive or maintenance"),
                arguments("PUT", "/devices/bad-001/status", "{}", 400, "Missing required field 'status'"),
                arguments("GET", "/devices/does-not-exist", null, 404, "Device not found"),
                arguments("DELETE", "/devices/does-not-exist", null, 404, "Device not found"),
                arguments("POST", "/devices/bad-001/command", "{\"action\": \"explode\"}", 400,
                        "use on, off, toggle or set"),
                arguments("POST", "/devices/bad-001/command", "{\"action\": \"set\"}", 400,
                        "needs a numeric 'setpoint'"),
                arguments("GET", "/no/such/endpoint", null, 404, "GET / lists the endpoints"),
                arguments("DELETE", "/mqtt/publish", null, 405, "Method DELETE is not allowed"),
                arguments("POST", "/database/write", "{\"measurement\": \"t\", \"fields\": {\"v\": \""
                        + "z".repeat(1_100_000) + "\"}}", 413, "Request body too large")
        );
    }

    @ParameterizedTest(name = "{0} {1} -> {3}: {4}")
    @MethodSource("badRequests")
    void badRequestGetsStatusAndAHelpfulMessage(String method, String path, String body, int status,
                                                String message) {
        Response r = body == null
                ? http.send(method, path, null, "")
                : http.send(method, path, "application/json", body);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.json()).as(r.body()).isNotNull();
        assertThat(r.json().fieldNames()).toIterable().containsExactly("error");
        assertThat(r.error()).contains(message);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
