package dev.iotlab.api.influx;

import com.influxdb.query.FluxRecord;
import dev.iotlab.api.support.Http.Response;
import dev.iotlab.api.support.Lab;
import dev.iotlab.api.support.RealInfluxTest;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /database/write} against a real InfluxDB 2.7: the point is really in the bucket — read back with Flux,
 * with its tags, field types and time — and InfluxDB's refusals reach the student as what they are.
 */
class DatabaseWriteTest extends RealInfluxTest {
    /** Yesterday noon (UTC): inside the lab bucket's 30-day retention, which InfluxDB enforces on writes. */
    private static final Instant NOON = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(java.time.Duration.ofHours(12));
    private static final String DAY = "range(start: " + NOON.minus(java.time.Duration.ofHours(12)) + ", stop: "
            + NOON.plus(java.time.Duration.ofHours(12)) + ")";

    /** NOON plus an offset, as ISO-8601 text with nanoseconds. */
    private static String at(long nanos) {
        return NOON.plusNanos(nanos).toString();
    }

    private List<FluxRecord> measurement(String name, String range) {
        return readBack("from(bucket: \"" + influx.bucket() + "\") |> " + range
                + " |> filter(fn: (r) => r._measurement == \"" + name + "\")");
    }

    @Test
    void aPointIsReallyInTheBucketWithItsTagsFieldTypesAndNanosecondTime() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("value", 21.5);
        fields.put("count", 3);
        fields.put("on", true);
        fields.put("note", "ok \"quoted\", with, commas");
        Response r = http.post("/database/write", Map.of("measurement", "temperature", "fields", fields,
                "tags", Map.of("device_id", "temp-001", "location", "living room", "device_type", "temperature"),
                "timestamp", at(123_456_789)));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().fieldNames()).toIterable()
                .containsExactly("success", "measurement", "fields", "tags", "timestamp");
        assertThat(r.json().get("timestamp").asText()).isEqualTo(InfluxGateway.isoformat(NOON.plusNanos(123_456_000)));

        List<FluxRecord> stored = measurement("temperature", DAY);
        assertThat(stored).hasSize(4).allSatisfy(rec -> {
            assertThat(rec.getTime()).isEqualTo(NOON.plusNanos(123_456_789));
            assertThat(rec.getValueByKey("device_id")).isEqualTo("temp-001");
            assertThat(rec.getValueByKey("location")).isEqualTo("living room");
            assertThat(rec.getValueByKey("device_type")).isEqualTo("temperature");
        });
        Map<String, Object> byField = new LinkedHashMap<>();
        stored.forEach(rec -> byField.put(rec.getField(), rec.getValue()));
        // JSON integers are InfluxDB integers, decimals floats, as the original Python client wrote them
        assertThat(byField).containsEntry("value", 21.5).containsEntry("count", 3L).containsEntry("on", true)
                .containsEntry("note", "ok \"quoted\", with, commas");
    }

    @Test
    void withoutATimestampTheServerStampsThePointNow() {
        Instant before = Instant.now();
        assertThat(http.post("/database/write", Map.of("measurement", "humidity", "fields", Map.of("value", 55),
                "tags", Map.of("device_id", "hum-001"))).status()).isEqualTo(200);
        List<FluxRecord> stored = measurement("humidity", "range(start: -1h)");
        assertThat(stored).singleElement().satisfies(rec -> {
            assertThat(rec.getValue()).isEqualTo(55L);
            assertThat(rec.getTime()).isBetween(before.minusSeconds(5), Instant.now().plusSeconds(5));
        });
    }

    @Test
    void epochSecondsMillisNanosAndIsoWithoutOffsetLandAtTheSameInstantsAsTheOriginal() {
        long s = NOON.getEpochSecond();
        String local = java.time.LocalDateTime.ofInstant(NOON.plusMillis(3500), java.time.ZoneOffset.UTC).toString();
        String plusTwo = NOON.plusSeconds(4).atOffset(java.time.ZoneOffset.ofHours(2)).toString();
        List<Object> stamps = List.of(s, (s + 1) * 1000 + 500, (s + 2) * 1_000_000_000L + 123, local, plusTwo);
        for (int i = 0; i < stamps.size(); i++) {
            Response r = http.post("/database/write", Map.of("measurement", "stamps", "fields", Map.of("i", i),
                    "timestamp", stamps.get(i)));
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        assertThat(measurement("stamps", DAY)).extracting(FluxRecord::getTime).containsExactly(
                NOON, NOON.plusMillis(1500), NOON.plusSeconds(2).plusNanos(123), NOON.plusMillis(3500), NOON.plusSeconds(4));
    }

    @Test
    void aPointOlderThanTheBucketsRetentionIsA400WithInfluxDbsReason() {
        // the original's examples wrote fixed dates; a lab bucket keeps 30 days and InfluxDB drops older points
        Response r = http.post("/database/write", Map.of("measurement", "old", "fields", Map.of("value", 1.0),
                "timestamp", "2024-05-01T12:00:00Z"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).startsWith("InfluxDB rejected the write: ").contains("retention");
        assertThat(measurement("old", "range(start: 0)")).isEmpty();
    }

    @Test
    void aFieldTypeConflictIsA400WithInfluxDbsOwnReasonAndNothingIsWritten() {
        assertThat(http.post("/database/write", Map.of("measurement", "conflict", "fields", Map.of("value", 1.5),
                "timestamp", at(-3_600_000_000_000L))).status()).isEqualTo(200);
        Response r = http.post("/database/write", Map.of("measurement", "conflict", "fields", Map.of("value", "warm"),
                "timestamp", at(-3_599_000_000_000L)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).startsWith("InfluxDB rejected the write: ").contains("field type conflict")
                .contains("\"value\"").contains("conflict");
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at com.");
        assertThat(measurement("conflict", DAY)).extracting(FluxRecord::getValue).containsExactly(1.5);
    }

    @Test
    void aWrongTokenIsA503ThatNamesTheSettingAndWritesNothing() {
        Map<String, Object> props = Lab.properties(dev.iotlab.api.support.Broker.shared().port(), influx, Lab.tempDir());
        props.put("influxdb.token", "not-the-lab-token");
        try (Lab wrong = Lab.start(props)) {
            Response write = wrong.http.post("/database/write", Map.of("measurement", "intruder",
                    "fields", Map.of("value", 1.0)));
            assertThat(write.status()).isEqualTo(503);
            assertThat(write.error()).isEqualTo("InfluxDB refused the API's credentials for the write "
                    + "(check INFLUXDB_TOKEN and INFLUXDB_ORG)");
            Response query = wrong.http.post("/database/query", Map.of("query",
                    "from(bucket: \"" + influx.bucket() + "\") |> range(start: -1h)"));
            assertThat(query.status()).isEqualTo(503);
            assertThat(query.error()).contains("credentials").contains("INFLUXDB_TOKEN");
            Response test = wrong.http.get("/database/test");
            assertThat(test.status()).isEqualTo(503);
            assertThat(test.error()).contains("INFLUXDB_TOKEN");
            Response health = wrong.http.withToken(null).get("/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().at("/database/status").asText()).isEqualTo("down");
            assertThat(health.json().at("/database/detail").asText()).contains("INFLUXDB_TOKEN");
        }
        assertThat(measurement("intruder", "range(start: -1h)")).isEmpty();
    }

    @Test
    void aWriteIsReadableAtOnce() {
        // the original's scripts write and then query straight away: a blocking write must be visible when it returns
        for (int i = 0; i < 20; i++) {
            assertThat(http.post("/database/write", Map.of("measurement", "at_once", "fields", Map.of("n", i)))
                    .status()).isEqualTo(200);
            assertThat(measurement("at_once", "range(start: -1h)")).hasSize(i + 1);
        }
        assertThat(measurement("at_once", "range(start: -1h)")).extracting(FluxRecord::getValue)
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 20).boxed().map(Object.class::cast).toList());
    }
}
