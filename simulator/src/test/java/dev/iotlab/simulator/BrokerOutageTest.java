package dev.iotlab.simulator;

import dev.iotlab.contract.SimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Broker restart: readings taken while it is down are buffered and delivered afterwards, or counted when dropped. */
class BrokerOutageTest {
    TestBroker broker;
    GatedProxy proxy;
    Simulator sim;
    MqttProbe before;
    MqttProbe after;
    final MutableClock clock = new MutableClock("2025-03-10T08:00:00Z");

    @BeforeEach
    void setUp() throws Exception {
        broker = new TestBroker();
        proxy = new GatedProxy(broker.port);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (sim != null) {
            sim.close();
        }
        for (MqttProbe p : new MqttProbe[] {before, after}) {
            if (p != null) {
                p.close();
            }
        }
        proxy.close();
        broker.close();
    }

    void startSimulator(Map<String, String> extraEnv) throws Exception {
        Map<String, String> env = DefaultScenarioMqttTest.env(proxy.port());
        env.putAll(extraEnv);
        sim = new Simulator(SimulatorConfig.fromEnv(env), ScenarioLoader.loadDefault(), clock);
        sim.start(false);
        await().atMost(Duration.ofSeconds(20)).until(sim::isConnected);
    }

    /** Stops the broker, takes {@code ticks} readings of the six devices, restarts the broker, lets the simulator back. */
    List<String> outage(int ticks) {
        before = new MqttProbe(broker.port, "sensors/#");
        sim.tick();
        await().atMost(Duration.ofSeconds(10)).until(() -> before.messages.size() >= 6);

        proxy.shut();
        broker.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> !sim.isConnected());
        for (int i = 0; i < ticks; i++) {
            clock.advance(Duration.ofSeconds(5));
            sim.tick();
        }
        broker.start();
        after = new MqttProbe(broker.port, "sensors/#");
        proxy.open();
        await().atMost(Duration.ofSeconds(20)).until(sim::isConnected);
        return null;
    }

    @Test
    void readingsTakenDuringABrokerRestartAreDeliveredAfterIt() throws Exception {
        startSimulator(Map.of());
        outage(5);
        assertThat(sim.metrics().mqttBuffered()).isLessThanOrEqualTo(30);
        await().atMost(Duration.ofSeconds(20)).until(() -> after.messages.size() >= 30);

        Map<String, List<String>> timestamps = after.messages.stream().collect(Collectors.groupingBy(MqttProbe.Message::topic,
                Collectors.mapping(m -> m.json().get("timestamp").asText(), Collectors.toList())));
        assertThat(timestamps).hasSize(6);
        assertThat(timestamps.values()).allSatisfy(ts -> assertThat(ts).containsExactlyInAnyOrder(
                "2025-03-10T08:00:05.000Z", "2025-03-10T08:00:10.000Z", "2025-03-10T08:00:15.000Z",
                "2025-03-10T08:00:20.000Z", "2025-03-10T08:00:25.000Z"));
        assertThat(sim.metrics().mqttDropped()).isZero();
        assertThat(sim.metrics().mqttBuffered()).isZero();

        // And it keeps working afterwards; commands are subscribed again.
        after.publish("devices/switch-002/command", "{\"action\":\"on\"}");
        MqttProbe state = after;
        await().atMost(Duration.ofSeconds(10)).until(() -> state.messages.stream()
                .anyMatch(m -> m.topic().equals("sensors/switch/switch-002") && m.json().get("timestamp").asText().equals("2025-03-10T08:00:25.000Z")
                        && m.json().get("state").asText().equals("on") && state.on("sensors/switch/switch-002").size() > 5));
    }

    @Test
    void aFullBufferDropsTheOldestAndCountsThem() throws Exception {
        startSimulator(Map.of("SIMULATOR_BUFFER_SIZE", "12"));
        outage(5); // 30 readings into a buffer of 12
        await().atMost(Duration.ofSeconds(20)).until(() -> after.messages.size() >= 12);
        assertThat(sim.metrics().mqttDropped()).isEqualTo(18);
        assertThat(after.messages).extracting(m -> m.json().get("timestamp").asText())
                .containsOnly("2025-03-10T08:00:20.000Z", "2025-03-10T08:00:25.000Z");
        assertThat(sim.metrics().prometheus()).contains("iotlab_simulator_mqtt_dropped_total 18");
    }
}
