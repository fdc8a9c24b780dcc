package dev.iotlab.simulator;

import dev.iotlab.contract.SimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The capstone house over MQTT, with a clock the test moves: commands change the physics that later readings show. */
class SmartHomeMqttTest {
    TestBroker broker;
    Simulator sim;
    MqttProbe probe;
    final MutableClock clock = new MutableClock("2025-07-01T13:00:00Z");

    @BeforeEach
    void setUp() throws Exception {
        broker = new TestBroker();
        probe = new MqttProbe(broker.port, "sensors/#", "devices/+/state", "simulator/errors");
        sim = new Simulator(SimulatorConfig.fromEnv(DefaultScenarioMqttTest.env(broker.port)),
                ScenarioLoader.load(Path.of("scenarios/smart-home.yaml")), clock);
        sim.start(false);
        await().atMost(Duration.ofSeconds(20)).until(sim::isConnected);
    }

    @AfterEach
    void tearDown() {
        sim.close();
        probe.close();
        broker.close();
    }

    List<JsonNode> readings(String topic) {
        return probe.on(topic).stream().map(MqttProbe.Message::json).toList();
    }

    JsonNode last(String topic) {
        List<JsonNode> r = readings(topic);
        return r.get(r.size() - 1);
    }

    void tickAndWait() {
        long before = probe.startingWith("sensors/").size();
        sim.tick();
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.startingWith("sensors/").size() >= before + 20);
    }

    @Test
    void acTurnedOnByCommandCoolsTheLivingRoomAndRaisesPower() {
        tickAndWait();
        double startTemp = last("sensors/temperature/temp-001").get("value").asDouble();
        double startPower = last("sensors/energy/energy-001").get("value").asDouble();
        assertThat(startTemp).isGreaterThan(24.0); // a warm July afternoon
        assertThat(last("sensors/energy/energy-001").get("unit").asText()).isEqualTo("watt");

        probe.publish("devices/ac-001/command", "{\"action\":\"set\",\"setpoint\":20.5}");
        await().atMost(Duration.ofSeconds(10)).until(() -> !probe.on("devices/ac-001/state").isEmpty());
        JsonNode state = last("devices/ac-001/state");
        assertThat(state.get("state").asText()).isEqualTo("on");
        assertThat(state.get("setpoint").asDouble()).isEqualTo(20.5);
        assertThat(state.get("power").asDouble()).isEqualTo(1200.0);
        JsonNode acReading = last("sensors/ac/ac-001");
        assertThat(acReading.get("value").asInt()).isEqualTo(1);
        assertThat(acReading.get("setpoint").asDouble()).isEqualTo(20.5);

        for (int minute = 1; minute <= 90; minute++) {
            clock.advance(Duration.ofMinutes(1));
            tickAndWait();
        }
        double cooled = last("sensors/temperature/temp-001").get("value").asDouble();
        double bedroom = last("sensors/temperature/temp-002").get("value").asDouble();
        assertThat(cooled).isBetween(19.8, 21.3);
        assertThat(bedroom).as("the bedroom has no AC running").isGreaterThan(22.5);
        List<Double> power = readings("sensors/energy/energy-001").stream().map(j -> j.get("value").asDouble()).toList();
        assertThat(power.subList(1, 20)).allSatisfy(w -> assertThat(w).isGreaterThan(startPower + 1000));

        probe.publish("devices/ac-001/command", "off");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("devices/ac-001/state").size() >= 2);
        assertThat(last("devices/ac-001/state").get("power").asDouble()).isEqualTo(0.0);
    }

    @Test
    void automationTopicCommandsEveryDeviceOfThatTypeInTheRoom() {
        probe.publish("automation/light/kitchen", "{\"action\":\"on\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> !probe.on("devices/light-003/state").isEmpty());
        assertThat(last("devices/light-003/state").get("state").asText()).isEqualTo("on");
        assertThat(probe.on("devices/light-001/state")).isEmpty();

        probe.publish("devices/light-001/command", "{\"action\":\"set\",\"brightness\":40}");
        await().atMost(Duration.ofSeconds(10)).until(() -> !probe.on("devices/light-001/state").isEmpty());
        assertThat(last("devices/light-001/state").get("brightness").asDouble()).isEqualTo(40.0);
        assertThat(last("sensors/light/light-001").get("state").asText()).isEqualTo("on");

        probe.publish("automation/light/garage", "{\"action\":\"on\"}");
        probe.publish("devices/ac-002/command", "{\"action\":\"set\",\"setpoint\":40}");
        probe.publish("devices/door-001/command", "{\"action\":\"on\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> probe.on("simulator/errors").size() >= 3);
        List<JsonNode> errors = readings("simulator/errors");
        assertThat(errors.get(0).get("device_id").isNull()).isTrue();
        assertThat(errors.get(0).get("error").asText()).contains("no light device in location 'garage'");
        assertThat(errors.get(1).get("error").asText()).contains("setpoint 40.0 is out of range; ac accepts 16.0 to 30.0");
        assertThat(errors.get(2).get("error").asText()).contains("door 'door-001' is read-only");
    }
}
