package dev.iotlab.api.progress;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A whole evaluation on hand-made evidence: every module in order, and a source that cannot be read. */
class ProgressRulesTest {
    @Test
    void nothingDoneInAFreshLabAndEveryModuleSaysWhatIsMissing() {
        ProgressRules.Evaluation e = ProgressRules.evaluate(new FakeEvidence());
        assertThat(e.summary()).isEqualTo("0/10");
        assertThat(e.modules()).extracting(ModuleResult::title).containsExactlyElementsOf(ProgressRules.TITLES);
        assertThat(e.modules()).allSatisfy(m -> assertThat(m.missing()).isNotEmpty());
        assertThat(e.modules().get(0).missing().get(0)).startsWith("Run python exercises/module01/check_environment.py");
        assertThat(e.modules().get(5).missing()).containsOnly(ProgressRules.NO_GRAFANA);
    }

    @Test
    void anUnreadableSourceIsOneNoteAndItsRulesAreMissing() {
        FakeEvidence f = new FakeEvidence().mqttDown();
        ProgressRules.Evaluation e = ProgressRules.evaluate(f);
        assertThat(e.notes()).containsExactly("MQTT: broker down");
        assertThat(e.modules().get(1).done()).isFalse();
    }
}
