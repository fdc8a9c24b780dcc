package dev.iotlab.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.iotlab.api.support.ApiTest;
import dev.iotlab.api.support.FakeInflux;
import dev.iotlab.api.support.Http;
import dev.iotlab.api.support.Http.Response;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Contract test on the Flux request influxdb-client-java sends to /api/v2/query and on parsing InfluxDB 2's
 * annotated-CSV answers (several tables, schema changes, long/bool/string values) into the original rows.
 */
@MicronautTest
@Property(name = "api.max.query.rows", value = "5")
class InfluxQueryContractTest extends ApiTest {
    /** As InfluxDB 2.7 answers a mean-per-device query over two measurements: two schemas, three tables. */
    static final String CSV = "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,"
            + "string,string,string,string\r\n"
            + "#group,false,false,true,true,false,false,true,true,true,true,true\r\n"
            + "#default,_result,,,,,,,,,,\r\n"
            + ",result,table,_start,_stop,_time,_value,_field,_measurement,device_id,device_type,location\r\n"
            + ",,0,2024-05-01T11:00:00Z,2024-05-01T12:00:00Z,2024-05-01T11:05:00.123456789Z,21.25,value,temperature,"
            + "temp-001,temperature,living-room\r\n"
            + ",,0,2024-05-01T11:00:00Z,2024-05-01T12:00:00Z,2024-05-01T11:10:00Z,21.5,value,temperature,temp-001,"
            + "temperature,living-room\r\n"
            + ",,1,2024-05-01T11:00:00Z,2024-05-01T12:00:00Z,2024-05-01T11:05:00Z,48.1,value,humidity,hum-001,"
            + "humidity,living-room\r\n"
            + "\r\n"
            + "#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,long,string,string,string,"
            + "string,string,boolean\r\n"
            + "#group,false,false,true,true,false,false,true,true,true,true,true,false\r\n"
            + "#default,_result,,,,,,,,,,,\r\n"
            + ",result,table,_start,_stop,_time,_value,_field,_measurement,device_id,device_type,location,online\r\n"
            + ",,2,2024-05-01T11:00:00Z,2024-05-01T12:00:00Z,2024-05-01T11:05:00Z,1,value,switch,switch-001,switch,"
            + "kitchen,true\r\n"
            + "\r\n";

    @Test
    void fluxIsPostedAsJsonWithTheOrgAndTheAnnotatedCsvDialect() throws Exception {
        String flux = "from(bucket: \"iot-data\")\n  |> range(start: -1h)\n  |> filter(fn: (r) => r._measurement == \"temperature\")";
        http.post("/database/query", Map.of("query", flux));
        FakeInflux.Request q = influx.requests("/api/v2/query").get(0);
        assertThat(q.method()).isEqualTo("POST");
        assertThat(q.query()).isEqualTo("org=iot-org");
        assertThat(q.header("Authorization")).isEqualTo("Token influx-token-abc");
        assertThat(q.header("Content-Type")).startsWith("application/json");
        JsonNode body = Http.JSON.readTree(q.body());
        assertThat(body.get("query").asText()).isEqualTo(flux);
        assertThat(body.get("type").asText()).isEqualTo("flux");
        assertThat(body.at("/dialect/header").asBoolean()).isTrue();
        assertThat(body.at("/dialect/annotations")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("datatype", "group", "default");
    }

    @Test
    void annotatedCsvIsFlattenedToTheOriginalRows() {
        influx.reply("/api/v2/query", 200, "text/csv; charset=utf-8", CSV);
        Response r = http.post("/database/query", Map.of("query", "from(bucket: \"iot-data\") |> range(start: -1h)"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("count").asInt()).isEqualTo(4);
        JsonNode rows = r.json().get("results");
        assertThat(rows.get(0).get("time").asText()).isEqualTo("2024-05-01T11:05:00.123456+00:00");
        assertThat(rows.get(0).get("value").asDouble()).isEqualTo(21.25);
        assertThat(rows.get(0).get("tags").toString())
                .isEqualTo("{\"device_id\":\"temp-001\",\"device_type\":\"temperature\",\"location\":\"living-room\"}");
        assertThat(rows.get(1).get("time").asText()).isEqualTo("2024-05-01T11:10:00+00:00");
        assertThat(rows.get(2).get("measurement").asText()).isEqualTo("humidity");
        JsonNode sw = rows.get(3);
        assertThat(sw.get("measurement").asText()).isEqualTo("switch");
        assertThat(sw.get("field").asText()).isEqualTo("value");
        assertThat(sw.get("value").isIntegralNumber()).isTrue();
        assertThat(sw.get("value").asLong()).isEqualTo(1L);
        assertThat(sw.at("/tags/online").asBoolean()).isTrue();
        assertThat(sw.get("tags").has("_start")).isFalse();
        assertThat(sw.get("tags").has("result")).isFalse();
    }

    @Test
    void emptyResultIsAnEmptyList() {
        Response r = http.post("/database/query", Map.of("query", "from(bucket: \"iot-data\") |> range(start: -1m)"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("count").asInt()).isZero();
        assertThat(r.json().get("results").size()).isZero();
    }

    @Test
    void fluxErrorIsA400WithInfluxsMessage() {
        influx.reply("/api/v2/query", 400, "application/json",
                "{\"code\":\"invalid\",\"message\":\"compilation failed: error at @1:1-1:5: undefined identifier frm\"}");
        Response r = http.post("/database/query", Map.of("query", "frm(bucket: \"iot-data\")"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("InfluxDB rejected the query: compilation failed: error at @1:1-1:5: "
                + "undefined identifier frm");
    }

    @Test
    void moreRowsThanTheLimitIs413WithAdvice() {
        StringBuilder csv = new StringBuilder("#datatype,string,long,dateTime:RFC3339,double,string,string\r\n"
                + "#group,false,false,false,false,true,true\r\n#default,_result,,,,,\r\n"
                + ",result,table,_time,_value,_field,_measurement\r\n");
        for (int i = 0; i < 8; i++) {
            csv.append(",,0,2024-05-01T11:0").append(i).append(":00Z,").append(i).append(".5,value,temperature\r\n");
        }
        influx.reply("/api/v2/query", 200, "text/csv; charset=utf-8", csv.append("\r\n").toString());
        Response r = http.post("/database/query", Map.of("query", "from(bucket: \"iot-data\") |> range(start: -1d)"));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.error()).contains("more than 5 rows").contains("limit(n:");
    }
}
