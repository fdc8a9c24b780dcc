package dev.iotlab.api;

import dev.iotlab.api.support.ApiTest;
import dev.iotlab.api.support.FakeInflux;
import dev.iotlab.api.support.Http.Response;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract test on the exact HTTP that influxdb-client-java sends to InfluxDB 2's /api/v2/write for
 * POST /database/write (InfluxDB 2 cannot run on this machine; the recording server stands in for it).
 */
@MicronautTest
class InfluxWriteContractTest extends ApiTest {

    private FakeInflux.Request onlyWrite() {
        assertThat(influx.requests("/api/v2/write")).hasSize(1);
        return influx.requests("/api/v2/write").get(0);
    }

    @Test
    void pointBecomesLineProtocolWithTagsFieldsAndNanosecondTimestamp() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("value", 21.5);
        fields.put("count", 3);
        fields.put("on", true);
        fields.put("note", "ok \"quoted\"");
        Response r = http.post("/database/write", Map.of("measurement", "temperature", "fields", fields,
                "tags", Map.of("device_id", "temp-001", "location", "living room", "device_type", "temperature"),
                "timestamp", "2024-05-01T12:00:00Z"));
        assertThat(r.status()).isEqualTo(200);
        FakeInflux.Request w = onlyWrite();
        assertThat(w.method()).isEqualTo("POST");
        assertThat(w.query()).contains("org=iot-org").contains("bucket=iot-data").contains("precision=ns");
        assertThat(w.header("Authorization")).isEqualTo("Token influx-token-abc");
        assertThat(w.body().trim()).isEqualTo("temperature,device_id=temp-001,device_type=temperature,"
                + "location=living\\ room count=3i,note=\"ok \\\"quoted\\\"\",on=true,value=21.5 1714564800000000000");
    }

    @Test
    void withoutTimestampTheServerAssignsTheTime() {
        http.post("/database/write", Map.of("measurement", "humidity", "fields", Map.of("value", 55)));
        assertThat(onlyWrite().body().trim()).isEqualTo("humidity value=55i");
    }

    @Test
    void epochSecondsMillisAndNaiveIsoTimestampsAreUnderstood() {
        http.post("/database/write", Map.of("measurement", "m", "fields", Map.of("v", 1.0), "timestamp", 1714564800));
        http.post("/database/write", Map.of("measurement", "m", "fields", Map.of("v", 1.0),
                "timestamp", 1714564800123L));
        http.post("/database/write", Map.of("measurement", "m", "fields", Map.of("v", 1.0),
                "timestamp", "2024-05-01T12:00:00.5"));
        assertThat(influx.requests("/api/v2/write")).extracting(req -> req.body().trim()).containsExactly(
                "m v=1.0 1714564800000000000", "m v=1.0 1714564800123000000", "m v=1.0 1714564800500000000");
    }

    @Test
    void influxRejectionIsA400WithInfluxsReasonNotAStackTrace() {
        influx.reply("/api/v2/write", 422, "application/json", "{\"code\":\"unprocessable entity\","
                + "\"message\":\"failure writing points to database: partial write: field type conflict: input field "
                + "\\\"value\\\" on measurement \\\"temperature\\\" is type integer, already exists as type float "
                + "dropped=1\"}");
        Response r = http.post("/database/write", Map.of("measurement", "temperature", "fields", Map.of("value", 21)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).startsWith("InfluxDB rejected the write").contains("field type conflict");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at com.");
    }

    @Test
    void wrongTokenIs503ThatNamesTheSetting() {
        influx.reply("/api/v2/write", 401, "application/json", "{\"code\":\"unauthorized\",\"message\":\"unauthorized access\"}");
        Response r = http.post("/database/write", Map.of("measurement", "temperature", "fields", Map.of("value", 1.0)));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.error()).contains("INFLUXDB_TOKEN");
    }
}
