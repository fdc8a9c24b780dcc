package dev.iotlab.images.support;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;

/**
 * Stands in for InfluxDB 2's write endpoint ({@code POST /api/v2/write}) on 127.0.0.1 and keeps every line of line
 * protocol received: what a real simulator run writes, to check dashboards against. (InfluxDB cannot run here.)
 */
public final class InfluxWriteCapture implements AutoCloseable {
    private final HttpServer server;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    public InfluxWriteCapture() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api/v2/write", exchange -> {
            InputStream in = exchange.getRequestBody();
            if ("gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
                in = new GZIPInputStream(in);
            }
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            body.lines().filter(l -> !l.isBlank()).forEach(lines::add);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    /** measurement -> field names, parsed from the line protocol received (no escaped spaces/commas in our data). */
    public Map<String, Set<String>> fieldsByMeasurement() {
        Map<String, Set<String>> out = new TreeMap<>();
        for (String line : lines) {
            String[] parts = line.split(" ");
            String measurement = parts[0].split(",")[0];
            for (String field : parts[1].split(",")) {
                out.computeIfAbsent(measurement, k -> new TreeSet<>()).add(field.substring(0, field.indexOf('=')));
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
