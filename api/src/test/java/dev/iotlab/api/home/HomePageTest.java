package dev.iotlab.api.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlab.api.devices.DeviceRegistry;
import dev.iotlab.api.mqtt.MqttGateway;
import dev.iotlab.api.progress.ProgressTracker;
import dev.iotlab.api.support.Lab;
import dev.iotlab.api.support.Broker;
import dev.iotlab.api.support.RealInfluxTest;
import dev.iotlab.api.support.SimulatorProcess;
import dev.iotlab.testsupport.Browser;
import dev.iotlab.testsupport.Mosquitto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The student's home page served by the API at / against a real broker, a real InfluxDB 2 and our real simulator (its
 * jar, announcing the original six devices): links, health,
 * modules (their progress read from the database), nothing secret before sign-in, the .env after it, sign-in failures
 * limited; scripts still get the original JSON. In Chromium. The Chromium test runs first: it writes a typical
 * mistake into the database, which the later status test then corrects.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HomePageTest extends RealInfluxTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String MQTT_PASSWORD = "student-mqtt-pass-4f9a1c";
    static final String INFLUX_TOKEN = "student-influx-token-77aa";
    static final HttpClient HTTP = HttpClient.newHttpClient();
    final Path credentials = credentials();
    /** The lab's own broker: the simulator's retained announcements must not reach other classes' shared one. */
    final Mosquitto broker = Broker.start();
    SimulatorProcess simulator;

    @BeforeAll
    void startSimulator() {
        simulator = SimulatorProcess.start(Map.of("MQTT_BROKER", "127.0.0.1", "MQTT_PORT", String.valueOf(broker.port()),
                "INFLUXDB_URL", influx.url(), "INFLUXDB_TOKEN", influx.token(), "INFLUXDB_ORG", influx.org(),
                "INFLUXDB_BUCKET", influx.bucket(), "HEALTH_PORT", "0", "SIMULATOR_INTERVAL_SECONDS", "1"),
                Path.of("target", "home-page-simulator.log"));
    }

    @AfterAll
    void stopSimulatorAndBroker() {
        if (simulator != null) {
            simulator.close();
        }
        broker.close();
    }

    static Path credentials() {
        try {
            Path dir = Files.createTempDirectory("student-credentials");
            Map<String, String> values = Map.of("mqtt-username", "alice", "mqtt-password", MQTT_PASSWORD,
                    "influxdb-token", INFLUX_TOKEN, "api-token", Lab.TOKEN, "grafana-admin-user", "admin",
                    "grafana-admin-password", "grafana-pass-91be", "node-red-username", "admin",
                    "node-red-password", "nodered-pass-02cd");
            for (var e : values.entrySet()) {
                Files.writeString(dir.resolve(e.getKey()), e.getValue() + "\n");
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Map<String, Object> apiProperties(Map<String, Object> defaults) {
        Map<String, Object> p = new HashMap<>(defaults);
        p.put("mqtt.port", broker.port());
        p.put("iotlab.lab.endpoints", "[{\"name\":\"mqtt\",\"internal\":\"mqtt://emqx.iotlab-alice.svc:1883\"},"
                + "{\"name\":\"mqtt-websocket\",\"internal\":\"ws://emqx.iotlab-alice.svc:8083/mqtt\",\"external\":\"wss://alice.labs.example.edu/mqtt\"},"
                + "{\"name\":\"api\",\"internal\":\"http://api.iotlab-alice.svc:5000\",\"external\":\"https://alice.labs.example.edu/api\"},"
                + "{\"name\":\"grafana\",\"internal\":\"http://127.0.0.1:9/grafana/\",\"external\":\"https://alice.labs.example.edu/grafana/\"},"
                + "{\"name\":\"node-red\",\"internal\":\"http://127.0.0.1:9/node-red/\",\"external\":\"https://alice.labs.example.edu/node-red/\"},"
                + "{\"name\":\"node-red-dashboard\",\"internal\":\"http://127.0.0.1:9/node-red/dashboard\",\"external\":\"https://alice.labs.example.edu/node-red/dashboard\"},"
                + "{\"name\":\"influxdb\",\"internal\":\"" + influx.url() + "\"}]");
        p.put("iotlab.student.credentials.dir", credentials.toString());
        return p;
    }

    /** Ten points of module 3's workshop_readings, {@code location} as a tag or (the typical mistake) as a field. */
    void writeReadings(boolean locationAsTag) {
        long now = Instant.now().getEpochSecond();
        influx.write(IntStream.range(0, 10).mapToObj(i -> "workshop_readings,device_id=temp-00" + (i % 3)
                        + (locationAsTag ? ",location=kitchen value=2" + i + ".5" : " value=2" + i + ".5,location=\"kitchen\"")
                        + " " + (now - i))
                .collect(Collectors.joining("\n")), "s");
        lab.context().getBean(ProgressTracker.class).evaluate();
    }

    List<String> missing(JsonNode status, int module) {
        return JSON.convertValue(status.get("progress").get("modules").get(module - 1).get("missing"),
                JSON.getTypeFactory().constructCollectionType(List.class, String.class));
    }

    /** The API connected to the broker and the simulator's six devices announced to it (a JVM starting under load). */
    void awaitLabUp() {
        MqttGateway mqtt = lab.context().getBean(MqttGateway.class);
        DeviceRegistry devices = lab.context().getBean(DeviceRegistry.class);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(mqtt::isConnected);
        Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            assertThat(simulator.isAlive()).as("simulator running (see target/home-page-simulator.log)").isTrue();
            assertThat(devices.list()).filteredOn(d -> "mqtt".equals(d.get("source"))).hasSize(6);
        });
    }

    @Test
    void scriptsKeepTheOriginalJsonAndBrowsersGetThePage() throws Exception {
        HttpResponse<String> script = get("/", "*/*", Lab.TOKEN);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(script.body()).get("message").asText()).isEqualTo("IoT Lab API");
        assertThat(get("/", "*/*", null).statusCode()).as("the original JSON still needs the token").isEqualTo(401);
        assertThat(get("/", "application/json", Lab.TOKEN).body()).startsWith("{");
        HttpResponse<String> browser = get("/", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", null);
        assertThat(browser.statusCode()).isEqualTo(200);
        assertThat(browser.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(browser.body()).contains("<h1>Your IoT lab</h1>").doesNotContain(MQTT_PASSWORD).doesNotContain(Lab.TOKEN);
    }

    @Test
    @Order(2)
    void theStatusPartHasLinksHealthAndModulesButNoSecret() throws Exception {
        awaitLabUp();
        HttpResponse<String> r = get("/home/status", "application/json", null);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode s = JSON.readTree(r.body());
        assertThat(s.get("links")).extracting(l -> l.get("label").asText())
                .containsExactly("Grafana", "Node-RED editor", "Node-RED dashboard", "API docs");
        assertThat(s.get("links").get(3).get("url").asText()).isEqualTo("https://alice.labs.example.edu/api/docs");
        Map<String, String> health = new HashMap<>();
        s.get("health").forEach(h -> health.put(h.get("component").asText(), h.get("status").asText()));
        assertThat(health).as("the real broker, database and simulator").containsEntry("broker", "up")
                .containsEntry("database", "up").containsEntry("simulator", "up")
                .containsEntry("grafana", "down").containsEntry("node-red", "down").containsEntry("api", "up");
        assertThat(s.get("progress").get("modules")).hasSize(10).allSatisfy(m -> assertThat(m.get("lesson").asText())
                .as("each module's lesson, relative to the page").matches("home/lessons/\\d\\d"));
        writeReadings(true);
        JsonNode fixed = JSON.readTree(get("/home/status", "application/json", null).body());
        assertThat(missing(fixed, 3)).as("module 3 once ten good points are in the database")
                .noneMatch(m -> m.contains("workshop_readings")).isNotEmpty();
        assertThat(s.get("connection").get("mqtt").asText()).contains("kubectl port-forward svc/emqx 1883");
        assertThat(r.body()).doesNotContain(MQTT_PASSWORD).doesNotContain(INFLUX_TOKEN).doesNotContain(Lab.TOKEN)
                .doesNotContain("grafana-pass").doesNotContain("nodered-pass");
    }

    @Test
    void signInGivesTheEnvAndFailuresAreLimitedPerClient() throws Exception {
        for (int i = 0; i < SignInLimiter.PER_CLIENT; i++) {
            assertThat(signIn("guess-" + i, "203.0.113.7").statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = signIn(Lab.TOKEN, "203.0.113.7");
        assertThat(limited.statusCode()).as("even the right token, after too many failures").isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> other = signIn(Lab.TOKEN, "198.51.100.20");
        assertThat(other.statusCode()).isEqualTo(200);
        String env = JSON.readTree(other.body()).get("env").asText();
        assertThat(env).contains("MQTT_USERNAME=alice\n", "MQTT_PASSWORD=" + MQTT_PASSWORD + "\n",
                "INFLUXDB_TOKEN=" + INFLUX_TOKEN + "\n", "API_TOKEN=" + Lab.TOKEN + "\n",
                "FLASK_API_URL=https://alice.labs.example.edu/api\n", "MQTT_WS_URL=wss://alice.labs.example.edu/mqtt\n",
                "GRAFANA_URL=https://alice.labs.example.edu/grafana/\n", "MQTT_BROKER=localhost\n",
                "# The broker is not exposed: run  kubectl port-forward svc/emqx 1883");
    }

    @Test
    @Order(1)
    void aStudentUsesThePageInChromiumBeforeAndAfterSignIn() throws Exception {
        String missing = Browser.missing();
        assumeThat(missing).as(missing).isNull();
        awaitLabUp();
        writeReadings(false);
        Path target = Path.of("target").toAbsolutePath();
        List<String> lines = Browser.run(Path.of("src/test/node/home-page-check.js").toAbsolutePath(), Map.of(
                "URL", lab.url() + "/", "TOKEN", Lab.TOKEN, "SECRET", MQTT_PASSWORD,
                "SHOT_BEFORE", target.resolve("home-page-before-sign-in.png").toString(),
                "SHOT_AFTER", target.resolve("home-page-after-sign-in.png").toString()),
                target.resolve("home-page-check.out"), 120);
        Map<String, JsonNode> steps = new HashMap<>();
        for (String line : lines) {
            JsonNode step = JSON.readTree(line);
            steps.put(step.get("step").asText(), step);
        }
        JsonNode before = steps.get("before");
        assertThat(before.get("hasSecret").asBoolean()).as("a credential on the page before sign-in").isFalse();
        assertThat(before.get("links")).extracting(l -> l.get("text").asText())
                .containsExactly("Grafana", "Node-RED editor", "Node-RED dashboard", "API docs");
        assertThat(before.get("health")).extracting(JsonNode::asText)
                .contains("broker up: connected", "database up: answers", "simulator up: 6 devices announced",
                        "grafana down: not reachable");
        assertThat(before.get("modules")).hasSize(10);
        assertThat(before.get("modules").get(0).get("text").asText()).isEqualTo("Introduction");
        assertThat(before.get("modules").get(0).get("lesson").asText()).isEqualTo(lab.url() + "/home/lessons/01");
        assertThat(before.get("modules").get(2).get("missing").toString()).as("module 3's hint, read from the database")
                .contains("You wrote location as a field.");
        assertThat(before.get("summary").asText()).matches("\\d+/10 modules done");
        assertThat(steps.get("wrong").get("error").asText()).contains("not your lab's API token");
        assertThat(steps.get("wrong").get("envShown").asBoolean()).isFalse();
        assertThat(steps.get("keyboard").get("focusedLabel").asText()).isEqualTo("API token from your handout (API_TOKEN)");
        assertThat(steps.get("after").get("env").asText()).contains("MQTT_PASSWORD=" + MQTT_PASSWORD);
        assertThat(steps.get("after").get("focused").asText()).isEqualTo("env");
        assertThat(steps.get("labels").get("unlabelled")).isEmpty();
        assertThat(Files.size(target.resolve("home-page-after-sign-in.png"))).isGreaterThan(10_000);
    }

    HttpResponse<String> get(String path, String accept, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(lab.url() + path))
                .header("Accept", accept);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> signIn(String credential, String client) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(lab.url() + "/home/sign-in"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", client)
                .POST(HttpRequest.BodyPublishers.ofString("{\"credential\":\"" + credential + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
