package dev.iotlab.api.progress;

import static dev.iotlab.api.progress.FakeEvidence.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Modules 1 to 3 on hand-made evidence: the cases where a careless reading goes wrong. */
class BasicsRulesTest {
    @Test
    void module1NamesTheChecksThatStillFail() {
        FakeEvidence f = new FakeEvidence().retained("workshop/module01/environment",
                "{\"ok\": false, \"checks\": {\"env\": true, \"mqtt\": false, \"api\": true, \"influxdb\": \"yes\"}}");
        ModuleResult m = BasicsRules.module1(new Reading(f));
        assertThat(m.done()).isFalse();
        assertThat(m.missing()).containsExactly(
                "Your environment check still fails: mqtt, influxdb. Run it again and fix what it names.");
        f.retained("workshop/module01/environment",
                "{\"checks\": {\"env\": true, \"mqtt\": true, \"api\": true, \"influxdb\": true, \"grafana\": false}}");
        assertThat(BasicsRules.module1(new Reading(f)).done()).isTrue();
    }

    @Test
    void module2SubscriberNeedsThreeLevelTopicsOfTwoTypesAndTheWillMustSayOffline() {
        FakeEvidence f = new FakeEvidence()
                .retained("workshop/module02/subscriber", "{\"pattern\": \"sensors/+\", \"topics\": [\"sensors/temperature\"]}")
                .retained("workshop/module02/retained", "hello")
                .retained("workshop/module02/status", "online");
        ModuleResult m = BasicsRules.module2(new Reading(f));
        assertThat(m.missing()).containsExactly(
                "Your subscriber (pattern sensors/+) received no sensor readings. The simulator publishes on three "
                        + "levels, sensors/<type>/<device>: subscribe to sensors/+/+ (sensors/+ matches only two levels).",
                "workshop/module02/status says \"online\": your last will was not delivered. A clean disconnect() "
                        + "cancels the will - drop the connection instead (part 2).");
        f.retained("workshop/module02/subscriber", "{\"pattern\": \"sensors/+/+\", \"topics\": [\"sensors/temperature/temp-001\", "
                        + "\"sensors/temperature/temp-002\", \"sensors/humidity/hum-001\", \"other/x/y\"]}")
                .retained("workshop/module02/status", "\"offline\"");
        assertThat(BasicsRules.module2(new Reading(f)).done()).isTrue();
    }

    @Test
    void module3ToldLocationAsAFieldApartFromTooFewPoints() {
        FakeEvidence f = new FakeEvidence().flux((predicate, tail) -> {
            if (predicate.contains("workshop_readings") && predicate.contains("r._field == \"location\"")) {
                return List.of(row(null, Map.of()));
            }
            return List.of();
        });
        assertThat(BasicsRules.module3(new Reading(f)).missing().get(0)).startsWith("You wrote location as a field.");
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
        assertThat(BasicsRules.module3(new Reading(f)).done()).isTrue();
    }

    @Test
    void module4CountsOnlyDevicesRegisteredThroughTheApiAndCommandsTheSimulatorAcknowledged() {
        FakeEvidence f = new FakeEvidence();
        f.devices.add(Map.of("device_id", "temp-001", "source", "mqtt", "status", "active", "state", ""));
        ModuleResult m = BasicsRules.module4(new Reading(f));
        assertThat(m.rules()).extracting(RuleResult::ok).containsExactly(false, false, false, false);
        f.devices.add(Map.of("device_id", "mine", "source", "api", "status", "maintenance"));
        f.devices.add(Map.of("device_id", "switch-001", "source", "mqtt", "status", "active",
                "state", Map.of("on", true)));
        assertThat(BasicsRules.module4(new Reading(f)).rules()).extracting(RuleResult::ok)
                .containsExactly(true, true, false, true);
    }
}
