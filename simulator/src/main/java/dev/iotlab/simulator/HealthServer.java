package dev.iotlab.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/** {@code GET /livez}, {@code GET /readyz} (200 only while the broker is connected) and {@code GET /metrics}. */
final class HealthServer implements AutoCloseable {
    private final HttpServer server;

    HealthServer(int port, BooleanSupplier ready, Metrics metrics) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 16);
        server.createContext("/livez", ex -> reply(ex, 200, "text/plain", "ok\n"));
        server.createContext("/readyz", ex -> {
            if (ready.getAsBoolean()) {
                reply(ex, 200, "text/plain", "ready\n");
            } else {
                reply(ex, 503, "text/plain", "not ready: MQTT broker not connected\n");
            }
        });
        server.createContext("/metrics", ex -> reply(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.prometheus()));
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "health-http");
            t.setDaemon(true);
            return t;
        }));
    }

    void start() {
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        try (ex) {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            ex.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
