package dev.iotlab.api.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A stand-in for InfluxDB 2 at the HTTP level, for the tests whose subject is not the database (MQTT, devices, auth,
 * metrics): it answers /ping, writes, queries and bucket listings like a healthy server and records the requests,
 * so those tests do not need the influxd binary. Everything about the database endpoints is tested against a real
 * InfluxDB 2 ({@code dev.iotlab.api.influx}, {@link RealInfluxTest}).
 */
public final class FakeInflux implements AutoCloseable {
    public record Request(String method, String path, String query, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    public record Reply(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Reply> replies = new ConcurrentHashMap<>();

    public FakeInflux() {
        this(0);
    }

    public FakeInflux(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::handle);
        reset();
        server.start();
    }

    public void reset() {
        requests.clear();
        replies.clear();
        replies.put("/ping", new Reply(204, null, ""));
        replies.put("/api/v2/write", new Reply(204, null, ""));
        replies.put("/api/v2/query", new Reply(200, "text/csv; charset=utf-8", "\r\n"));
        replies.put("/api/v2/buckets", new Reply(200, "application/json", """
                {"links":{"self":"/api/v2/buckets?descending=false&limit=20&offset=0"},"buckets":[
                {"id":"0f7a3f0c1f1d2c3a","orgID":"9b3f1c2d4e5f6a7b","type":"system","name":"_monitoring","retentionRules":[]},
                {"id":"1f7a3f0c1f1d2c3b","orgID":"9b3f1c2d4e5f6a7b","type":"user","name":"iot-data","retentionRules":[]}]}
                """));
    }

    public void reply(String path, int status, String contentType, String body) {
        replies.put(path, new Reply(status, contentType, body));
    }

    private void handle(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = ex.getRequestURI().getPath();
        requests.add(new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(),
                Map.copyOf(ex.getRequestHeaders()), body));
        Reply reply = replies.getOrDefault(path, new Reply(404, "application/json",
                "{\"code\":\"not found\",\"message\":\"path not found\"}"));
        if (reply.contentType() != null) {
            ex.getResponseHeaders().add("Content-Type", reply.contentType());
        }
        ex.getResponseHeaders().add("X-Influxdb-Version", "v2.7.11");
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        if (reply.status() == 204) {
            ex.sendResponseHeaders(204, -1);
        } else {
            ex.sendResponseHeaders(reply.status(), bytes.length);
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    public List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
