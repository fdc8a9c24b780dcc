package dev.iotlab.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import dev.iotlab.e2e.support.ContainerEngine;
import dev.iotlab.e2e.support.Http;
import dev.iotlab.e2e.support.LocalImages;
import dev.iotlab.testsupport.Mosquitto;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Our API and simulator images, built by Jib from the local base (images/base/build-base.sh), started as real
 * containers by podman (or docker) with host networking, against a real Mosquitto on 127.0.0.1.
 * Skipped, with the reason, where no engine can run containers or Mosquitto is missing — never passed.
 * Start-to-ready times and sizes go to target/container-images.md (copied into docs/benchmarks.md by hand).
 */
@Tag("containers")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImagesAsContainersTest {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    private static final String NON_ROOT = "65532:65532";
    private static final String TOKEN = "e2e-" + UUID.randomUUID();

    private ContainerEngine engine;
    private Mosquitto broker;
    private Mqtt3AsyncClient observer;
    private final Queue<Mqtt3Publish> received = new ConcurrentLinkedQueue<>();
    private final List<String> containers = new ArrayList<>();
    private final Map<String, String> figures = new LinkedHashMap<>();

    private String apiImage;
    private String simulatorImage;
    private String apiContainer;
    private String simulatorContainer;
    private Http api;
    private Http anonymousApi;

    /** Why these tests cannot run on this machine; null when they can. Reported on every test as its skip reason. */
    private String skipReason;

    @BeforeAll
    void startImagesAsContainers() throws IOException {
        skipReason = whyNotHere();
        if (skipReason != null) {
            System.err.println("[containers] " + skipReason);
            return;
        }
        observer = MqttClient.builder().useMqttVersion3().identifier("e2e-observer-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(broker.port()).buildAsync();
        observer.connect().join();
        for (String filter : List.of("sensors/+/+", "devices/+/state")) {
            observer.subscribeWith().topicFilter(filter).callback(received::add).send().join();
        }

        int apiPort = Mosquitto.freePort();
        long t0 = System.nanoTime();
        apiContainer = start("api", apiImage, Map.of(
                "PORT", String.valueOf(apiPort),
                "API_TOKEN", TOKEN,
                "MQTT_BROKER", "127.0.0.1",
                "MQTT_PORT", String.valueOf(broker.port()),
                // Nothing listens there: there is no InfluxDB on this machine, and the API must say so.
                "INFLUXDB_URL", "http://127.0.0.1:" + Mosquitto.freePort(),
                "INFLUXDB_TOKEN", "none"));
        api = new Http("http://127.0.0.1:" + apiPort, TOKEN);
        anonymousApi = new Http("http://127.0.0.1:" + apiPort, null);
        awaitReady(apiContainer, api, "/livez");
        figures.put("api start-to-ready (`run -d` → first 200 on /livez)", millis(t0));

        int simulatorHealth = Mosquitto.freePort();
        long t1 = System.nanoTime();
        simulatorContainer = start("simulator", simulatorImage, Map.of(
                "MQTT_BROKER", "127.0.0.1",
                "MQTT_PORT", String.valueOf(broker.port()),
                "HEALTH_PORT", String.valueOf(simulatorHealth),
                "SIMULATOR_INTERVAL_SECONDS", "1"));
        awaitReady(simulatorContainer, new Http("http://127.0.0.1:" + simulatorHealth, null), "/readyz");
        figures.put("simulator start-to-ready (`run -d` → 200 on /readyz, broker connected)", millis(t1));
        await("a first reading on sensors/+/+").atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(20))
                .until(() -> received.stream().anyMatch(p -> p.getTopic().toString().startsWith("sensors/")));
        figures.put("simulator `run -d` → first reading received on sensors/+/+", millis(t1));
    }

    private String whyNotHere() {
        List<String> reasons = new ArrayList<>();
        engine = ContainerEngine.detect(reasons).orElse(null);
        if (engine == null) {
            return "SKIPPED (not run): no container engine works here: " + reasons
                    + ". Install one: apt-get install -y podman runc (configuration in e2e/README.md).";
        }
        if (Mosquitto.missing() != null) {
            return "SKIPPED (not run): " + Mosquitto.missing() + "; the containers need a broker on 127.0.0.1.";
        }
        List<Path> tars = LocalImages.ensure("api", "simulator");
        apiImage = engine.load(tars.get(0));
        simulatorImage = engine.load(tars.get(1));
        Optional<String> cannotRun = engine.cannotRunContainers(apiImage);
        if (cannotRun.isPresent()) {
            return "SKIPPED (not run): " + cannotRun.get();
        }
        broker = Mosquitto.anonymous();
        return null;
    }

    @BeforeEach
    void onlyWhereContainersRun() {
        assumeTrue(skipReason == null, skipReason);
    }

    @Test
    void imagesAreNamedAsTheOperatorDeploysThem() {
        assertThat(apiImage).isEqualTo("ghcr.io/iotlab-dev/iotlab-api:" + LocalImages.version());
        assertThat(simulatorImage).isEqualTo("ghcr.io/iotlab-dev/iotlab-simulator:" + LocalImages.version());
    }

    @Test
    void apiAnswersLivezAndHealthSaysBrokerUpDatabaseDown() {
        Http.Reply livez = anonymousApi.get("/livez");
        assertThat(livez.status()).isEqualTo(200);
        assertThat(livez.json().path("status").asText()).isEqualTo("alive");

        Http.Reply health = api.get("/health");
        JsonNode h = health.json();
        assertThat(health.status()).as("no InfluxDB here, so not healthy: %s", health.body()).isEqualTo(503);
        assertThat(h.path("mqtt").path("status").asText()).as(health.body()).isEqualTo("up");
        assertThat(h.path("mqtt").path("broker").asText()).isEqualTo("127.0.0.1:" + broker.port());
        assertThat(h.path("database").path("status").asText()).as(health.body()).isEqualTo("down");
    }

    @Test
    void apiInItsContainerRefusesRequestsWithoutTheToken() {
        assertThat(anonymousApi.get("/devices/list").status()).isEqualTo(401);
        assertThat(api.get("/devices/list").status()).isEqualTo(200);
    }

    @Test
    void simulatorPublishesTheSixDevicesReadingsToTheBrokerOnLoopback() throws IOException {
        await("readings of the six default devices").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Set<String> topics = received.stream().map(p -> p.getTopic().toString())
                    .filter(t -> t.startsWith("sensors/")).collect(Collectors.toSet());
            assertThat(topics).as(() -> engine.logs(simulatorContainer)).hasSizeGreaterThanOrEqualTo(6);
        });
        Mqtt3Publish reading = received.stream().filter(p -> p.getTopic().toString().startsWith("sensors/temperature/"))
                .findFirst().orElseThrow();
        JsonNode payload = parse(reading);
        assertThat(payload.path("value").isNumber()).as(payload.toString()).isTrue();
        assertThat(payload.path("unit").asText()).isEqualTo("celsius");
        assertThat(payload.path("timestamp").asText()).isNotBlank();
    }

    @Test
    void commandThroughTheApiContainerReachesTheSimulatorContainer() {
        // The API learns devices from the simulator's retained announcements (and stores them under /data).
        await("the API knows switch-001").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/devices/list").json().path("devices").findValuesAsText("device_id"))
                        .as(() -> engine.logs(apiContainer)).contains("switch-001"));
        int before = stateMessages("switch-001");
        Http.Reply sent = api.post("/devices/switch-001/command", Map.of("action", "toggle"));
        assertThat(sent.status()).as(sent.body()).isEqualTo(200);
        await("the simulator acknowledges on devices/switch-001/state").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(stateMessages("switch-001"))
                        .as(() -> engine.logs(simulatorContainer)).isGreaterThan(before));
    }

    @Test
    void apiSeesTheSimulatorsReadingsThroughTheBroker() {
        Http.Reply sub = api.post("/mqtt/subscribe", Map.of("topic", "sensors/+/+"));
        assertThat(sub.status()).as(sub.body()).isEqualTo(200);
        await("the API buffers live readings").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get("/mqtt/messages?topic=sensors/%2B/%2B&limit=20").json().path("count").asInt())
                        .isGreaterThan(0));
    }

    @Test
    void bothRunAsTheNonRootUserAndAreSmall() {
        for (String[] c : new String[][] {{apiImage, apiContainer}, {simulatorImage, simulatorContainer}}) {
            assertThat(engine.inspectImage(c[0], "{{.Config.User}}")).as(c[0]).isEqualTo(NON_ROOT);
            ContainerEngine.OptionalUid uid = engine.processUid(c[1]);
            if (uid.uid() != null) {
                assertThat(uid.uid()).as("uid of the JVM in " + c[0]).isEqualTo(65532);
            }
            long size = engine.imageSize(c[0]);
            figures.put("image size " + c[0], String.format("%.1f MB", size / 1e6));
            assertThat(size).as("%s is %d bytes", c[0], size).isLessThan(150_000_000L);
        }
    }

    @AfterAll
    void stopAndRecord() throws IOException {
        for (String c : containers) {
            engine.removeQuietly(c);
        }
        if (observer != null) {
            observer.disconnect();
        }
        if (broker != null) {
            broker.close();
        }
        if (!figures.isEmpty()) {
            StringBuilder sb = new StringBuilder("engine: " + engine + "; machine: "
                    + Runtime.getRuntime().availableProcessors() + " CPUs\n");
            figures.forEach((k, v) -> sb.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            Path out = Path.of("target", "container-images.md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, sb.toString());
            System.out.print(sb);
        }
    }

    private String start(String role, String image, Map<String, String> env) {
        String name = "iotlab-e2e-" + role + "-" + UUID.randomUUID().toString().substring(0, 8);
        containers.add(name);
        engine.runDetached(name, image, env);
        return name;
    }

    private void awaitReady(String container, Http http, String path) {
        await(container + " answers " + path).atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> assertThat(http.statusOrMinusOne(path))
                        .as(() -> engine.logs(container)).isEqualTo(200));
    }

    private int stateMessages(String device) {
        return (int) received.stream().filter(p -> p.getTopic().toString().equals("devices/" + device + "/state")).count();
    }

    private static JsonNode parse(Mqtt3Publish p) throws IOException {
        return Http.JSON.readTree(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8));
    }

    private static String millis(long startNanos) {
        return String.format("%.2f s", (System.nanoTime() - startNanos) / 1e9);
    }
}
