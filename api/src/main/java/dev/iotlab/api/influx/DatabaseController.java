package dev.iotlab.api.influx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.iotlab.api.ApiSettings;
import dev.iotlab.api.web.AnyContentType;
import dev.iotlab.api.web.ApiException;
import dev.iotlab.api.web.Checks;
import dev.iotlab.api.web.JsonBody;
import dev.iotlab.api.web.Success;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@AnyContentType
@Controller("/database")
@Tag(name = "database")
@ExecuteOn(TaskExecutors.BLOCKING)
public class DatabaseController {
    private static final String WRITE_EXAMPLE = "{\"measurement\": \"temperature\", \"fields\": {\"value\": 21.5}, "
            + "\"tags\": {\"device_id\": \"temp-001\", \"location\": \"living-room\"}}";
    private static final String QUERY_EXAMPLE = "{\"query\": \"from(bucket: \\\"iot-data\\\") |> range(start: -1h)\"}";
    private static final int MAX_TAGS = 64;
    private static final int MAX_FIELDS = 200;
    private static final int MAX_STRING = 65_536;

    private final InfluxGateway influx;
    private final JsonBody json;
    private final ApiSettings settings;

    public DatabaseController(InfluxGateway influx, JsonBody json, ApiSettings settings) {
        this.influx = influx;
        this.json = json;
        this.settings = settings;
    }

    @Post("/write")
    @Operation(summary = "Write one point: measurement, numeric/boolean/string fields, string tags, optional timestamp")
    public Map<String, Object> write(@Body @Nullable String body) {
        ObjectNode req = json.parse(body, WRITE_EXAMPLE);
        String measurement = Checks.name("measurement",
                Checks.requiredText(req, "measurement", "\"temperature\""));
        Map<String, Object> fields = fields(req.get("fields"));
        Map<String, String> tags = tags(req.get("tags"));
        Long time = timestamp(req.get("timestamp"));
        influx.write(InfluxGateway.point(measurement, tags, fields, time));
        Map<String, Object> out = Success.of("measurement", measurement, "fields", fields, "tags", tags);
        if (time != null) {
            out.put("timestamp", InfluxGateway.isoformat(Instant.ofEpochSecond(0, time)));
        }
        return out;
    }

    private static Map<String, Object> fields(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiException.badRequest("Missing required field 'fields', e.g. \"fields\": {\"value\": 21.5}");
        }
        if (!node.isObject() || node.isEmpty()) {
            throw ApiException.badRequest("Field 'fields' must be a non-empty object of name to number, boolean or "
                    + "string, e.g. \"fields\": {\"value\": 21.5}");
        }
        if (node.size() > MAX_FIELDS) {
            throw ApiException.badRequest("Too many fields (" + node.size() + "); at most " + MAX_FIELDS);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = Checks.name("field", e.getKey());
            JsonNode v = e.getValue();
            if (v.isIntegralNumber() && v.canConvertToLong()) {
                fields.put(name, v.asLong());
            } else if (v.isNumber()) {
                double d = v.asDouble();
                if (!Double.isFinite(d)) {
                    throw ApiException.badRequest("Field '" + name + "' is not a finite number");
                }
                fields.put(name, d);
            } else if (v.isBoolean()) {
                fields.put(name, v.asBoolean());
            } else if (v.isTextual()) {
                if (v.asText().length() > MAX_STRING) {
                    throw ApiException.badRequest("Field '" + name + "' is longer than " + MAX_STRING + " characters");
                }
                fields.put(name, v.asText());
            } else {
                throw ApiException.badRequest("Field '" + name + "' must be a number, boolean or string (got "
                        + (v.isNull() ? "null" : v.getNodeType().name().toLowerCase()) + ")");
            }
        }
        return fields;
    }

    private static Map<String, String> tags(JsonNode node) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return tags;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("Field 'tags' must be an object of name to string, e.g. "
                    + "\"tags\": {\"location\": \"kitchen\"}");
        }
        if (node.size() > MAX_TAGS) {
            throw ApiException.badRequest("Too many tags (" + node.size() + "); at most " + MAX_TAGS);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = Checks.name("tag", e.getKey());
            JsonNode v = e.getValue();
            if (!v.isValueNode() || v.isNull()) {
                throw ApiException.badRequest("Tag '" + name + "' must be a string, e.g. \"" + name + "\": \"kitchen\"");
            }
            String value = v.asText();
            if (value.isEmpty() || value.length() > 256 || value.chars().anyMatch(c -> c < 0x20)) {
                throw ApiException.badRequest("Tag '" + name + "' must be 1 to 256 characters without control "
                        + "characters (InfluxDB drops empty tags)");
            }
            tags.put(name, value);
        }
        return tags;
    }

    /**
     * ISO-8601 (a time without offset is UTC, as the original Python client read it) or a number of seconds,
     * milliseconds, microseconds or nanoseconds since the epoch, told apart by magnitude.
     */
    static Long timestamp(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            double v = node.asDouble();
            if (!Double.isFinite(v) || v < 0) {
                throw ApiException.badRequest("Field 'timestamp' must be a positive epoch time or an ISO-8601 string "
                        + "such as \"2024-05-01T12:00:00Z\"");
            }
            // exact decimal arithmetic: a double loses the last digits of epoch nanoseconds
            java.math.BigDecimal exact = node.decimalValue();
            java.math.BigDecimal scale;
            if (v < 1e11) {
                scale = java.math.BigDecimal.valueOf(1_000_000_000L);
            } else if (v < 1e14) {
                scale = java.math.BigDecimal.valueOf(1_000_000L);
            } else if (v < 1e17) {
                scale = java.math.BigDecimal.valueOf(1_000L);
            } else {
                scale = java.math.BigDecimal.ONE;
            }
            return exact.multiply(scale).longValue();
        }
        if (node.isTextual()) {
            String s = node.asText().trim();
            Instant instant;
            try {
                instant = OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    instant = LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    throw ApiException.badRequest("Field 'timestamp' \"" + s + "\" is not ISO-8601; use e.g. "
                            + "\"2024-05-01T12:00:00Z\" or epoch seconds");
                }
            }
            return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
        }
        throw ApiException.badRequest("Field 'timestamp' must be an ISO-8601 string or epoch number");
    }

    @Post("/query")
    @Operation(summary = "Run a Flux query; rows flattened to {time, measurement, field, value, tags}")
    public Map<String, Object> query(@Body @Nullable String body) {
        ObjectNode req = json.parse(body, QUERY_EXAMPLE);
        String flux = Checks.requiredText(req, "query", "\"from(bucket: \\\"iot-data\\\") |> range(start: -1h)\"");
        if (flux.isBlank()) {
            throw ApiException.badRequest("Field 'query' is empty; send a Flux query such as "
                    + "from(bucket: \"iot-data\") |> range(start: -1h)");
        }
        if (flux.length() > settings.service().maxQueryChars()) {
            throw ApiException.tooLarge("Query is " + flux.length() + " characters; the limit is "
                    + settings.service().maxQueryChars());
        }
        List<Map<String, Object>> results = influx.query(flux);
        return Success.of("results", results, "count", results.size());
    }

    @Get("/test")
    @Operation(summary = "Can the API reach InfluxDB? Lists the buckets; 503 if not")
    public Map<String, Object> test() {
        List<String> buckets = influx.bucketNames();
        return Success.of("url", influx.url(), "org", influx.org(), "bucket", influx.bucket(), "buckets", buckets);
    }
}
