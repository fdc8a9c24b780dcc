package dev.iotlab.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The wire side of InfluxDB 2's HTTP API for {@link InfluxDb}: requests with an optional token, and JSON bodies. */
final class InfluxApi {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;

    InfluxApi(String url) {
        this.url = url;
    }

    InfluxDb.Response get(String pathAndQuery, String token) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET(), token);
    }

    InfluxDb.Response post(String pathAndQuery, String contentType, String body, String token) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    /** The body of {@code POST /api/v2/query}: Flux, answered as CSV with header and every annotation. */
    static String queryBody(String flux) {
        ObjectNode body = object().put("query", flux).put("type", "flux");
        body.putObject("dialect").put("header", true).putArray("annotations").add("datatype").add("group")
                .add("default");
        return json(body);
    }

    /** The body of {@code POST /api/v2/buckets}: a bucket that keeps its data forever. */
    static String bucketBody(String orgId, String name) {
        ObjectNode bucket = object().put("orgID", orgId).put("name", name);
        bucket.putArray("retentionRules");
        return json(bucket);
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** The parsed body, or a missing node when it is not JSON. */
    static JsonNode tree(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return MissingNode.getInstance();
        }
    }

    static String json(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private InfluxDb.Response send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Token " + token);
        }
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new InfluxDb.Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("InfluxDB at " + url + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create(url + pathAndQuery);
    }
}
