"""Module 8 home automation. Real: Mosquitto, the simulator (smart-home: ACs, lights, switches), the lab API and
influxd (automation_events, read back by the checker through the API's /database/query). The typical mistakes run
against readings the test publishes itself (a room the simulator does not have), so they flap for certain."""
import json
import threading
import time
from datetime import datetime, timezone

import pytest

from iotlab_workshop import mqtt_connect
from student import hint, not_done_yet, ran, rules_ok


def test_untouched_starter_says_what_is_missing(minilab, simulator):
    not_done_yet(minilab.script("exercises/module08/home_automation.py", "--minutes", "0.2"), "part 2")
    hint(minilab.progress(8), "m8.rules", "0 of your rules acted")


def run_wrong_rule(solution, lab, evaluate, readings):
    """A rule on a test room with a wrong evaluate(), fed `readings` by the test; returns the events."""
    m = solution("module08", "home_automation")
    Wrong = type("WrongRule", (m.HysteresisRule,), {"evaluate": evaluate})
    auto = m.Automation(lab, [Wrong("ac_test_room", "temperature", "test-room", 25, 23, "automation/ac/test-room",
                                    "ac-009")], m.Scheduler(), log=lambda s: None)
    auto.start()
    house = mqtt_connect(lab)
    try:
        time.sleep(0.5)   # our SUBSCRIBE reached the broker (no retained reading to wait for here)
        for v in readings:
            house.publish("sensors/temperature/test-ac-01", json.dumps(
                {"value": v, "unit": "celsius", "location": "test-room"}), qos=1).wait_for_publish(5)
            time.sleep(0.3)
        deadline = time.monotonic() + 10
        while len(auto.events) < len(readings) - 1 and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        house.disconnect()
        auto.stop()
    return auto.events


def no_hysteresis(self, value, now=None):
    wanted = "on" if value > self.on_above else "off"      # one threshold: every wobble around 25 °C switches
    if wanted == self.state:
        return None
    self.state = wanted
    return wanted


def no_memory(self, value, now=None):
    return "on" if value > self.on_above else "off" if value < self.off_below else None   # forgets what it did


def test_no_hysteresis_is_the_hint(minilab, solution, lab):
    events = run_wrong_rule(solution, lab, no_hysteresis, [25.5, 24.8, 25.3, 24.9])
    assert [e[1] for e in events] == ["on", "off", "on", "off"]
    hint(minilab.progress(8), "m8.hysteresis", "Rule ac_test_room switched on then off only 0 s apart",
         "that is flapping")


def test_no_state_is_the_hint(minilab, solution, lab):
    events = run_wrong_rule(solution, lab, no_memory, [25.5, 25.6, 25.7])
    assert [e[1] for e in events] == ["on", "on", "on"]
    hint(minilab.progress(8), "m8.hysteresis", 'Rule ac_test_room sent "on" twice in a row')


def test_reference_solution_passes_and_really_switches_the_acs(minilab, lab_api, simulator):
    out = ran(minilab.script("solutions/module08/home_automation.py", "--demo", "--minutes", "1"))
    assert "demo thresholds:" in out and "ac_living_room: temp-001 reads" in out and "welcome_light" in out
    rules_ok(minilab.progress(8), "m8.rules", "m8.ac", "m8.hysteresis", "m8.schedule")
    deadline = time.monotonic() + 15   # the registry learns devices/ac-00x/state asynchronously
    while {lab_api.get(f"/devices/{d}")["device"].get("state") for d in ("ac-001", "ac-002")} != {"on"} \
            and time.monotonic() < deadline:
        time.sleep(0.2)
    assert {lab_api.get(f"/devices/{d}")["device"].get("state") for d in ("ac-001", "ac-002")} == {"on"}


def test_hysteresis_does_not_flap(solution):
    m = solution("module08", "home_automation")
    rule = m.HysteresisRule("ac", "temperature", "x", 25, 23, "automation/ac/x", "ac-1")
    assert [rule.evaluate(v) for v in [24, 26, 25.5, 24, 23.5, 22.9, 24, 24.9, 25.1]] == \
        [None, "on", None, None, None, "off", None, None, "on"]
    with pytest.raises(ValueError):
        m.HysteresisRule("bad", "temperature", "x", 23, 25, "t", "d")


def test_night_motion_and_scheduler(solution):
    m = solution("module08", "home_automation")
    rule = m.NightMotionRule("night", "hallway")
    night, day = datetime(2025, 1, 1, 23, tzinfo=timezone.utc), datetime(2025, 1, 1, 12, tzinfo=timezone.utc)
    assert rule.evaluate(1, day) is None
    assert [rule.evaluate(v, night) for v in (1, 1, 0, 1)] == ["on", None, None, "on"]
    s = m.default_scheduler()
    assert s.due(datetime(2025, 1, 1, 23, 0, tzinfo=timezone.utc)) == []
    assert len(s.due(datetime(2025, 1, 1, 23, 31, tzinfo=timezone.utc))) == 4
    assert s.due(datetime(2025, 1, 1, 23, 45, tzinfo=timezone.utc)) == []  # once a day


def test_checker_hysteresis_rule_directly():
    from iotlab_workshop.checks_applied import hysteresis_problem

    def ev(t, action, rule="r"):
        return {"time": f"2026-01-01T10:{t // 60:02d}:{t % 60:02d}Z", "tags": {"rule": rule, "action": action}}
    assert hysteresis_problem([ev(0, "on"), ev(600, "off"), ev(1300, "on")]) is None
    assert "twice in a row" in hysteresis_problem([ev(0, "on"), ev(600, "on")])
    assert "only 59 s apart" in hysteresis_problem([ev(0, "on"), ev(59, "off")])
    assert hysteresis_problem([ev(0, "on", "a"), ev(10, "off", "b")]) is None   # two rules, one event each
