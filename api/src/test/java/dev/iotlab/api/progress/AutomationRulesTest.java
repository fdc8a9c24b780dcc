package dev.iotlab.api.progress;

import static dev.iotlab.api.progress.FakeEvidence.event;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Module 8 on hand-made automation events: hysteresis judged on the latest run, flapping caught. */
class AutomationRulesTest {
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
        FakeEvidence f = new FakeEvidence().flux((p, t) -> p.contains("automation_events") && p.contains("module08") ? events : List.of());
        ModuleResult m = AutomationRules.module8(new Reading(f));
        assertThat(m.done()).as(m.missing().toString()).isTrue();
        assertThat(m.rules().get(0).text()).isEqualTo("2 rules acted: ac_living_room, dehumidifier");

        events.add(event("2026-12-01T12:00:00Z", "ac_living_room", "rule", "on", "ac-001", "run3"));
        events.add(event("2026-12-01T12:00:30Z", "ac_living_room", "rule", "off", "ac-001", "run3"));
        assertThat(AutomationRules.module8(new Reading(f)).missing()).containsExactly("Rule ac_living_room "
                + "switched on then off only 30 s apart: that is flapping. Use two thresholds (on above 25 °C, off "
                + "below 23 °C) and do nothing in between.");
        events.add(event("2026-12-01T12:05:00Z", "ac_living_room", "rule", "off", "ac-001", "run3"));
        assertThat(AutomationRules.module8(new Reading(f)).missing()).containsExactly("Rule ac_living_room "
                + "sent \"off\" twice in a row: remember the state you set and act only when it changes.");
    }

    @Test
    void hysteresisCannotBeJudgedBeforeAnAcRuleActed() {
        RuleResult r = AutomationRules.hysteresis(List.of());
        assertThat(r.ok()).isFalse();
        assertThat(r.text()).isEqualTo("No AC rule has acted yet, so hysteresis cannot be judged (see the AC rule).");
    }

    @Test
    void module9NamesTheResiliencePartsThatStillFail() {
        FakeEvidence f = new FakeEvidence().retained("workshop/module09/health", "{\"api\": {\"status\": "
                + "\"healthy\"}, \"metrics\": {\"up\": 1}, \"mqtt\": {\"tls\": true, \"transport\": \"websockets\"}, "
                + "\"selftest\": {\"rate_limiter\": true, \"retry\": \"true\"}}");
        ModuleResult m = AutomationRules.module9(new Reading(f));
        assertThat(m.rules()).extracting(RuleResult::ok).containsExactly(true, true, false, false);
        assertThat(m.missing().get(0)).startsWith("Not working yet: retry, circuit_breaker.");
    }

    @Test
    void module10WithoutGrafanaSaysSoForItsDashboardAndAlert() {
        ModuleResult m = AutomationRules.module10(new Reading(new FakeEvidence()));
        assertThat(m.rules()).filteredOn(r -> r.id().equals("m10.dashboard") || r.id().equals("m10.alert"))
                .extracting(RuleResult::text).containsExactly(ProgressRules.NO_GRAFANA, ProgressRules.NO_GRAFANA);
    }
}
