package dev.iotlab.simulator;

import dev.iotlab.contract.SimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The default scenario against a real broker: the original six devices, their topics and payload shapes. */
class DefaultScenarioMqttTest {
    static TestBroker broker;
    final List<AutoCloseable> closeables = new ArrayList<>();
    final MutableClock clock = new MutableClock("2025-03-10T14:00:00Z");

    @BeforeAll
    static void startBroker() {
        broker = new TestBroker();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    static Map<String, String> env(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("MQTT_BROKER", "127.0.0.1");
        env.put("MQTT_PORT", Integer.toString(port));
        env.put("HEALTH_PORT", "0");
        env.put("SIMULATOR_SEED", "42");
        env.put("SIMULATOR_RECONNECT_INITIAL_MILLIS", "100");
        env.put("SIMULATOR_RECONNECT_MAX_SECONDS", "1");
        return env;
    }

    Simulator simulator(Map<String, String> env, Scenario scenario) throws Exception {
        Simulator s = new Simulator(SimulatorConfig.fromEnv(env), scenario, clock);
        closeables.add(s);
        s.start(false);
        await().atMost(Duration.ofSeconds(20)).until(s::isConnected);
        return s;
    }

    MqttProbe probe(String... filters) {
        MqttProbe p = new MqttProbe(broker.port, filters);
        closeables.add(p);
        return p;
    }

    @Test
    void publishesTheOriginalSixDevicesWithTheirTopicsAndPayloads() throws Exception {
        MqttProbe probe = probe("sensors/#");
        Simulator sim = simulator(env(broker.port), ScenarioLoader.loadDefault());
        sim.tick();
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.messages.size() >= 6);

        assertThat(probe.messages).extracting(MqttProbe.Message::topic).containsExactlyInAnyOrder(
                "sensors/temperature/temp-001", "sensors/temperature/temp-002",
                "sensors/humidity/hum-001", "sensors/humidity/hum-002",
                "sensors/switch/switch-001", "sensors/switch/switch-002");
        for (MqttProbe.Message m : probe.messages) {
            JsonNode json = m.json();
            assertThat(json.get("timestamp").asText()).isEqualTo("2025-03-10T14:00:00.000Z");
            assertThat(m.retained()).isFalse();
            if (m.topic().startsWith("sensors/temperature/")) {
                assertThat(fields(json)).containsExactlyInAnyOrder("value", "unit", "location", "timestamp");
                assertThat(json.get("unit").asText()).isEqualTo("celsius");
                assertThat(json.get("value").asDouble()).isBetween(15.0, 25.0);
            } else if (m.topic().startsWith("sensors/humidity/")) {
                assertThat(fields(json)).containsExactlyInAnyOrder("value", "unit", "location", "timestamp");
                assertThat(json.get("unit").asText()).isEqualTo("percent");
                assertThat(json.get("value").asDouble()).isBetween(35.0, 65.0);
            } else {
                assertThat(fields(json)).containsExactlyInAnyOrder("value", "state", "location", "timestamp");
                assertThat(json.get("value").isInt()).isTrue();
                assertThat(json.get("state").asText()).isEqualTo(json.get("value").asInt() == 1 ? "on" : "off");
            }
        }
        assertThat(location(probe, "sensors/temperature/temp-001")).isEqualTo("living-room");
        assertThat(location(probe, "sensors/temperature/temp-002")).isEqualTo("bedroom");
        assertThat(location(probe, "sensors/humidity/hum-001")).isEqualTo("living-room");
        assertThat(location(probe, "sensors/humidity/hum-002")).isEqualTo("bedroom");
        assertThat(sim.intervalSeconds()).isEqualTo(5);
    }

    private static String location(MqttProbe probe, String topic) {
        return probe.on(topic).get(0).json().get("location").asText();
    }

