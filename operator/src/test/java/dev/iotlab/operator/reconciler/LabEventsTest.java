package dev.iotlab.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.iotlab.operator.customresource.IotLab;
import dev.iotlab.operator.customresource.IotLabStatus;
import dev.iotlab.operator.customresource.Phase;
import dev.iotlab.operator.dependent.LabContext;
import dev.iotlab.operator.model.TestLabs;
import dev.iotlab.operator.reconciler.LabEvents.LabEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which Events a reconciliation tells, from the status before and after: pure, no server. */
class LabEventsTest {
    static IotLabStatus status(Phase phase, String message) {
        IotLabStatus s = new IotLabStatus();
        s.setPhase(phase);
        s.setMessage(message);
        s.setObservedGeneration(1L);
        return s;
    }

    @Test
    void aPhaseChangeIsOneEventWithTheStatusMessage() {
        List<LabEvent> events = LabEvents.between(status(Phase.Provisioning, "waiting for emqx"),
                status(Phase.Ready, "ready"), List.of(), false, null);
        assertThat(events).containsExactly(new LabEvent("Normal", "LabReady", "ready"));
        assertThat(LabEvents.between(status(Phase.Ready, "ready"), status(Phase.Degraded, "waiting for grafana"),
                List.of(), false, null)).containsExactly(new LabEvent("Warning", "LabDegraded", "waiting for grafana"));
    }

    @Test
    void nothingChangedIsNoEvent() {
        assertThat(LabEvents.between(status(Phase.Ready, "ready"), status(Phase.Ready, "ready"), List.of(), false, null))
                .isEmpty();
    }

    @Test
    void anUpdateWithoutASpecChangeIsARepairAndASpecChangeIsNot() {
        var changes = List.of(new LabContext.Change("updated", "Deployment", "grafana"),
                new LabContext.Change("created", "Service", "api"));
        assertThat(LabEvents.between(status(Phase.Ready, "ready"), status(Phase.Ready, "ready"), changes, false, null))
                .singleElement().satisfies(e -> {
                    assertThat(e.reason()).isEqualTo("Repaired");
                    assertThat(e.message()).contains("Deployment grafana, Service api");
                });
        assertThat(LabEvents.between(status(Phase.Ready, "ready"), status(Phase.Ready, "ready"), changes, true, null))
                .isEmpty();
        assertThat(LabEvents.between(null, status(Phase.Provisioning, "waiting"), changes, true, null))
                .extracting(LabEvent::reason).containsExactly("LabProvisioning");
        assertThat(LabEvents.between(status(Phase.Provisioning, "waiting"), status(Phase.Provisioning, "waiting"),
                changes, false, null)).as("still provisioning: finishing the job, not a repair").isEmpty();
    }

    @Test
    void aCredentialsProblemIsToldOnceWhenItAppears() {
        String problem = "lab-credentials was generated again";
        assertThat(LabEvents.between(status(Phase.Ready, "ready"), status(Phase.Degraded, problem), List.of(), false,
                problem)).extracting(LabEvent::reason).containsExactly("CredentialsRegenerated", "LabDegraded");
        assertThat(LabEvents.between(status(Phase.Degraded, problem), status(Phase.Degraded, problem), List.of(), false,
                problem)).isEmpty();
    }

    @Test
    void theSameEventAgainHasTheSameNameSoItsCountRisesAndReasonsAreCamelCase() {
        IotLab lab = TestLabs.resource("alice", "student: {name: A}");
        LabEvent refused = new LabEvent("Warning", "SpecRefused", "spec.components.simulator.scenario ...");
        assertThat(LabEvents.name(lab, refused)).isEqualTo(LabEvents.name(lab, refused)).startsWith("alice.")
                .isNotEqualTo(LabEvents.name(lab, new LabEvent("Warning", "SpecRefused", "other")));
        assertThatThrownBy(() -> new LabEvent("Normal", "phase changed", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
