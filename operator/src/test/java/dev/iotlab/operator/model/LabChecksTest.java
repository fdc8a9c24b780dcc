package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabChecksTest {

    @Test
    void aRetentionShorterThanAnHourIsRefusedWithTheMinimum() {
        assertThatThrownBy(() -> LabChecks.validate(TestLabs.lab("student: {name: A}\ncomponents: {influxdb: {retention: 45m}}")))
                .hasMessageContaining("spec.components.influxdb.retention \"45m\" is too short")
                .hasMessageContaining("at least 1h");
        for (String ok : List.of("1h", "0", "infinite", "30d")) {
            LabChecks.validate(TestLabs.lab("student: {name: A}\ncomponents: {influxdb: {retention: " + ok + "}}"));
        }
    }

    @Test
    void operatorOnlyChecksNameTheFieldAndWhatIsAllowed() {
        assertThatThrownBy(() -> LabChecks.validate(TestLabs.lab("student: {name: A}\ncomponents: {simulator: {scenario: mansion}}")))
                .isInstanceOf(InvalidLabException.class)
                .hasMessageContaining("spec.components.simulator.scenario")
                .hasMessageContaining("default").hasMessageContaining("smart-home");
        assertThatThrownBy(() -> LabChecks.validate(new Lab(TestLabs.resource(
                "a-very-long-lab-name-that-makes-the-namespace-longer-than-sixty-three", "student: {name: A}"),
                OperatorSettings.defaults(), TestLabs.NOW)))
                .hasMessageContaining("metadata.name").hasMessageContaining("63");
        assertThat(LabChecks.warnings(TestLabs.lab("student: {name: A}\ncomponents: {emqx: {enabled: false}}")))
                .anyMatch(w -> w.startsWith("api needs the MQTT broker"))
                .anyMatch(w -> w.startsWith("simulator needs the MQTT broker"));
        assertThat(LabChecks.warnings(TestLabs.minimal())).isEmpty();
    }
}
