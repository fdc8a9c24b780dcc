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
 * A fault the real InfluxDB cannot be made to show on demand: its write endpoint answering 5xx (overload, a failing
 * disk). A local server records the requests and answers 204 or the statuses we script. Everything else the writer
 * does is tested against a real InfluxDB 2 in {@link InfluxWriterTest} and {@link InfluxOutageTest}.
 */
class InfluxServerErrorContractTest {
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

    @Test
    void serverErrorsAreRetriedWithoutLosingOrDuplicatingPoints() throws Exception {
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
}
