package dev.iotlab.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
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
            return InfluxApi.json(InfluxApi.object().put("username", username).put("password", password).put("org", org)
                    .put("bucket", bucket).put("retentionPeriodSeconds", retentionSeconds).put("token", token));
        }
    }

    /** An HTTP answer of the server, as it came. */
    public record Response(int status, String body) {
        public boolean ok() {
            return status / 100 == 2;
        }

        /** The {@code message} of InfluxDB's JSON error body, or the whole body. */
        public String message() {
            JsonNode message = InfluxApi.tree(body).path("message");
            return message.isTextual() ? message.asText() : body;
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

    private final InfluxdProcess server;
    private final InfluxApi api;
    private Setup setup;

    private InfluxDb(InfluxdProcess server) {
        this.server = server;
        this.api = new InfluxApi(url());
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
            InfluxDb influx = new InfluxDb(new InfluxdProcess(binary, Files.createTempDirectory("influxd"),
                    Mosquitto.freePort()));
            influx.startAgain();
            return influx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts influxd (again) on its port and data directory; returns once {@code /health} answers 200. */
    public void startAgain() {
        server.start();
    }

    /** Ends the server (SIGTERM, then SIGKILL after 20 s); data stays for {@link #startAgain()}. */
    public void stop() {
        server.stop();
    }

    public boolean isRunning() {
        return server.isRunning();
    }

    /** {@code POST /api/v2/setup}; on 201 this server's token, org and bucket become the setup's. */
    public Response setup(Setup s) {
        Response r = api.post("/api/v2/setup", "application/json", s.json(), null);
        if (r.status() == 201) {
            setup = s;
        }
        return r;
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
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

    /** Writes line protocol to another bucket of this server's org. */
    public void write(String bucket, String lineProtocol, String precision) {
        Response r = post("/api/v2/write?org=" + InfluxApi.enc(org()) + "&bucket=" + InfluxApi.enc(bucket) + "&precision=" + precision,
                "text/plain; charset=utf-8", lineProtocol);
        if (r.status() != 204) {
            throw new IllegalStateException("InfluxDB refused the write (HTTP " + r.status() + "): " + r.body());
        }
    }

    /** Runs Flux; the raw answer (annotated CSV with header, datatype, group and default annotations on 200). */
    public Response query(String flux) {
        return post("/api/v2/query?org=" + InfluxApi.enc(org()), "application/json", InfluxApi.queryBody(flux));
    }

    /** Runs Flux and returns its data rows as CSV lines (no annotations, no header, no blank lines); throws unless 200. */
    public List<String> queryRows(String flux) {
        return AnnotatedCsv.dataLines(answered(query(flux)));
    }

    /**
     * Runs Flux and returns every record of every table, read from the annotated CSV by its header and #datatype
     * lines (RFC 4180 quoting); throws unless 200 or when the answer holds an error table.
     */
    public List<Row> records(String flux) {
        return AnnotatedCsv.parse(answered(query(flux)));
    }

    /** Creates another bucket in this server's org (retention: forever) and returns its name. */
    public String createBucket(String name) {
        Response orgs = get("/api/v2/orgs?org=" + InfluxApi.enc(org()));
        JsonNode id = InfluxApi.tree(orgs.body()).path("orgs").path(0).path("id");
        if (orgs.status() != 200 || !id.isTextual()) {
            throw new IllegalStateException("cannot read the id of org " + org() + ": " + orgs.body());
        }
        Response r = post("/api/v2/buckets", "application/json", InfluxApi.bucketBody(id.asText(), name));
        if (r.status() != 201) {
            throw new IllegalStateException("InfluxDB refused to create bucket " + name + " (HTTP " + r.status() + "): "
                    + r.body());
        }
        return name;
    }

    /** GET with the admin token, e.g. {@code /api/v2/buckets?org=iot-org}. */
    public Response get(String pathAndQuery) {
        return api.get(pathAndQuery, setup == null ? null : setup.token());
    }

    public Response post(String pathAndQuery, String contentType, String body) {
        return api.post(pathAndQuery, contentType, body, setup == null ? null : setup.token());
    }

    /** Milliseconds from process start to the first 200 on /health, for the last (re)start. */
    public long lastStartMillis() {
        return server.lastStartMillis();
    }

    /** Resident memory of the running influxd in kB (Linux /proc), or -1. */
    public long rssKb() {
        return server.rssKb();
    }

    /** CPU time (user + system) the running influxd has used, in ms (Linux /proc, 100 ticks/s), or -1. */
    public long cpuMillis() {
        return server.cpuMillis();
    }

    /** influxd's own output (warnings and errors), for a failing test's message. */
    public String logTail() {
        return server.logTail();
    }

    @Override
    public void close() {
        server.destroy();
    }

    private Setup onboarded() {
        if (setup == null) {
            throw new IllegalStateException("InfluxDB at " + url() + " has not been set up (POST /api/v2/setup)");
        }
        return setup;
    }

    private static String answered(Response r) {
        if (r.status() != 200) {
            throw new IllegalStateException("InfluxDB refused the query (HTTP " + r.status() + "): " + r.body());
        }
        return r.body();
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
