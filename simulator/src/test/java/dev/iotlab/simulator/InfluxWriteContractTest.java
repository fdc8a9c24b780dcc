package dev.iotlab.simulator;

import dev.iotlab.contract.SimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * InfluxDB 2 cannot run here: this checks the exact HTTP write requests against a local server that records
 * them and answers like InfluxDB's {@code /api/v2/write} (204, or the errors we script).
 */
class InfluxWriteContractTest {
    record Request(String method, String pathAndQuery, Map<String, String> headers, List<String> lines) {
    }

    HttpServer server;
    final List<Request> requests = new CopyOnWriteArrayList<>();
    final ConcurrentLinkedQueue<Integer> scriptedStatus = new ConcurrentLinkedQueue<>();
    final MutableClock clock = new MutableClock("2025-03-10T14:00:00Z");
    Simulator sim;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> {
            Map<String, String> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if ("gzip".equals(headers.get("content-encoding"))) {
                body = new GZIPInputStream(new java.io.ByteArrayInputStream(body)).readAllBytes();
            }
            String text = new String(body, StandardCharsets.UTF_8);
            requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().toString(), headers,
                    Arrays.stream(text.split("\n")).filter(l -> !l.isEmpty()).toList()));
            Integer status = scriptedStatus.poll();
            int code = status == null ? 204 : status;
            byte[] reply = code == 204 ? new byte[0]
                    : "{\"code\":\"invalid\",\"message\":\"scripted failure\"}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(code, code == 204 ? -1 : reply.length);
            if (reply.length > 0) {
                ex.getResponseBody().write(reply);
            }
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
        server.stop(0);
    }

    Simulator simulator(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("MQTT_BROKER", "127.0.0.1");
        env.put("MQTT_PORT", Integer.toString(TestBroker.freePort())); // no broker: the DB path does not depend on it
        env.put("HEALTH_PORT", "0");
        env.put("SIMULATOR_SEED", "1");
        env.put("INFLUXDB_URL", "http://127.0.0.1:" + server.getAddress().getPort());
        env.put("INFLUXDB_TOKEN", "lab-token-123");
        env.put("INFLUXDB_FLUSH_MILLIS", "20");
        env.put("SIMULATOR_RECONNECT_INITIAL_MILLIS", "20");
        env.put("SIMULATOR_RECONNECT_MAX_SECONDS", "1");
        env.putAll(extra);
        sim = new Simulator(SimulatorConfig.fromEnv(env), ScenarioLoader.load(Path.of("scenarios/smart-home.yaml")), clock);
        sim.start(false);
        return sim;
    }

    List<String> allLines() {
        List<String> out = new ArrayList<>();
        requests.forEach(r -> out.addAll(r.lines()));
        return out;
    }

    @Test
    void writesOneBatchOfLineProtocolPerTickWithTagsAndNumericFields() throws Exception {
        simulator(Map.of());
        sim.tick();
        await().atMost(Duration.ofSeconds(10)).until(() -> requests.size() >= 1);

        Request r = requests.get(0);
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.pathAndQuery()).isEqualTo("/api/v2/write?org=iot-org&bucket=iot-data&precision=ms");
        assertThat(r.headers()).containsEntry("authorization", "Token lab-token-123").containsEntry("content-encoding", "gzip");
        assertThat(r.headers().get("content-type")).startsWith("text/plain");
        assertThat(r.lines()).as("all 20 devices in one request").hasSize(20);

        long ms = clock.millis();
        assertThat(r.lines()).anySatisfy(l -> assertThat(l).matches(
                "temperature,device_id=temp-001,device_type=temperature,location=living-room value=\\d+(\\.\\d+)? " + ms));
        assertThat(r.lines()).contains("switch,device_id=switch-003,device_type=switch,location=kitchen value=0 " + ms);
        assertThat(r.lines()).contains("ac,device_id=ac-001,device_type=ac,location=living-room value=0,setpoint=23,power=0 " + ms);
        assertThat(r.lines()).contains("light,device_id=light-004,device_type=light,location=hallway value=0,brightness=100 " + ms);
        assertThat(r.lines()).anySatisfy(l -> assertThat(l).startsWith("energy,device_id=energy-001,device_type=energy,location=hallway value="));
        assertThat(r.lines()).allSatisfy(l -> assertThat(l).doesNotContain("\"").doesNotMatch(".*=\\d+i .*"));
        assertThat(sim.metrics().influxWritten()).isEqualTo(20);
    }

    @Test
    void databaseOutageIsRetriedWithoutLosingOrDuplicatingPoints() throws Exception {
        scriptedStatus.add(503);
        scriptedStatus.add(503);
        scriptedStatus.add(500);
        simulator(Map.of());
        sim.tick();
        clock.advance(Duration.ofSeconds(5));
        sim.tick();
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.metrics().influxWritten() == 40);

        assertThat(requests.size()).isGreaterThanOrEqualTo(4);
        // What was finally accepted: every point of both ticks, once.
        List<String> accepted = requests.subList(3, requests.size()).stream().flatMap(x -> x.lines().stream()).toList();
        assertThat(accepted).hasSize(40).doesNotHaveDuplicates();
        assertThat(sim.metrics().influxDropped()).isZero();
        assertThat(sim.metrics().prometheus()).contains("iotlab_simulator_influx_failures_total 3");
    }

    @Test
    void refusedDataIsCountedAndDoesNotBlockLaterPoints() throws Exception {
        scriptedStatus.add(400);
        simulator(Map.of());
        sim.tick();
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.metrics().influxRejected() == 20);
        clock.advance(Duration.ofSeconds(5));
        sim.tick();
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.metrics().influxWritten() == 20);
        assertThat(requests).hasSize(2);
    }

    @Test
    void cleanShutdownFlushesWhatIsBuffered() throws Exception {
        simulator(Map.of("INFLUXDB_FLUSH_MILLIS", "600000"));
        sim.tick();
        assertThat(requests).isEmpty();
        sim.close();
        assertThat(allLines()).hasSize(20);
        sim = null;
    }

    @Test
    void bufferOverflowDuringAnOutageIsCounted() throws Exception {
        for (int i = 0; i < 1000; i++) {
            scriptedStatus.add(503);
        }
        simulator(Map.of("SIMULATOR_BUFFER_SIZE", "30", "INFLUXDB_BATCH_SIZE", "10"));
        for (int i = 0; i < 3; i++) {
            sim.tick();
            clock.advance(Duration.ofSeconds(5));
        }
        // 60 readings: 10 held in the batch being retried + 30 buffered; the other 20 dropped and counted.
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.metrics().influxDropped() == 20);
        assertThat(sim.metrics().influxBuffered()).isEqualTo(40);
        scriptedStatus.clear();
        await().atMost(Duration.ofSeconds(20)).until(() -> sim.metrics().influxWritten() == 40);
    }

    @Test
    void noTokenMeansNoDatabaseWrites() throws Exception {
        simulator(Map.of("INFLUXDB_TOKEN", ""));
        sim.tick();
        sim.close();
        sim = null;
        assertThat(requests).isEmpty();
    }

    @Test
    void tagValuesAreEscaped() {
        Reading r = new Reading("a=b", DeviceType.TEMPERATURE, "living room,2", 1000, 21.5, null, null, null, null);
        assertThat(r.line()).isEqualTo("temperature,device_id=a\\=b,device_type=temperature,location=living\\ room\\,2 value=21.5 1000");
    }
}
