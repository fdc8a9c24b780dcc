package dev.iotlab.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ComponentDeploymentTest {

    @Test
    void changedConfigurationRollsThePod() {
        SimulatorComponent sim = Components.SIMULATOR;
        String a = sim.deployment(TestLabs.minimal()).getSpec().getTemplate().getMetadata().getAnnotations()
                .get(ComponentDeployment.CONFIG_HASH);
        String b = sim.deployment(TestLabs.lab("student: {name: A}\ncomponents: {simulator: {scenario: smart-home}}"))
                .getSpec().getTemplate().getMetadata().getAnnotations().get(ComponentDeployment.CONFIG_HASH);
        assertThat(a).isNotBlank().isNotEqualTo(b);
    }
}
