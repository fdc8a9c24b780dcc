package dev.iotlab.simulator;

import dev.iotlab.contract.SimulatorConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batched InfluxDB 2 writes as plain line protocol over HTTP ({@code POST /api/v2/write?org&bucket&precision=ms},
 * {@code Authorization: Token ...}, gzip body). No client library: the wire format is small, and owning the
 * retry loop lets the bounded buffer and the counters be exact.
 *
 * <p>A batch leaves the buffer only when InfluxDB answered 2xx. Network errors, 5xx, 429, 401/403/404 (token or
 * bucket not there yet) are retried with exponential back-off; 400/413/422 mean the data itself was refused:
 * counted as rejected and logged, not retried.
 */
final class InfluxWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InfluxWriter.class);

    private final SimulatorConfig config;
    private final Metrics metrics;
    private final BoundedBuffer<String> buffer;
    private final HttpClient http;
    private final URI writeUri;
    private final Thread thread;
    private List<String> pending = new ArrayList<>();
    private volatile boolean closing;
    private int failures;

    InfluxWriter(SimulatorConfig config, Metrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.buffer = new BoundedBuffer<>("InfluxDB", config.bufferCapacity(), LOG);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        String base = config.influxUrl().endsWith("/") ? config.influxUrl().substring(0, config.influxUrl().length() - 1) : config.influxUrl();
        this.writeUri = URI.create(base + "/api/v2/write?org=" + enc(config.influxOrg()) + "&bucket=" + enc(config.influxBucket())
                + "&precision=ms");
        metrics.influxBuffered = () -> buffer.size() + pendingSize();
        metrics.influxDropped = buffer::dropped;
        this.thread = new Thread(this::loop, "influx-writer");
        this.thread.setDaemon(true);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private synchronized int pendingSize() {
        return pending.size();
    }

    void start() {
        thread.start();
    }

    void add(String line) {
        buffer.add(line);
    }

    /** All points of one tick go into the buffer together: one tick, one request (up to the batch size). */
    void addAll(List<String> lines) {
        buffer.addAll(lines);
    }

    private void loop() {
        while (!closing) {
            try {
                buffer.awaitItems(config.influxBatchSize(), config.influxFlushMillis());
                if (closing) {
                    return;
                }
                if (flushOnce()) {
                    failures = 0;
                } else {
                    long delay = Math.min(config.reconnectMaxMillis(), config.reconnectInitialMillis() << Math.min(failures++, 20));
                    delay = (long) (delay * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()));
                    synchronized (this) {
                        if (!closing) {
                            wait(Math.max(1, delay));
                        }
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Sends everything buffered, one batch at a time; false as soon as a batch could not be delivered. */
    synchronized boolean flushOnce() throws InterruptedException {
        while (true) {
            if (pending.isEmpty()) {
                buffer.drainTo(pending, config.influxBatchSize());
            }
            if (pending.isEmpty()) {
                return true;
            }
            if (!send(pending)) {
                return false;
            }
            pending = new ArrayList<>();
        }
    }

    private boolean send(List<String> lines) throws InterruptedException {
        metrics.influxRequests.incrementAndGet();
        HttpResponse<String> response;
        try {
            HttpRequest request = HttpRequest.newBuilder(writeUri)
                    .timeout(Duration.ofSeconds(15))
                    .header("Authorization", "Token " + config.influxToken())
                    .header("Content-Type", "text/plain; charset=utf-8")
                    .header("Content-Encoding", "gzip")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(lines)))
                    .build();
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            metrics.influxFailures.incrementAndGet();
            LOG.warn("InfluxDB " + config.influxUrl() + " unreachable (" + e + "); " + lines.size() + " points kept for retry, "
                    + buffer.size() + " more buffered");
            return false;
        }
        int status = response.statusCode();
        if (status / 100 == 2) {
            metrics.influxWritten.addAndGet(lines.size());
            return true;
        }
        if (status == 400 || status == 413 || status == 422) {
            metrics.influxRejected.addAndGet(lines.size());
            LOG.warn("InfluxDB refused " + lines.size() + " points (HTTP " + status + "): " + abbreviate(response.body()));
            return true; // the data is the problem; retrying would block every later point
        }
        metrics.influxFailures.incrementAndGet();
        String hint = switch (status) {
            case 401, 403 -> " (check INFLUXDB_TOKEN)";
            case 404 -> " (does org '" + config.influxOrg() + "' / bucket '" + config.influxBucket() + "' exist?)";
            default -> "";
        };
        LOG.warn("InfluxDB write failed: HTTP " + status + hint + ": " + abbreviate(response.body()) + "; "
                + lines.size() + " points kept for retry");
        return false;
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    private static byte[] gzip(List<String> lines) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(lines.size() * 40);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes, 8192)) {
            for (String line : lines) {
                gz.write(line.getBytes(StandardCharsets.UTF_8));
                gz.write('\n');
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        closing = true;
        thread.interrupt(); // a batch interrupted mid-request stays pending and goes out in the final flush
        try {
            thread.join(TimeUnit.SECONDS.toMillis(20));
            // Final flush: one attempt for what is left.
            boolean delivered = flushOnce();
            if (!delivered) {
                int left = buffer.size() + pending.size();
                buffer.dropped(left);
                LOG.warn("shutdown: " + left + " points could not be written to InfluxDB");
                pending = new ArrayList<>();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
