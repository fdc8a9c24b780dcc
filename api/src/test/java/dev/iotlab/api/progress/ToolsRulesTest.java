package dev.iotlab.api.progress;

import static dev.iotlab.api.progress.FakeEvidence.row;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Module 6 on hand-made Grafana answers: panels inside rows, measurements without data. */
class ToolsRulesTest {
    @Test
    void module6ReadsPanelsInsideRowsAndChecksTheMeasurementsTheyName() {
        FakeEvidence f = new FakeEvidence().grafana("/api/search?tag=workshop&type=dash-db", "[{\"uid\": \"d1\", \"title\": \"House\"}]")
                .grafana("/api/dashboards/uid/d1", "{\"dashboard\": {\"title\": \"House\", \"panels\": ["
                        + "{\"title\": \"Temp\", \"targets\": [{\"query\": \"from(bucket: \\\"iot-data\\\") |> filter(fn: (r) => r._measurement == \\\"temperature\\\")\"}]},"
                        + "{\"type\": \"row\", \"panels\": [{\"title\": \"Hum\", \"targets\": [{\"query\": \"filter(fn: (r) => r[\\\"_measurement\\\"] == \\\"humidity\\\")\"}]}]},"
                        + "{\"title\": \"Empty\", \"targets\": [{\"query\": \"\"}]}]}}")
                .grafana("/api/v1/provisioning/alert-rules", "[{\"title\": \"hot\"}]")
                .flux((p, t) -> p.contains("\"temperature\"") ? List.of(row(1.0, Map.of())) : List.of());
        ModuleResult m = ToolsRules.module6(new Reading(f));
        assertThat(m.rules()).extracting(RuleResult::ok).containsExactly(true, false, true);
        assertThat(m.missing()).containsExactly("Panel \"Hum\" queries measurement \"humidity\", which nothing in "
                + "your bucket has written: use one the simulator writes (temperature, humidity, ...).");
    }

    @Test
    void module7WantsCo2ThatVariesWithinWhatARoomHas() {
        double[] minMax = {400, 400};
        FakeEvidence f = new FakeEvidence().flux((p, t) -> {
            if (!p.contains("\"co2\"")) {
                return List.of();
            }
            if (t.contains("count()")) {
                return List.of(row(12L, Map.of()));
            }
            return List.of(row(t.contains("min()") ? minMax[0] : minMax[1], Map.of()));
        });
        ModuleResult flat = ToolsRules.module7(new Reading(f));
        assertThat(flat.rules()).extracting(RuleResult::ok).containsExactly(true, false);
        assertThat(flat.missing()).containsExactly("All your CO2 readings are about 400.0 ppm: add the daily cycle "
                + "and the noise so the values vary as a real room's do.");
        minMax[1] = 9000;
        assertThat(ToolsRules.module7(new Reading(f)).missing().get(0))
                .startsWith("Your CO2 readings range from 400.0 to 9000.0 ppm");
        minMax[1] = 1200;
        assertThat(ToolsRules.module7(new Reading(f)).done()).isTrue();
    }

    @Test
    void module5CountsOnlyWhatTheNodeRedFlowItselfReported() {
        FakeEvidence f = new FakeEvidence().retained("workshop/module05/flow",
                "{\"source\": \"python\", \"devices\": [\"a\", \"b\", \"c\"], \"commands\": 2}");
        assertThat(ToolsRules.module5(new Reading(f)).missing().get(0))
                .startsWith("Your Node-RED flow has not reported");
        f.retained("workshop/module05/flow",
                "{\"source\": \"node-red\", \"devices\": [\"a\", \"b\", \"c\"], \"commands\": 2}");
        ModuleResult m = ToolsRules.module5(new Reading(f));
        assertThat(m.done()).isTrue();
        assertThat(m.rules().get(1).text()).isEqualTo("2 command(s) sent from the dashboard");
    }
}
