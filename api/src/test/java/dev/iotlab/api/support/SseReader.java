package dev.iotlab.api.support;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Reads a server-sent-event stream in the background, collecting each event's data lines. */
public final class SseReader implements AutoCloseable {
    public record SseEvent(String name, String data) {
    }

    public final List<SseEvent> events = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile InputStream body;
    private volatile int status;

    public SseReader(HttpRequest request) {
        thread = new Thread(() -> read(request), "sse-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void read(HttpRequest request) {
        try {
            HttpResponse<InputStream> r = Http.client().send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = r.statusCode();
            body = r.body();
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String name = "message";
            StringBuilder data = new StringBuilder();
            for (String line; (line = reader.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new SseEvent(name, data.toString()));
                    }
                    name = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).trim());
                }
            }
        } catch (Exception e) {
            // closed by the test
        }
    }

    public int status() {
        return status;
    }

    public List<SseEvent> named(String name) {
        return events.stream().filter(e -> e.name().equals(name)).toList();
    }

    @Override
    public void close() {
        try {
            if (body != null) {
                body.close();
            }
        } catch (Exception ignored) {
            // already closed
        }
        thread.interrupt();
    }
}
