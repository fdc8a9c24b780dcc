package dev.iotlab.api.influx;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlab.api.support.Http.Response;
import dev.iotlab.api.support.RealInfluxTest;
import dev.iotlab.testsupport.InfluxDb;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /database/query} against a real InfluxDB 2.7: the workshop's own Flux (module 3: last hour, mean per
 * device, last value; module 6: aggregateWindow, group) over readings written with known values, answered in the
 * original API's shape {@code {success, results:[{time, measurement, field, value, tags}], count}} built from the
 * server's real annotated CSV. Expected values are computed here from the readings, never copied from an answer.
 */
class DatabaseQueryTest extends RealInfluxTest {
    static final int MAX_ROWS = 40;
    /** device → location, two rooms; six readings each, 5 minutes apart, on whole minutes within the last hour. */
    static final Map<String, String> DEVICES = Map.of("temp-001", "living-room", "temp-002", "bedroom",
            "temp-003", "living-room");
    final Map<String, List<Reading>> readings = new TreeMap<>();

    record Reading(Instant time, double value) {
    }

    @Override
    protected Map<String, Object> apiProperties(Map<String, Object> defaults) {
        defaults.put("api.max-query-rows", MAX_ROWS);
        return defaults;
    }

    @BeforeAll
    void writeReadings() {
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(40));
        StringBuilder lines = new StringBuilder();
        int d = 0;
        for (Map.Entry<String, String> device : new TreeMap<>(DEVICES).entrySet()) {
            for (int i = 0; i < 6; i++) {
                Instant t = base.plus(Duration.ofMinutes(5L * i));
                double value = 18.0 + d * 2.5 + i * 0.75 + (i % 2 == 0 ? 0.125 : -0.25);
                readings.computeIfAbsent(device.getKey(), k -> new ArrayList<>()).add(new Reading(t, value));
                lines.append("temperature,device_id=").append(device.getKey()).append(",device_type=temperature,location=")
                        .append(device.getValue()).append(" value=").append(value).append(' ').append(t.toEpochMilli())
                        .append('\n');
            }
            d++;
        }
        // a second measurement with other field types, so answers hold several tables with different schemas
        lines.append("switch,device_id=switch-001,device_type=switch,location=kitchen value=1i,on=true,state=\"on\" ")
                .append(base.toEpochMilli()).append('\n');
        influx.write(lines.toString(), "ms");
    }

    String bucket() {
        return influx.bucket();
    }

    Response query(String flux) {
        return http.post("/database/query", Map.of("query", flux));
    }

    static List<JsonNode> rows(Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().fieldNames()).toIterable().containsExactly("success", "results", "count");
        assertThat(r.json().get("success").asBoolean()).isTrue();
        List<JsonNode> rows = StreamSupport.stream(r.json().get("results").spliterator(), false).toList();
        assertThat(r.json().get("count").asInt()).isEqualTo(rows.size());
        assertThat(rows).allSatisfy(row -> assertThat(row.fieldNames()).toIterable()
                .containsExactly("time", "measurement", "field", "value", "tags"));
        return rows;
    }

    /** Python's isoformat() of an instant, as the original printed times. */
    static String iso(Instant t) {
        return InfluxGateway.isoformat(t);
    }

    @Test
    void lastHourReturnsEveryReadingWithItsTimeValueAndTags() {
        List<JsonNode> rows = rows(query("from(bucket: \"" + bucket() + "\")\n  |> range(start: -1h)\n"
                + "  |> filter(fn: (r) => r._measurement == \"temperature\" and r._field == \"value\")"));
        List<String> expected = new ArrayList<>();
        readings.forEach((device, list) -> list.forEach(rd -> expected.add(
                device + " " + iso(rd.time()) + " " + rd.value() + " " + DEVICES.get(device))));
        assertThat(rows).extracting(row -> row.at("/tags/device_id").asText() + " " + row.get("time").asText() + " "
                + row.get("value").asDouble() + " " + row.at("/tags/location").asText()).containsExactlyElementsOf(expected);
        JsonNode first = rows.get(0);
        assertThat(first.get("measurement").asText()).isEqualTo("temperature");
        assertThat(first.get("field").asText()).isEqualTo("value");
        // tags are the record's columns without '_' and without result/table, as the original computed them
        assertThat(first.get("tags").fieldNames()).toIterable()
                .containsExactlyInAnyOrder("device_id", "device_type", "location");
    }

    @Test
    void meanPerDeviceIsOneRowPerDeviceWithoutATime() {
        List<JsonNode> rows = rows(query("from(bucket: \"" + bucket() + "\")\n  |> range(start: -1h)\n"
                + "  |> filter(fn: (r) => r._measurement == \"temperature\" and r._field == \"value\")\n  |> mean()"));
        Map<String, Double> expected = new TreeMap<>();
        readings.forEach((device, list) -> expected.put(device,
                list.stream().mapToDouble(Reading::value).average().orElseThrow()));
        Map<String, Double> got = new TreeMap<>();
        rows.forEach(row -> got.put(row.at("/tags/device_id").asText(), row.get("value").asDouble()));
        assertThat(got.keySet()).isEqualTo(expected.keySet());
        expected.forEach((device, mean) -> assertThat(got.get(device)).isCloseTo(mean,
                org.assertj.core.data.Offset.offset(1e-9)));
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("time").isNull()).as("mean() has no _time column").isTrue();
            assertThat(row.get("measurement").asText()).isEqualTo("temperature");
        });
    }

    @Test
    void lastValueIsEachDevicesNewestReadingWithItsLocation() {
        List<JsonNode> rows = rows(query("from(bucket: \"" + bucket() + "\")\n  |> range(start: -1h)\n"
                + "  |> filter(fn: (r) => r._measurement == \"temperature\" and r._field == \"value\")\n  |> last()"));
        List<String> expected = new ArrayList<>();
        readings.forEach((device, list) -> {
            Reading last = list.get(list.size() - 1);
            expected.add(device + " " + DEVICES.get(device) + " " + last.value() + " " + iso(last.time()));
        });
        assertThat(rows).extracting(row -> row.at("/tags/device_id").asText() + " " + row.at("/tags/location").asText()
                + " " + row.get("value").asDouble() + " " + row.get("time").asText()).containsExactlyElementsOf(expected);
    }

    @Test
    void aggregateWindowGivesOneMeanPerWindowStampedAtTheWindowsEnd() {
        List<JsonNode> rows = rows(query("from(bucket: \"" + bucket() + "\")\n  |> range(start: -1h)\n"
                + "  |> filter(fn: (r) => r._measurement == \"temperature\" and r._field == \"value\")\n"
                + "  |> aggregateWindow(every: 10m, fn: mean, createEmpty: false)"));
        List<String> expected = new ArrayList<>();
        readings.forEach((device, list) -> {
            Map<Instant, List<Double>> windows = new TreeMap<>();
            for (Reading rd : list) {
                long stop = (rd.time().getEpochSecond() / 600 + 1) * 600;
                windows.computeIfAbsent(Instant.ofEpochSecond(stop), k -> new ArrayList<>()).add(rd.value());
            }
            windows.forEach((stop, values) -> expected.add(device + " " + iso(stop) + " "
                    + Math.round(values.stream().mapToDouble(Double::doubleValue).average().orElseThrow() * 1e6)));
        });
        assertThat(rows).extracting(row -> row.at("/tags/device_id").asText() + " " + row.get("time").asText() + " "
                + Math.round(row.get("value").asDouble() * 1e6)).containsExactlyElementsOf(expected);
    }

    @Test
    void groupByLocationThenMaxGivesTheWarmestReadingPerRoom() {
        List<JsonNode> rows = rows(query("from(bucket: \"" + bucket() + "\")\n  |> range(start: -1h)\n"
                + "  |> filter(fn: (r) => r._measurement == \"temperature\" and r._field == \"value\")\n"
                + "  |> group(columns: [\"location\"])\n  |> max()"));
        Map<String, Double> expected = new TreeMap<>();
        readings.forEach((device, list) -> list.forEach(rd -> expected.merge(DEVICES.get(device), rd.value(), Math::max)));
        Map<String, Double> got = new TreeMap<>();
        rows.forEach(row -> got.put(row.at("/tags/location").asText(), row.get("value").asDouble()));
        assertThat(got).isEqualTo(expected);
        // max() is a selector: the row keeps the device it came from
        assertThat(rows).allSatisfy(row -> assertThat(DEVICES.get(row.at("/tags/device_id").asText()))
                .isEqualTo(row.at("/tags/location").asText()));
    }

    @Test
    void integerBooleanAndStringFieldsKeepTheirJsonTypesAcrossTablesWithDifferentSchemas() {
        List<JsonNode> rows = rows(query("from(bucket: \"" + bucket() + "\") |> range(start: -1h)\n"
                + "  |> filter(fn: (r) => r._measurement == \"switch\")"));
        Map<String, JsonNode> byField = new LinkedHashMap<>();
        rows.forEach(row -> byField.put(row.get("field").asText(), row.get("value")));
        assertThat(byField.keySet()).containsExactlyInAnyOrder("value", "on", "state");
        assertThat(byField.get("value").isIntegralNumber()).isTrue();
        assertThat(byField.get("value").asLong()).isEqualTo(1);
        assertThat(byField.get("on").isBoolean()).isTrue();
        assertThat(byField.get("state").asText()).isEqualTo("on");
    }

    @Test
    void anEmptyResultIsAnEmptyList() {
        List<JsonNode> rows = rows(query("from(bucket: \"" + bucket() + "\") |> range(start: -1h)\n"
                + "  |> filter(fn: (r) => r._measurement == \"nothing-here\")"));
        assertThat(rows).isEmpty();
    }

    @Test
    void aFluxSyntaxErrorIsA400WithInfluxDbsOwnMessage() {
        String flux = "frm(bucket: \"" + bucket() + "\") |> range(start: -1h)";
        InfluxDb.Response direct = influx.query(flux);
        assertThat(direct.status()).isEqualTo(400);
        Response r = query(flux);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("InfluxDB rejected the query: " + direct.message());
        assertThat(r.error()).contains("undefined identifier frm");
    }

    @Test
    void anUnknownBucketIsA400WithInfluxDbsOwnMessage() {
        String flux = "from(bucket: \"no-such-bucket\") |> range(start: -1h)";
        InfluxDb.Response direct = influx.query(flux);
        Response r = query(flux);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("InfluxDB rejected the query: " + direct.message());
        assertThat(r.error()).contains("no-such-bucket");
    }

    @Test
    void anErrorWhileTheQueryRunsIsA400WithInfluxDbsMessageNotAnOutage() {
        // compiles, then fails on the first record (string → int): InfluxDB reports it in the result stream
        String flux = "from(bucket: \"" + bucket() + "\") |> range(start: -1h)\n"
                + "  |> filter(fn: (r) => r._measurement == \"temperature\")\n"
                + "  |> map(fn: (r) => ({r with n: int(v: \"warm\")}))";
        Response r = query(flux);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.error()).startsWith("InfluxDB rejected the query: ").contains("warm");
        assertThat(r.body()).doesNotContain("Exception");
    }

    @Test
    void anErrorReportedInsideTheResultStreamIsA400WithInfluxDbsMessageNotAnOutage() {
        // Two results, the second failing at run time. InfluxDB encodes results in no fixed order: when the good one
        // goes first the answer is HTTP 200 with an error table after it in the CSV, otherwise a plain 400. Both
        // happen within a few tries; the API must answer both the same way.
        String flux = "import \"array\"\n"
                + "array.from(rows: [{_value: 1}]) |> yield(name: \"first\")\n"
                + "array.from(rows: [{_value: \"warm\"}]) |> map(fn: (r) => ({r with n: int(v: r._value)})) "
                + "|> yield(name: \"second\")";
        int inStream = 0;
        for (int i = 0; i < 24; i++) {
            InfluxDb.Response direct = influx.query(flux);
            if (direct.status() == 200) {
                assertThat(direct.body()).contains(",error,reference");
                inStream++;
            }
            Response r = query(flux);
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.error()).startsWith("InfluxDB rejected the query: ").contains("cannot convert string")
                    .contains("warm");
        }
        assertThat(inStream).as("InfluxDB answered 200 with an error table at least once").isPositive();
    }

    @Test
    void moreRowsThanTheLimitIsA413WithAdvice() {
        StringBuilder lines = new StringBuilder();
        long now = Instant.now().minusSeconds(60).toEpochMilli();
        for (int i = 0; i <= MAX_ROWS; i++) {
            lines.append("many value=").append(i).append(".5 ").append(now + i).append('\n');
        }
        influx.write(lines.toString(), "ms");
        Response r = query("from(bucket: \"" + bucket() + "\") |> range(start: -1h)\n"
                + "  |> filter(fn: (r) => r._measurement == \"many\")");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.error()).contains("more than " + MAX_ROWS + " rows").contains("limit(n:");
        assertThat(rows(query("from(bucket: \"" + bucket() + "\") |> range(start: -1h)\n"
                + "  |> filter(fn: (r) => r._measurement == \"many\") |> limit(n: 10)"))).hasSize(10);
    }

    @Test
    void databaseTestListsTheServersRealBuckets() throws Exception {
        InfluxDb.Response direct = influx.get("/api/v2/buckets?limit=100");
        assertThat(direct.status()).isEqualTo(200);
        List<String> real = new ArrayList<>();
        dev.iotlab.api.support.Http.JSON.readTree(direct.body()).get("buckets").forEach(b -> real.add(b.get("name").asText()));
        Response r = http.get("/database/test");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().fieldNames()).toIterable().containsExactly("success", "url", "org", "bucket", "buckets");
        assertThat(r.json().get("url").asText()).isEqualTo(influx.url());
        assertThat(r.json().get("org").asText()).isEqualTo(influx.org());
        assertThat(r.json().get("bucket").asText()).isEqualTo(influx.bucket());
        assertThat(r.json().get("buckets")).extracting(JsonNode::asText)
                .contains(influx.bucket(), "_monitoring", "_tasks");
        assertThat(real).isNotEmpty();
        assertThat(r.json().get("buckets")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(real);
    }
}
