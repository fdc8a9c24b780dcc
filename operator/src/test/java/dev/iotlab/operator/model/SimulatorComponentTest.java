package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import org.junit.jupiter.api.Test;

class SimulatorComponentTest {

    @Test
    void simulatorRunsTheChosenScenarioAtTheChosenInterval() {
        Lab lab = TestLabs.lab("student: {name: A}\ncomponents: {simulator: {scenario: smart-home, intervalSeconds: 2, seed: 7}}");
        SimulatorComponent sim = Components.SIMULATOR;
        ConfigMap scenario = sim.configMaps(lab).get(0);
        assertThat(scenario.getData().get("scenario.yaml")).isEqualTo(BundledContent.directory("scenarios").get("smart-home.yaml"));
        var env = ComponentTest.container(sim.deployment(lab)).getEnv();
        assertThat(env).anyMatch(e -> e.getName().equals("SIMULATOR_INTERVAL_SECONDS") && e.getValue().equals("2"));
        assertThat(env).anyMatch(e -> e.getName().equals("SIMULATOR_SEED") && e.getValue().equals("7"));
    }
}
