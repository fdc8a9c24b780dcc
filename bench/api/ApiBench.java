// Lab API benchmark: throughput and latency of POST /mqtt/publish, POST /database/write and POST /database/query at
// fixed concurrency. Run: bench/api/run.sh  (it puts test-support on the class path and sets IOTLAB_INFLUXD)
// Starts its own Mosquitto (real broker), a real InfluxDB 2.7 through test-support's InfluxDb (without IOTLAB_INFLUXD
// a stub answering /api/v2/write with 204, and no query cases), and the API jar with the container's JVM flags.
// Prints one figure per line.
import com.sun.net.httpserver.HttpServer;
import dev.iotlab.testsupport.InfluxDb;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

public class ApiBench {
    static final String TOKEN = "bench-token";

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args.length > 0 ? args[0] : "api/target/iotlab-api.jar");
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 15;
        String mosquitto = List.of("/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto").stream()
                .filter(p -> Files.isExecutable(Path.of(p))).findFirst()
                .orElseThrow(() -> new IllegalStateException("mosquitto not installed (apt-get install -y mosquitto)"));
        Path dir = Files.createTempDirectory("api-bench");
        int mqttPort = freePort();
        int apiPort = freePort();
        Files.writeString(dir.resolve("mosquitto.conf"),
                "listener " + mqttPort + " 127.0.0.1\nallow_anonymous true\npersistence false\n");
        Process broker = new ProcessBuilder(mosquitto, "-c", dir.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();

        InfluxDb real = InfluxDb.missing() == null ? InfluxDb.start() : null;
        HttpServer influx = null;
        AtomicLong writes = new AtomicLong();
        if (real == null) {
            System.out.println("# " + InfluxDb.missing() + " -- stub InfluxDB answering 204, no query cases");
            influx = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            influx.setExecutor(Executors.newFixedThreadPool(4));
            influx.createContext("/", ex -> {
                ex.getRequestBody().readAllBytes();
                if (ex.getRequestURI().getPath().equals("/api/v2/write")) {
                    writes.incrementAndGet();
                }
                ex.sendResponseHeaders(204, -1);
                ex.close();
            });
            influx.start();
        }

        List<String> cmd = new ArrayList<>(List.of("java", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx256m", "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("api.log").toFile());
        pb.environment().put("PORT", String.valueOf(apiPort));
        pb.environment().put("API_TOKEN", TOKEN);
        pb.environment().put("MQTT_BROKER", "127.0.0.1");
        pb.environment().put("MQTT_PORT", String.valueOf(mqttPort));
        pb.environment().put("INFLUXDB_URL", real != null ? real.url() : "http://127.0.0.1:" + influx.getAddress().getPort());
        pb.environment().put("INFLUXDB_TOKEN", real != null ? real.token() : "bench");
        if (real != null) {
            pb.environment().put("INFLUXDB_ORG", real.org());
            pb.environment().put("INFLUXDB_BUCKET", real.bucket());
        }
        pb.environment().put("API_DATA_DIR", dir.resolve("data").toString());
        Process api = pb.start();
        try {
            String base = "http://127.0.0.1:" + apiPort;
            HttpClient client = HttpClient.newBuilder().executor(Executors.newFixedThreadPool(concurrency)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    if (client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    // starting
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("API not healthy within 60 s; see " + dir.resolve("api.log"));
                }
                Thread.sleep(200);
            }
            System.out.println("# machine: " + Runtime.getRuntime().availableProcessors() + " cpus, java "
                    + System.getProperty("java.version") + ", concurrency " + concurrency + ", " + seconds
                    + " s per case after " + Math.max(3, seconds / 3) + " s warm-up");
            String pub0 = "{\"topic\":\"bench/sensors/temperature/temp-001\",\"message\":{\"value\":21.5,"
                    + "\"unit\":\"celsius\",\"location\":\"living-room\"},\"qos\":0}";
            String pub1 = pub0.replace("\"qos\":0", "\"qos\":1");
            String write = "{\"measurement\":\"temperature\",\"fields\":{\"value\":21.5},\"tags\":{\"device_id\":"
                    + "\"temp-001\",\"device_type\":\"temperature\",\"location\":\"living-room\"}}";
            run(client, "GET /devices/list (baseline)", base + "/devices/list", null, concurrency, seconds);
            run(client, "POST /mqtt/publish qos0", base + "/mqtt/publish", pub0, concurrency, seconds);
            run(client, "POST /mqtt/publish qos1", base + "/mqtt/publish", pub1, concurrency, seconds);
            long writeOk = run(client, "POST /database/write", base + "/database/write", write, concurrency, seconds);
            if (real == null) {
                System.out.println("influx stub received " + writes.get() + " writes");
            } else {
                String bucket = real.bucket();
                String count = "from(bucket: \"" + bucket + "\") |> range(start: -1h) |> filter(fn: (r) => "
                        + "r._measurement == \"temperature\") |> group() |> count()";
                System.out.println("writes answered 200: " + writeOk + ", points in the bucket (Flux count): "
                        + real.records(count).get(0).get("_value")
                        + " (points with the same series and nanosecond overwrite each other)");
                // the workshop's module 3 queries over what the write case stored (about " + writeOk + " points)
                String last = "{\"query\":\"from(bucket: \\\"" + bucket + "\\\") |> range(start: -1h) |> filter(fn: (r) => "
                        + "r._measurement == \\\"temperature\\\" and r._field == \\\"value\\\") |> last()\"}";
                String mean = last.replace("|> last()", "|> mean()");
                String window = last.replace("|> last()", "|> aggregateWindow(every: 1m, fn: mean, createEmpty: false)");
                run(client, "POST /database/query last()", base + "/database/query", last, concurrency, seconds);
                run(client, "POST /database/query mean()", base + "/database/query", mean, concurrency, seconds);
                run(client, "POST /database/query aggregateWindow 1m", base + "/database/query", window, concurrency, seconds);
                System.out.println("influxd RSS after run: " + real.rssKb() / 1024 + " MB, ready in "
                        + real.lastStartMillis() + " ms");
            }
            long rss = rssKb(api.pid());
            if (rss > 0) {
                System.out.println("api RSS after run: " + rss / 1024 + " MB");
            }
        } finally {
            api.destroy();
            broker.destroy();
            if (influx != null) {
                influx.stop(0);
            }
            if (real != null) {
                real.close();
            }
        }
        System.exit(0); // the HTTP client's and stub's pools are not daemon threads
    }

    /** Runs a case (warm-up, then measured); returns how many requests of both phases were answered 200. */
    static long run(HttpClient client, String name, String url, String body, int concurrency, int seconds)
            throws Exception {
        Result warm = load(client, url, body, concurrency, Math.max(3, seconds / 3)); // warm-up, discarded
        long start = System.nanoTime();
        Result r = load(client, url, body, concurrency, seconds);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] all = r.latencies;
        Arrays.sort(all);
        System.out.printf("%-38s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  errors %d%n", name, all.length / elapsed,
                pct(all, 0.50) / 1e6, pct(all, 0.99) / 1e6, r.errors);
        return warm.latencies.length - warm.errors + all.length - r.errors;
    }

    record Result(long[] latencies, long errors) {
    }

    static Result load(HttpClient client, String url, String body, int concurrency, int seconds) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> threads = new ArrayList<>();
        List<long[][]> holders = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        for (int w = 0; w < concurrency; w++) {
            long[][] holder = new long[1][];
            Thread t = new Thread(() -> {
                long[] lat = new long[1 << 16];
                int n = 0;
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + TOKEN);
                HttpRequest req = body == null ? b.GET().build()
                        : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                while (System.nanoTime() < end) {
                    long t0 = System.nanoTime();
                    try {
                        int status = client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status != 200) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    if (n == lat.length) {
                        lat = Arrays.copyOf(lat, n * 2);
                    }
                    lat[n++] = System.nanoTime() - t0;
                }
                holder[0] = Arrays.copyOf(lat, n);
            });
            threads.add(t);
            holders.add(holder);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        long[] all = holders.stream().flatMapToLong(h -> Arrays.stream(h[0])).toArray();
        return new Result(all, errors.get());
    }

    static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
