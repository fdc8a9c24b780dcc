package dev.iotlab.testsupport;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real InfluxDB 2 for tests: the {@code influxd} that {@code .ci/influxdb.sh} builds (2.7.11, the version our labs
 * run), found through the environment variable {@value #ENV}. Tests are skipped with {@link #missing()} as the reason
 * only where that variable is absent; a variable that names no executable fails the test.
 *
 * <p>How it is started and onboarded — the workshop's pytest fixture does exactly the same, keep the two in step:
 * <pre>
 * influxd --http-bind-address 127.0.0.1:&lt;free port&gt; --ui-disabled --reporting-disabled --log-level warn
 *         --bolt-path &lt;tmp&gt;/influxd.bolt --engine-path &lt;tmp&gt;/engine --sqlite-path &lt;tmp&gt;/influxd.sqlite
 *   working directory &lt;tmp&gt;, environment without INFLUXD_* variables except INFLUXD_CONFIG_PATH=&lt;tmp&gt;
 *   (an empty directory: no stray config file is read)
 * ready: GET /health answers 200 (about 0.3 s)
 * POST /api/v2/setup  Content-Type: application/json
 *   {"username": "admin", "password": "&lt;random, 24 chars&gt;", "org": "iot-org", "bucket": "iot-data",
 *    "retentionPeriodSeconds": 2592000, "token": "&lt;random, 43 chars&gt;"}
 *   → 201; from then on every request sends  Authorization: Token &lt;token&gt;
 * </pre>
 * {@link #stop()} ends the server (SIGTERM) and {@link #startAgain()} starts it on the same port and data, as an
 * outage would: the data, the org, the bucket and the token survive.
 */
public final class InfluxDb implements AutoCloseable {
    public static final String ENV = "IOTLAB_INFLUXD";
    public static final String DEFAULT_ORG = "iot-org";
    public static final String DEFAULT_BUCKET = "iot-data";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The body of {@code POST /api/v2/setup}. {@code retentionSeconds} 0 = keep forever. */
    public record Setup(String username, String password, String org, String bucket, long retentionSeconds,
                        String token) {
        /** A lab's defaults: org iot-org, bucket iot-data, 30 days, random password and token. */
        public static Setup lab() {
            return new Setup("admin", random(18), DEFAULT_ORG, DEFAULT_BUCKET, Duration.ofDays(30).toSeconds(),
                    random(32));
        }

        public String json() {
            return "{\"username\":" + quote(username) + ",\"password\":" + quote(password) + ",\"org\":" + quote(org)
                    + ",\"bucket\":" + quote(bucket) + ",\"retentionPeriodSeconds\":" + retentionSeconds
                    + ",\"token\":" + quote(token) + "}";
        }
    }

    /** An HTTP answer of the server, as it came. */
    public record Response(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }

        /** The {@code message} of InfluxDB's JSON error body, or the whole body. */
        public String message() {
            Matcher m = Pattern.compile("\"message\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(body);
            return m.find() ? m.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : body;
        }
    }

    /** One record of a Flux answer: column → value as written in the CSV, and column → its #datatype. */
    public record Row(java.util.Map<String, String> values, java.util.Map<String, String> types) {
        public String get(String column) {
            return values.get(column);
        }

        public String type(String column) {
            return types.get(column);
        }
    }

    private final Path binary;
    private final Path dir;
    private final int port;
    private Process process;
    private Setup setup;
    private long lastStartNanos;

    private InfluxDb(Path binary, Path dir, int port) {
        this.binary = binary;
        this.dir = dir;
        this.port = port;
    }

    /** Why influxd cannot run here (with the fix), or null when it can. */
    public static String missing() {
        String value = System.getenv(ENV);
        return value == null || value.isBlank()
                ? ENV + " is not set: these tests need a real InfluxDB 2. Build it with "
                  + "export " + ENV + "=$(.ci/influxdb.sh | tail -1)  (about 10 min once, cached in ~/.cache/iotlab)"
                : null;
    }

    /** Skips the calling test (JUnit assumption) with {@link #missing()} as the reason when influxd is not there. */
    public static void assumeAvailable() {
        String reason = missing();
        Assumptions.assumeTrue(reason == null, reason);
    }

    /** A running, onboarded server with a lab's defaults ({@link Setup#lab()}). */
    public static InfluxDb start() {
        return start(Setup.lab());
    }

    /** A running server onboarded with this setup. */
    public static InfluxDb start(Setup setup) {
        InfluxDb influx = startWithoutSetup();
        Response r = influx.setup(setup);
        if (r.status() != 201) {
            influx.close();
            throw new IllegalStateException("InfluxDB setup refused (HTTP " + r.status() + "): " + r.body());
        }
        return influx;
    }

    /** A running server that has not been onboarded yet (POST /api/v2/setup is still allowed). */
    public static InfluxDb startWithoutSetup() {
        assumeAvailable();
        Path binary = Path.of(System.getenv(ENV).trim());
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException(ENV + "=" + binary + " is not an executable file; point it at the influxd "
                    + "that .ci/influxdb.sh built (its last line of output)");
        }
        try {
            InfluxDb influx = new InfluxDb(binary, Files.createTempDirectory("influxd"), Mosquitto.freePort());
            influx.startAgain();
            return influx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts influxd (again) on its port and data directory; returns once {@code /health} answers 200. */
    public synchronized void startAgain() {
        if (isRunning()) {
            return;
        }
        List<String> command = List.of(binary.toString(),
                "--http-bind-address", "127.0.0.1:" + port,
                "--ui-disabled", "--reporting-disabled", "--log-level", "warn",
                "--bolt-path", dir.resolve("influxd.bolt").toString(),
                "--engine-path", dir.resolve("engine").toString(),
                "--sqlite-path", dir.resolve("influxd.sqlite").toString());
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("INFLUXD_"));
        pb.environment().put("INFLUXD_CONFIG_PATH", dir.toString());
        lastStartNanos = System.nanoTime();
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary, e);
        }
        await("influxd on 127.0.0.1:" + port + " healthy").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20)).until(this::healthy);
        lastStartNanos = System.nanoTime() - lastStartNanos;
    }

    /** Ends the server (SIGTERM, then SIGKILL after 20 s); data stays for {@link #startAgain()}. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** {@code POST /api/v2/setup}; on 201 this server's token, org and bucket become the setup's. */
    public Response setup(Setup s) {
        Response r = send(HttpRequest.newBuilder(uri("/api/v2/setup")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(s.json())), null);
        if (r.status() == 201) {
            setup = s;
        }
        return r;
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public String org() {
        return onboarded().org();
    }

    public String bucket() {
        return onboarded().bucket();
    }

    public String token() {
        return onboarded().token();
    }

    /** Writes line protocol (precision ns unless given, e.g. "ms") to the bucket; throws unless InfluxDB says 204. */
    public void write(String lineProtocol, String precision) {
        write(bucket(), lineProtocol, precision);
    }

    /** Runs Flux; the raw answer (annotated CSV with header, datatype, group and default annotations on 200). */
    public Response query(String flux) {
        String body = "{\"query\":" + quote(flux) + ",\"type\":\"flux\",\"dialect\":{\"header\":true,"
                + "\"annotations\":[\"datatype\",\"group\",\"default\"]}}";
        return post("/api/v2/query?org=" + enc(org()), "application/json", body);
    }

    /** Runs Flux and returns its data rows as CSV lines (no annotations, no header, no blank lines); throws unless 200. */
    public List<String> queryRows(String flux) {
        Response r = query(flux);
        if (r.status() != 200) {
            throw new IllegalStateException("InfluxDB refused the query (HTTP " + r.status() + "): " + r.body());
        }
        List<String> rows = new ArrayList<>();
        for (String line : r.body().split("\r?\n")) {
            if (!line.isBlank() && !line.startsWith("#") && !line.startsWith(",result,")) {
                rows.add(line);
            }
        }
        return rows;
    }

    /**
     * Runs Flux and returns every record of every table, read from the annotated CSV by its header and #datatype
     * lines (RFC 4180 quoting); throws unless 200 or when the answer holds an error table.
     */
    public List<Row> records(String flux) {
        Response r = query(flux);
        if (r.status() != 200) {
            throw new IllegalStateException("InfluxDB refused the query (HTTP " + r.status() + "): " + r.body());
        }
        return AnnotatedCsv.parse(r.body());
    }

    /** Creates another bucket in this server's org (retention: forever) and returns its name. */
    public String createBucket(String name) {
        Response orgs = get("/api/v2/orgs?org=" + enc(org()));
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f]{16})\"").matcher(orgs.body());
        if (orgs.status() != 200 || !id.find()) {
            throw new IllegalStateException("cannot read the id of org " + org() + ": " + orgs.body());
        }
        Response r = post("/api/v2/buckets", "application/json", "{\"orgID\":" + quote(id.group(1)) + ",\"name\":"
                + quote(name) + ",\"retentionRules\":[]}");
        if (r.status() != 201) {
            throw new IllegalStateException("InfluxDB refused to create bucket " + name + " (HTTP " + r.status() + "): "
                    + r.body());
        }
        return name;
    }

    /** Writes line protocol to another bucket of this server's org. */
    public void write(String bucket, String lineProtocol, String precision) {
        Response r = post("/api/v2/write?org=" + enc(org()) + "&bucket=" + enc(bucket) + "&precision=" + precision,
                "text/plain; charset=utf-8", lineProtocol);
        if (r.status() != 204) {
            throw new IllegalStateException("InfluxDB refused the write (HTTP " + r.status() + "): " + r.body());
        }
    }

    /** GET with the admin token, e.g. {@code /api/v2/buckets?org=iot-org}. */
    public Response get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).GET(), setup == null ? null : setup.token());
    }

    public Response post(String pathAndQuery, String contentType, String body) {
        return send(HttpRequest.newBuilder(uri(pathAndQuery)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), setup == null ? null : setup.token());
    }

    /** Milliseconds from process start to the first 200 on /health, for the last (re)start. */
    public long lastStartMillis() {
        return TimeUnit.NANOSECONDS.toMillis(lastStartNanos);
    }

    /** Resident memory of the running influxd in kB (Linux /proc), or -1. */
    public synchronized long rssKb() {
        if (process == null) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time (user + system) the running influxd has used, in ms (Linux /proc, 100 ticks/s), or -1. */
    public synchronized long cpuMillis() {
        if (process == null) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime, stime (fields 14, 15)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** influxd's own output (warnings and errors), for a failing test's message. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    private Setup onboarded() {
        if (setup == null) {
            throw new IllegalStateException("InfluxDB at " + url() + " has not been set up (POST /api/v2/setup)");
        }
        return setup;
    }

    private boolean healthy() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("influxd exited with " + process.exitValue() + ":\n" + logTail());
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private Response send(HttpRequest.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Token " + token);
        }
        try {
            HttpResponse<String> r = HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("InfluxDB at " + url() + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String pathAndQuery) {
        return URI.create(url() + pathAndQuery);
    }

    private Path log() {
        return dir.resolve("influxd.log");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
