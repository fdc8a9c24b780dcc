package dev.iotlab.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.iotlab.images.support.Build;
import dev.iotlab.images.support.MqttObserver;
import dev.iotlab.testsupport.Mosquitto;
import dev.iotlab.images.support.NpmInstall;
import dev.iotlab.images.support.Processes;
import dev.iotlab.images.support.SimulatorProcess;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Our Node-RED settings and default flows in a real Node-RED (the exact npm lock of the image), under the /node-red
 * sub-path, connected with the lab's service user to a real broker that refuses anonymous clients, fed by our
 * simulator; the dashboard is driven in headless Chromium. Skipped, with the reason, when node/npm, mosquitto or
 * chromium are missing.
 */
class NodeRedLiveTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHROMIUM = Processes.find("/usr/bin/chromium", "/usr/bin/chromium-browser");
    static final String ROOT = "/node-red";
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "pw-" + UUID.randomUUID();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();   // no h2c upgrade: Node closes such requests

    static Processes processes;
    static Path nodeRedHome;
    static Path work;
    static Mosquitto broker;
    static MqttObserver observer;
    static Processes.Started nodeRed;
    static int port;

    static void assumeTools() {
        for (String reason : new String[] {NpmInstall.missing(), Mosquitto.missing(),
                CHROMIUM == null ? "chromium is not installed (apt-get install -y chromium): the dashboard is checked in a real browser" : null}) {
            Assumptions.assumeTrue(reason == null, reason);
        }
    }

    @BeforeAll
    static void startLab() throws Exception {
        assumeTools();
        processes = new Processes();
        work = Files.createDirectories(Build.targetDir().resolve("node-red-live"));
        nodeRedHome = NpmInstall.install("node-red", Build.imagesDir().resolve("node-red"));
        broker = Mosquitto.withUsers(work.resolve("mosquitto"),
                Map.of("student", "student-pw", "lab-services", "services-pw"));

        // The original six devices; switches never toggle on their own here, so every change is the dashboard's.
        Path scenario = work.resolve("no-random-toggles.yaml");
        String original = Files.readString(Build.scenariosDir().resolve("default.yaml"));
        assertThat(original).contains("toggle_probability: 0.1");
        Files.writeString(scenario, original.replace("toggle_probability: 0.1", "toggle_probability: 0"));

        observer = new MqttObserver(broker.port(), "student", "student-pw", "sensors/#", "devices/#");
        Map<String, String> simulatorEnv = new HashMap<>(mqttEnv());
        simulatorEnv.put("SIMULATOR_SCENARIO", scenario.toString());
        simulatorEnv.put("SIMULATOR_INTERVAL_SECONDS", "1");
        simulatorEnv.put("HEALTH_PORT", "0");
        Processes.Started simulator = SimulatorProcess.start(processes, work.resolve("simulator.log"), simulatorEnv);

        port = Processes.freePort();
        Path userDir = work.resolve("userdir-" + System.nanoTime());
        Map<String, String> env = new HashMap<>(mqttEnv());
        env.putAll(Map.of("PORT", String.valueOf(port), "NODE_RED_HTTP_ROOT", ROOT,
                "NODE_RED_ADMIN_USERNAME", ADMIN, "NODE_RED_ADMIN_PASSWORD", ADMIN_PASSWORD,
                "NODE_RED_CREDENTIAL_SECRET", "cred-" + UUID.randomUUID(),
                "INFLUXDB_URL", "http://127.0.0.1:" + Processes.freePort(), "INFLUXDB_TOKEN", "test-token",
                "INFLUXDB_ORG", "iot-org", "INFLUXDB_BUCKET", "iot-data"));
        nodeRed = processes.start(work.resolve("node-red.log"), nodeRedHome, env, nodeRedCommand(userDir));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            nodeRed.assertAlive("node-red");
            simulator.assertAlive("simulator");
            assertThat(nodeRed.output()).contains("Connected to broker");
            assertThat(statusOrMinusOne(ROOT + "/")).isEqualTo(200);
        });
    }

    static List<String> nodeRedCommand(Path userDir) {
        return List.of(NpmInstall.NODE, nodeRedHome.resolve("node_modules/node-red/red.js").toString(),
                "--userDir", userDir.toString(),
                "--settings", Build.imagesDir().resolve("node-red/settings.js").toString());
    }

    static Map<String, String> mqttEnv() {
        return Map.of("MQTT_BROKER", "127.0.0.1", "MQTT_PORT", String.valueOf(broker.port()),
                "MQTT_USERNAME", "lab-services", "MQTT_PASSWORD", "services-pw");
    }

    @AfterAll
    static void stop() {
        if (observer != null) {
            observer.close();
        }
        if (processes != null) {
            processes.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static int statusOrMinusOne(String path) {
        try {
            return get(path, null).statusCode();
        } catch (Exception e) {
            return -1;   // not listening yet
        }
    }

    static HttpResponse<String> token(String password) throws Exception {
        String form = "client_id=node-red-admin&grant_type=password&scope=*&username=" + ADMIN + "&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + ROOT + "/auth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDashboardShowsLiveSimulatorValuesAndASwitchPressChangesTheSimulatedDevice() throws Exception {
        Path browserHome = NpmInstall.install("playwright", Build.imagesDir().resolve("src/test/node"));
        Path screenshot = Build.targetDir().resolve("node-red-dashboard.png");
        Files.deleteIfExists(screenshot);
        Path log = work.resolve("dashboard-check.out");
        Map<String, String> env = new HashMap<>();
        env.put("NODE_PATH", browserHome.resolve("node_modules").toString());
        env.put("DASHBOARD_URL", "http://127.0.0.1:" + port + ROOT + "/dashboard/house");
        env.put("DASHBOARD_USER", ADMIN);
        env.put("DASHBOARD_PASSWORD", ADMIN_PASSWORD);
        env.put("SCREENSHOT", screenshot.toString());
        env.put("CHROMIUM", CHROMIUM);
        env.put("SWITCH_WIDGET", "ui-switch-001");
        env.put("GAUGE_WIDGETS", "gauge-temp-001,gauge-temp-002,gauge-hum-001,gauge-hum-002");
        env.put("TIMEOUT_MS", "45000");
        int code = Processes.run(log, work, env, List.of(NpmInstall.NODE,
                Build.imagesDir().resolve("src/test/node/dashboard-check.js").toString()), 150);
        List<JsonNode> steps = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.startsWith("{")) {
                steps.add(JSON.readTree(line));
            }
        }
        assertThat(code).as("browser check output:\n%s\nnode-red log:\n%s", Files.readString(log), nodeRed.output()).isZero();
        assertThat(steps).extracting(s -> s.path("step").asText()).containsExactly("live", "clicked", "followed");

        // Live values: each gauge showed two different numbers, and each is a value the simulator published.
        JsonNode gauges = steps.get(0).path("gauges");
        for (String device : List.of("temp-001", "temp-002", "hum-001", "hum-002")) {
            String type = device.startsWith("temp") ? "temperature" : "humidity";
            List<Double> published = observer.on("sensors/" + type + "/" + device).stream()
                    .map(m -> readTree(m.payload()).path("value").asDouble()).toList();
            JsonNode shown = gauges.path("gauge-" + device);
            assertThat(shown.size()).as(device).isEqualTo(2);
            for (JsonNode value : shown) {
                assertThat(published).as("gauge %s shows %s", device, value)
                        .anySatisfy(p -> assertThat(p).isCloseTo(value.asDouble(), within(0.006)));
            }
        }

        // The press: a command on devices/switch-001/command, the simulator's new state, and later readings.
        String after = steps.get(2).path("after").asText();
        assertThat(steps.get(1).path("before").asText()).isNotEqualTo(after);
        List<MqttObserver.Message> commands = observer.on("devices/switch-001/command");
        assertThat(commands).singleElement().satisfies(c ->
                assertThat(readTree(c.payload()).path("action").asText()).isEqualTo(after));
        long pressedAt = commands.get(0).receivedAtMillis();
        assertThat(observer.on("devices/switch-001/state")).anySatisfy(s -> {
            assertThat(s.receivedAtMillis()).isGreaterThanOrEqualTo(pressedAt);
            assertThat(readTree(s.payload()).path("state").asText()).isEqualTo(after);
        });
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(observer.on("sensors/switch/switch-001")).anySatisfy(r -> {
                    assertThat(r.receivedAtMillis()).isGreaterThan(pressedAt);
                    assertThat(readTree(r.payload()).path("state").asText()).isEqualTo(after);
                    assertThat(readTree(r.payload()).path("value").asInt()).isEqualTo(after.equals("on") ? 1 : 0);
                }));
        assertThat(observer.on("devices/switch-002/command")).as("the other switch was not touched").isEmpty();
        assertThat(screenshot).exists();
        assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    }

    @Test
    void editorApiAndDashboardRequireTheAdminLoginFromTheSecret() throws Exception {
        assertThat(get(ROOT + "/flows", null).statusCode()).isEqualTo(401);
        assertThat(get(ROOT + "/dashboard/house", null).statusCode()).isEqualTo(401);
        assertThat(token("wrong-" + ADMIN_PASSWORD).statusCode()).isNotEqualTo(200);

        HttpResponse<String> token = token(ADMIN_PASSWORD);
        assertThat(token.statusCode()).isEqualTo(200);
        String bearer = "Bearer " + JSON.readTree(token.body()).path("access_token").asText();
        HttpResponse<String> flows = get(ROOT + "/flows", bearer);
        assertThat(flows.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(flows.body()).findValuesAsText("topic")).contains("sensors/+/+").doesNotContain("sensors/+");
        String basic = "Basic " + java.util.Base64.getEncoder().encodeToString((ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(get(ROOT + "/dashboard/house", basic).statusCode()).isEqualTo(200);
        assertThat(get("/flows", bearer).statusCode()).as("nothing is served outside the sub-path").isEqualTo(404);
    }

    @Test
    void refusesToStartWithoutAnAdminPassword() throws Exception {
        Map<String, String> env = new HashMap<>(mqttEnv());
        env.put("PORT", String.valueOf(Processes.freePort()));
        env.put("NODE_RED_CREDENTIAL_SECRET", "x");
        env.put("NODE_RED_ADMIN_PASSWORD", "");
        Processes.Started refused = processes.start(work.resolve("node-red-no-password.log"), nodeRedHome, env,
                nodeRedCommand(work.resolve("userdir-refused")));
        assertThat(refused.process().waitFor(60, TimeUnit.SECONDS)).as("Node-RED exits").isTrue();
        assertThat(refused.process().exitValue()).isNotZero();
        assertThat(refused.output()).contains("NODE_RED_ADMIN_PASSWORD is not set").contains("no default password");
        assertThat(work.resolve("userdir-refused/flows.json")).doesNotExist();
    }

    static JsonNode readTree(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + s, e);
        }
    }
}
