package dev.iotlab.simulator;

import dev.iotlab.contract.SimulatorConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenario files: the shipped ones load as documented; broken ones are reported with file, line and what is wrong. */
class ScenarioFileTest {
    static final Path SHIPPED = Path.of("scenarios");

    @Test
    void defaultScenarioIsTheOriginalSixDevices() throws Exception {
        Scenario s = ScenarioLoader.load(SHIPPED.resolve("default.yaml"));
        assertThat(s.devices()).extracting(d -> d.id() + "/" + d.type().wireName() + "/" + d.location()).containsExactly(
                "temp-001/temperature/living-room", "temp-002/temperature/bedroom",
                "hum-001/humidity/living-room", "hum-002/humidity/bedroom",
                "switch-001/switch/living-room", "switch-002/switch/bedroom");
        assertThat(s.intervalSeconds()).isEqualTo(5);
        // The jar's built-in scenario is that same file.
        assertThat(ScenarioLoader.loadDefault().devices()).isEqualTo(s.devices());
    }

    @Test
    void smartHomeHasTheCapstoneDevices() throws Exception {
        Scenario s = ScenarioLoader.load(SHIPPED.resolve("smart-home.yaml"));
        Map<String, Long> perType = s.devices().stream()
                .collect(Collectors.groupingBy(d -> d.type().wireName(), Collectors.counting()));
        assertThat(perType).containsExactlyInAnyOrderEntriesOf(Map.of("temperature", 3L, "humidity", 3L, "motion", 2L,
                "light", 4L, "ac", 2L, "switch", 3L, "energy", 1L, "door", 2L));
    }

    @Test
    void countGeneratesNumberedDevicesAcrossRooms() throws Exception {
        Scenario s = ScenarioLoader.parse("big.yaml", """
                devices:
                  - {id: "t-{n:4}", type: temperature, count: 1000, locations: [a, b, c]}
                  - {id: "s-{n}", type: switch, count: 12, location: a}
                """);
        assertThat(s.deviceCount()).isEqualTo(1012);
        assertThat(s.devices().get(0).id()).isEqualTo("t-0001");
        assertThat(s.devices().get(999).id()).isEqualTo("t-1000");
        assertThat(s.devices().get(1).location()).isEqualTo("b");
        assertThat(s.devices().get(1011).id()).isEqualTo("s-012");
        assertThat(s.rooms()).containsOnlyKeys("a", "b", "c");
    }

    static String problems(String yaml) {
        try {
            ScenarioLoader.parse("house.yaml", yaml);
        } catch (ScenarioException e) {
            return String.join("\n", e.problems());
        }
        throw new AssertionError("expected the scenario to be refused");
    }

    @Test
    void reportsFileLineAndWhatIsWrong() {
        String p = problems("""
                name: broken
                rooms:
                  kitchen: {base_temperature: 99}
                devices:
                  - {id: temp-001, type: thermometer, location: kitchen}
                  - {id: hum-001, type: humidity, location: kitchen, noize: 1}
                  - {id: ac-001, type: ac, location: kitchen, setpoint: 12}
                  - {id: hum-001, type: humidity, location: kitchen}
                  - {id: "lamp {n}", type: light, count: 2}
                  - {id: s-1, type: switch, initial: maybe}
                """);
        assertThat(p).contains("house.yaml:3: base_temperature is 99 but must be between -30 and 50");
        assertThat(p).contains("house.yaml:5: devices[0].type 'thermometer' is not a device type; use one of temperature, humidity");
        assertThat(p).contains("house.yaml:6: devices[1] (humidity): unknown key 'noize' (did you mean 'noise'?)");
        assertThat(p).contains("house.yaml:7: devices[2].setpoint is 12 but must be between 16 and 30");
        assertThat(p).contains("house.yaml:8: devices[3].id 'hum-001' is already used by the device on line 6");
        assertThat(p).contains("house.yaml:9: devices[4].id 'lamp 001' may only contain letters, digits");
        assertThat(p).contains("house.yaml:10: devices[5].initial must be on or off, got 'maybe'");
    }

    @Test
    void reportsSyntaxErrorsWithTheirLine() {
        assertThat(problems("""
                devices:
                  - {id: a, type: switch
                  - {id: b, type: switch}
                """)).startsWith("house.yaml:3: YAML syntax error");
        assertThat(problems("")).isEqualTo("house.yaml:1: the scenario is empty; expected a mapping with a 'devices:' list");
        assertThat(problems("devices: {a: 1}\n")).isEqualTo("house.yaml:1: devices must be a list (each item starting with '- '), not a mapping");
        assertThat(problems("rooms: {}\n")).isEqualTo("house.yaml:1: missing 'devices:' (a list of devices, each with at least id and type)");
        assertThat(problems("""
                devices:
                  - {id: "t-1", type: temperature, count: 3}
                  - {id: e, type: energy, scope: [attic]}
                """)).contains("house.yaml:2: devices[0].id 't-1' needs a '{n}'")
                .contains("house.yaml:3: energy meter 'e' scope names room 'attic'");
    }

    @Test
    void scenarioCheckCliExitsNonZeroWithFileLineMessages(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "devices:\n  - {id: x, type: toaster}\n");
        Function<String[], Object[]> run = args -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try {
                int code = Main.run(args, Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8));
                return new Object[] {code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        };
        Object[] ok = run.apply(new String[] {"--scenario-check", SHIPPED.resolve("smart-home.yaml").toString()});
        assertThat(ok[0]).isEqualTo(0);
        assertThat((String) ok[1]).contains("smart-home.yaml: OK, 20 devices in 4 rooms");

        Object[] ko = run.apply(new String[] {"--scenario-check", bad.toString()});
        assertThat(ko[0]).isEqualTo(1);
        assertThat((String) ko[2]).contains(bad + ":2: devices[0].type 'toaster' is not a device type");
    }

    @Test
    void badEnvironmentIsRefusedWithTheVariableName() {
        assertThatThrownBy(() -> SimulatorConfig.fromEnv(Map.of("MQTT_PORT", "eighteen")))
                .hasMessage("MQTT_PORT=eighteen is not a whole number; use 1 to 65535");
        assertThatThrownBy(() -> SimulatorConfig.fromEnv(Map.of("SIMULATOR_INTERVAL_SECONDS", "0")))
                .hasMessage("SIMULATOR_INTERVAL_SECONDS=0 is out of range; use 1 to 3600");
        SimulatorConfig c = SimulatorConfig.fromEnv(Map.of());
        assertThat(c.mqttHost()).isEqualTo("localhost");
        assertThat(c.mqttPort()).isEqualTo(1883);
        assertThat(c.influxUrl()).isEqualTo("http://localhost:8086");
        assertThat(c.influxOrg()).isEqualTo("iot-org");
        assertThat(c.influxBucket()).isEqualTo("iot-data");
        assertThat(c.influxEnabled()).isFalse();
        assertThat(c.healthPort()).isEqualTo(8080);
    }
}