    private static List<String> fields(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void announcesDevicesRetainedAndStatusWithLastWill() throws Exception {
        Simulator sim = simulator(env(broker.port), ScenarioLoader.loadDefault());
        MqttProbe early = probe("devices/+/meta");
        await().atMost(Duration.ofSeconds(10)).until(() -> early.startingWith("devices/").size() >= 6);
        // A client that connects later still learns every device: the announcements are retained.
        MqttProbe late = probe("devices/+/meta", "simulator/status");
        await().atMost(Duration.ofSeconds(10)).until(() -> late.startingWith("devices/").size() >= 6 && !late.on("simulator/status").isEmpty());

        assertThat(late.on("simulator/status").get(0).payload()).isEqualTo("online");
        assertThat(late.on("simulator/status").get(0).retained()).isTrue();
        MqttProbe.Message meta = late.on("devices/temp-001/meta").get(0);
        assertThat(meta.retained()).isTrue();
        JsonNode json = meta.json();
        assertThat(fields(json)).containsExactlyInAnyOrder("device_id", "device_type", "device_name", "location", "unit", "commands");
        assertThat(json.get("device_type").asText()).isEqualTo("temperature");
        assertThat(json.get("unit").asText()).isEqualTo("celsius");
        assertThat(json.get("commands")).isEmpty();
        JsonNode sw = late.on("devices/switch-002/meta").get(0).json();
        assertThat(sw.get("location").asText()).isEqualTo("bedroom");
        assertThat(sw.get("commands").toString()).isEqualTo("[\"on\",\"off\",\"toggle\"]");

        sim.close();
        MqttProbe after = probe("simulator/status");
        await().atMost(Duration.ofSeconds(10)).until(() -> !after.on("simulator/status").isEmpty());
        assertThat(after.on("simulator/status").get(0).payload()).isEqualTo("offline");
    }

    @Test
    void switchCommandChangesStateAndIsAcknowledged() throws Exception {
        MqttProbe probe = probe("sensors/switch/#", "devices/+/state", "simulator/errors");
        Simulator sim = simulator(env(broker.port), ScenarioLoader.loadDefault());
        probe.publish("devices/switch-001/command", "{\"action\":\"on\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> !probe.on("devices/switch-001/state").isEmpty());
        JsonNode state = probe.on("devices/switch-001/state").get(0).json();
        assertThat(state.get("device_id").asText()).isEqualTo("switch-001");
        assertThat(state.get("device_type").asText()).isEqualTo("switch");
        assertThat(state.get("state").asText()).isEqualTo("on");
        assertThat(state.get("value").asInt()).isEqualTo(1);
        assertThat(state.get("timestamp").asText()).isEqualTo("2025-03-10T14:00:00.000Z");
        assertThat(probe.on("sensors/switch/switch-001").get(0).json().get("state").asText()).isEqualTo("on");

        probe.publish("devices/switch-001/command", "{\"action\":\"toggle\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("devices/switch-001/state").size() >= 2);
        assertThat(probe.on("devices/switch-001/state").get(1).json().get("state").asText()).isEqualTo("off");
        assertThat(probe.on("sensors/switch/switch-001").get(1).json().get("value").asInt()).isEqualTo(0);
        assertThat(probe.on("simulator/errors")).isEmpty();
    }

    @Test
    void badCommandsAreAnsweredOnTheErrorTopicAndTheSimulatorKeepsWorking() throws Exception {
        MqttProbe probe = probe("simulator/errors", "devices/+/state", "sensors/#");
        Simulator sim = simulator(env(broker.port), ScenarioLoader.loadDefault());
        probe.publish("devices/nope-999/command", "{\"action\":\"on\"}");
        probe.publish("devices/switch-001/command", "{not json");
        probe.publish("devices/switch-001/command", "{\"action\":\"explode\"}");
        probe.publish("devices/temp-001/command", "{\"action\":\"on\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("simulator/errors").size() >= 4);

        List<JsonNode> errors = probe.on("simulator/errors").stream().map(MqttProbe.Message::json).toList();
        assertThat(errors).allSatisfy(e -> assertThat(fields(e)).containsExactlyInAnyOrder("device_id", "error", "received"));
        assertThat(errors.get(0).get("device_id").asText()).isEqualTo("nope-999");
        assertThat(errors.get(0).get("error").asText()).contains("unknown device 'nope-999'");
        assertThat(errors.get(1).get("error").asText()).contains("not JSON").contains("{\"action\":\"on\"");
        assertThat(errors.get(1).get("received").asText()).isEqualTo("{not json");
        assertThat(errors.get(2).get("error").asText()).contains("unknown action 'explode'").contains("toggle");
        assertThat(errors.get(3).get("error").asText()).contains("read-only");
        assertThat(probe.on("devices/switch-001/state")).isEmpty();
        assertThat(sim.metrics().commandErrors()).isEqualTo(4);

        sim.tick();
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.startingWith("sensors/").size() >= 6);
        assertThat(sim.isConnected()).isTrue();
    }

    @Test
    void healthEndpointsReportBrokerConnectionAndCounters() throws Exception {
        MqttProbe probe = probe("sensors/#");
        Simulator sim = simulator(env(broker.port), ScenarioLoader.loadDefault());
        sim.tick();
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.metrics().mqttPublished() >= 6);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + sim.healthPort();
        assertThat(get(http, base + "/livez").statusCode()).isEqualTo(200);
        assertThat(get(http, base + "/readyz").statusCode()).isEqualTo(200);
        String metrics = get(http, base + "/metrics").body();
        assertThat(metrics).contains("iotlab_simulator_devices 6").contains("iotlab_simulator_mqtt_connected 1")
                .contains("iotlab_simulator_mqtt_dropped_total 0").contains("iotlab_simulator_mqtt_buffered 0")
                .containsPattern("iotlab_simulator_mqtt_published_total ([6-9]|\\d\\d+)");
    }

    @Test
    void notReadyWhileTheBrokerIsUnreachable() throws Exception {
        Map<String, String> env = env(TestBroker.freePort());
        Simulator sim = new Simulator(SimulatorConfig.fromEnv(env), ScenarioLoader.loadDefault(), clock);
        closeables.add(sim);
        sim.start(false);
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + sim.healthPort();
        assertThat(get(http, base + "/livez").statusCode()).isEqualTo(200);
        assertThat(get(http, base + "/readyz").statusCode()).isEqualTo(503);
        sim.tick();
        assertThat(sim.metrics().mqttBuffered()).isEqualTo(6);
        assertThat(get(http, base + "/metrics").body()).contains("iotlab_simulator_mqtt_buffered 6");
    }

    static java.net.http.HttpResponse<String> get(java.net.http.HttpClient http, String url) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sameSeedGivesTheSameReadings() {
        Scenario scenario = ScenarioLoader.loadDefault();
        House a = new House(scenario, 7);
        House b = new House(scenario, 7);
        House c = new House(scenario, 8);
        long t = clock.millis();
        List<String> ra = new ArrayList<>();
        List<String> rb = new ArrayList<>();
        List<String> rc = new ArrayList<>();
        for (int i = 0; i < 100; i++, t += 5000) {
            a.tick(t).forEach(r -> ra.add(r.json()));
            b.tick(t).forEach(r -> rb.add(r.json()));
            c.tick(t).forEach(r -> rc.add(r.json()));
        }
        assertThat(ra).isEqualTo(rb);
        assertThat(ra).isNotEqualTo(rc);
        assertThat(Set.copyOf(ra).size()).isGreaterThan(300); // values actually move
    }
}
