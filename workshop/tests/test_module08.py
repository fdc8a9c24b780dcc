"""Module 8 home automation. Real: Mosquitto, the simulator (smart-home: AC, lights, switches) and the lab API.
automation_events go to the InfluxDB CONTRACT DOUBLE and are read back through the real API's /database/query."""
import time
from datetime import datetime, timezone

import pytest

from iotlab_workshop import collect_messages, mqtt_connect


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


def current(lab, topic):
    c = mqtt_connect(lab)
    got = collect_messages(c, topic, lambda m: m, timeout=10)
    c.disconnect()
    return got[0][1]


def test_ac_rule_really_switches_the_simulators_ac(solution, lab, lab_api, simulator):
    m = solution("module08", "home_automation")
    watcher = mqtt_connect(lab)
    # start from a known state: AC off, acknowledged by the simulator
    off = collect_messages(watcher, "devices/ac-001/state", lambda ms: any(p["state"] == "off" for _, p, _ in ms),
                           then=lambda: watcher.publish("devices/ac-001/command", '{"action":"off"}', qos=1))
    assert off, "the simulator did not acknowledge the AC off command"
    temp = current(lab, "sensors/temperature/temp-001")["value"]
    # thresholds around the room's real temperature so the rule must fire now (the real 25/23 °C depend on the hour)
    rule = m.HysteresisRule("ac_living_room", "temperature", "living-room", temp - 2, temp - 4,
                            "automation/ac/living-room", "ac-001")
    auto = m.Automation(lab, [rule], m.Scheduler(), log=lambda s: None)
    seen = []

    def run_rules():
        import threading
        threading.Thread(target=auto.run, args=(20, lambda a: bool(seen)), daemon=True).start()

    acks = collect_messages(watcher, "sensors/ac/ac-001", lambda ms: any(p["value"] == 1 for _, p, _ in ms),
                            timeout=20, then=run_rules)
    seen.append(True)
    watcher.disconnect()
    assert any(p["value"] == 1 and p["state"] == "on" for _, p, _ in acks), "the AC never reported on"
    assert auto.events[0][:3] == ("ac_living_room", "on", "ac-001")
    # The API's registry learns the new state from devices/ac-001/state asynchronously: poll, don't race.
    deadline = time.monotonic() + 15
    while lab_api.get("/devices/ac-001")["device"]["state"] != "on" and time.monotonic() < deadline:
        time.sleep(0.2)
    assert lab_api.get("/devices/ac-001")["device"]["state"] == "on"
    rows = lab_api.query(f'from(bucket: "{lab.influxdb_bucket}") |> range(start: -1h) '
                         '|> filter(fn: (r) => r._measurement == "automation_events" and r._field == "message")')
    assert any(r["tags"]["rule"] == "ac_living_room" and r["tags"]["location"] == "living-room" for r in rows)


def test_dehumidifier_plug_through_device_command(solution, lab, simulator):
    m = solution("module08", "home_automation")
    hum = current(lab, "sensors/humidity/hum-002")["value"]
    rule = m.HysteresisRule("dehumidifier_bedroom", "humidity", "bedroom", hum - 2, hum - 4,
                            "devices/switch-002/command", "switch-002")
    auto = m.Automation(lab, [rule], m.Scheduler(), log=lambda s: None)
    watcher = mqtt_connect(lab)
    import threading
    acks = collect_messages(watcher, "devices/switch-002/state", lambda ms: any(p["state"] == "on" for _, p, _ in ms),
                            timeout=20, then=lambda: threading.Thread(target=auto.run, args=(10, lambda a: a.events),
                                                                       daemon=True).start())
    watcher.disconnect()
    assert any(p["state"] == "on" for _, p, _ in acks)
