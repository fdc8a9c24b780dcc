package dev.iotlab.api.progress;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The rules of workshop/EVIDENCE.md on hand-made evidence: the cases where a careless reading goes wrong. */
class ProgressRulesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nothingDoneInAFreshLabAndEveryModuleSaysWhatIsMissing() {
        ProgressRules.Evaluation e = ProgressRules.evaluate(new Fake());
        assertThat(e.summary()).isEqualTo("0/10");
        assertThat(e.modules()).extracting(ModuleResult::title).containsExactlyElementsOf(ProgressRules.TITLES);
        assertThat(e.modules()).allSatisfy(m -> assertThat(m.missing()).isNotEmpty());
        assertThat(e.modules().get(0).missing().get(0)).startsWith("Run python exercises/module01/check_environment.py");
        assertThat(e.modules().get(5).missing()).containsOnly(ProgressRules.NO_GRAFANA);
    }

    @Test
    void module1NamesTheChecksThatStillFail() {
        Fake f = new Fake().retained("workshop/module01/environment",
                "{\"ok\": false, \"checks\": {\"env\": true, \"mqtt\": false, \"api\": true, \"influxdb\": \"yes\"}}");
        ModuleResult m = ProgressRules.evaluate(f).modules().get(0);
        assertThat(m.done()).isFalse();
        assertThat(m.missing()).containsExactly(
                "Your environment check still fails: mqtt, influxdb. Run it again and fix what it names.");
        f.retained("workshop/module01/environment",
                "{\"checks\": {\"env\": true, \"mqtt\": true, \"api\": true, \"influxdb\": true, \"grafana\": false}}");
        assertThat(ProgressRules.evaluate(f).modules().get(0).done()).isTrue();
    }

    @Test
    void module2SubscriberNeedsThreeLevelTopicsOfTwoTypesAndTheWillMustSayOffline() {
        Fake f = new Fake()
                .retained("workshop/module02/subscriber", "{\"pattern\": \"sensors/+\", \"topics\": [\"sensors/temperature\"]}")
                .retained("workshop/module02/retained", "hello")
                .retained("workshop/module02/status", "online");
        ModuleResult m = ProgressRules.evaluate(f).modules().get(1);
        assertThat(m.missing()).containsExactly(
                "Your subscriber (pattern sensors/+) received no sensor readings. The simulator publishes on three "
                        + "levels, sensors/<type>/<device>: subscribe to sensors/+/+ (sensors/+ matches only two levels).",
                "workshop/module02/status says \"online\": your last will was not delivered. A clean disconnect() "
                        + "cancels the will - drop the connection instead (part 2).");
        f.retained("workshop/module02/subscriber", "{\"pattern\": \"sensors/+/+\", \"topics\": [\"sensors/temperature/temp-001\", "
                        + "\"sensors/temperature/temp-002\", \"sensors/humidity/hum-001\", \"other/x/y\"]}")
                .retained("workshop/module02/status", "\"offline\"");
        assertThat(ProgressRules.evaluate(f).modules().get(1).done()).isTrue();
    }

    @Test
    void module3ToldLocationAsAFieldApartFromTooFewPoints() {
        Fake f = new Fake().flux((predicate, tail) -> {
            if (predicate.contains("workshop_readings") && predicate.contains("r._field == \"location\"")) {
                return List.of(row(null, Map.of()));
            }
            return List.of();
        });
        assertThat(ProgressRules.evaluate(f).modules().get(2).missing().get(0)).startsWith("You wrote location as a field.");
        f.flux((predicate, tail) -> {
            if (predicate.contains("workshop_readings") && tail.contains("count()")) {
                return List.of(row(12L, Map.of()));
            }
            if (predicate.contains("bridge_readings")) {
                return List.of(row(5L, Map.of("device_id", "temp-001")), row(5L, Map.of("device_id", "hum-001")),
                        row(5L, Map.of("device_id", "switch-001")));
            }
            return List.of();
        }).retained("workshop/module03/queries", "{\"mean_per_device\": {\"temp-001\": 20.5, \"temp-002\": 19}}");
        assertThat(ProgressRules.evaluate(f).modules().get(2).done()).isTrue();
    }

    @Test
    void module8HysteresisLooksAtTheLatestRunOnlyAndCatchesFlapping() {
        List<Map<String, Object>> events = new ArrayList<>();
        // An earlier run flapped; the latest run is clean.
        events.add(event("2026-12-01T10:00:00Z", "ac_living_room", "rule", "on", "ac-001", "run1"));
        events.add(event("2026-12-01T10:00:10Z", "ac_living_room", "rule", "off", "ac-001", "run1"));
        events.add(event("2026-12-01T11:00:00Z", "ac_living_room", "rule", "on", "ac-001", "run2"));
        events.add(event("2026-12-01T11:05:00Z", "ac_living_room", "rule", "off", "ac-001", "run2"));
        events.add(event("2026-12-01T11:06:00Z", "dehumidifier", "rule", "on", "switch-002", "run2"));
        events.add(event("2026-12-01T11:07:00Z", "evening_lights", "schedule", "on", "light-001", "run2"));
        Fake f = new Fake().flux((p, t) -> p.contains("automation_events") && p.contains("module08") ? events : List.of());
        ModuleResult m = ProgressRules.evaluate(f).modules().get(7);
        assertThat(m.done()).as(m.missing().toString()).isTrue();
        assertThat(m.rules().get(0).text()).isEqualTo("2 rules acted: ac_living_room, dehumidifier");

        events.add(event("2026-12-01T12:00:00Z", "ac_living_room", "rule", "on", "ac-001", "run3"));
        events.add(event("2026-12-01T12:00:30Z", "ac_living_room", "rule", "off", "ac-001", "run3"));
        assertThat(ProgressRules.evaluate(f).modules().get(7).missing()).containsExactly("Rule ac_living_room "
                + "switched on then off only 30 s apart: that is flapping. Use two thresholds (on above 25 °C, off "
                + "below 23 °C) and do nothing in between.");
        events.add(event("2026-12-01T12:05:00Z", "ac_living_room", "rule", "off", "ac-001", "run3"));
        assertThat(ProgressRules.evaluate(f).modules().get(7).missing()).containsExactly("Rule ac_living_room "
                + "sent \"off\" twice in a row: remember the state you set and act only when it changes.");
    }

    @Test
    void module6ReadsPanelsInsideRowsAndChecksTheMeasurementsTheyName() {
        Fake f = new Fake().grafana("/api/search?tag=workshop&type=dash-db", "[{\"uid\": \"d1\", \"title\": \"House\"}]")
                .grafana("/api/dashboards/uid/d1", "{\"dashboard\": {\"title\": \"House\", \"panels\": ["
                        + "{\"title\": \"Temp\", \"targets\": [{\"query\": \"from(bucket: \\\"iot-data\\\") |> filter(fn: (r) => r._measurement == \\\"temperature\\\")\"}]},"
                        + "{\"type\": \"row\", \"panels\": [{\"title\": \"Hum\", \"targets\": [{\"query\": \"filter(fn: (r) => r[\\\"_measurement\\\"] == \\\"humidity\\\")\"}]}]},"
                        + "{\"title\": \"Empty\", \"targets\": [{\"query\": \"\"}]}]}}")
                .grafana("/api/v1/provisioning/alert-rules", "[{\"title\": \"hot\"}]")
                .flux((p, t) -> p.contains("\"temperature\"") ? List.of(row(1.0, Map.of())) : List.of());
        ModuleResult m = ProgressRules.evaluate(f).modules().get(5);
        assertThat(m.rules()).extracting(RuleResult::ok).containsExactly(true, false, true);
        assertThat(m.missing()).containsExactly("Panel \"Hum\" queries measurement \"humidity\", which nothing in "
                + "your bucket has written: use one the simulator writes (temperature, humidity, ...).");
    }

    @Test
    void anUnreadableSourceIsOneNoteAndItsRulesAreMissing() {
        Fake f = new Fake().mqttDown();
        ProgressRules.Evaluation e = ProgressRules.evaluate(f);
        assertThat(e.notes()).containsExactly("MQTT: broker down");
        assertThat(e.modules().get(1).done()).isFalse();
    }

    // --- a hand-made lab ---

    static Map<String, Object> row(Object value, Map<String, Object> tags) {
        Map<String, Object> r = new HashMap<>();
        r.put("value", value);
        r.put("tags", tags);
        r.put("time", "2026-12-01T10:00:00+00:00");
        return r;
    }

    static Map<String, Object> event(String time, String rule, String kind, String action, String device, String run) {
        Map<String, Object> r = row(0.0, Map.of("rule", rule, "kind", kind, "action", action, "device_id", device,
                "run", run));
        r.put("time", time);
        return r;
    }

    static final class Fake implements Evidence {
        final Map<String, JsonNode> retained = new HashMap<>();
        final List<Map<String, Object>> devices = new ArrayList<>();
        final Map<String, JsonNode> grafana = new HashMap<>();
        BiFunction<String, String, List<Map<String, Object>>> flux = (p, t) -> List.of();
        boolean mqttDown;

        Fake retained(String topic, String payload) {
            try {
                retained.put(topic, JSON.readTree(payload));
            } catch (Exception e) {
                retained.put(topic, TextNode.valueOf(payload));
            }
            return this;
        }

        Fake flux(BiFunction<String, String, List<Map<String, Object>>> answer) {
            this.flux = answer;
            return this;
        }

        Fake grafana(String path, String json) {
            try {
                grafana.put(path, JSON.readTree(json));
            } catch (Exception e) {
                throw new UncheckedIOException(new java.io.IOException(e));
            }
            return this;
        }

        Fake mqttDown() {
            mqttDown = true;
            return this;
        }

        @Override
        public Map<String, JsonNode> retained() {
            if (mqttDown) {
                throw new Unavailable("MQTT", "broker down");
            }
            return retained;
        }

        @Override
        public List<Map<String, Object>> devices() {
            return devices;
        }

        @Override
        public List<Map<String, Object>> flux(String predicate, String tail) {
            return flux.apply(predicate, tail);
        }

        @Override
        public Optional<JsonNode> grafana(String path) {
            return Optional.ofNullable(grafana.get(path));
        }

        @Override
        public boolean grafanaConfigured() {
            return !grafana.isEmpty();
        }
    }
}
