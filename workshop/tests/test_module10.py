"""Module 10 capstone. Real: Mosquitto, the simulator (smart-home), the lab API. InfluxDB, Grafana and Node-RED
are CONTRACT DOUBLES. Thresholds are set around the house's current readings so that every rule must fire now."""
import threading

from iotlab_workshop import collect_messages, mqtt_connect


def latest(lab, topics):
    c = mqtt_connect(lab)
    got = collect_messages(c, "sensors/+/+", lambda ms: topics <= {t for t, _, _ in ms}, timeout=15)
    c.disconnect()
    return {t: p for t, p, _ in got}


def test_capstone_drives_the_house(solution, lab, lab_api, simulator, grafana, node_red):
    m = solution("module10", "smart_home")
    reset = {"ac-001": "off", "ac-002": "off", "switch-003": "on", "light-003": "off"}  # the opposite of the goal
    c = mqtt_connect(lab)
    acks = collect_messages(c, "devices/+/state", lambda ms: {p["device_id"] for _, p, _ in ms} >= set(reset),
                            then=lambda: [c.publish(f"devices/{d}/command", a, qos=1) for d, a in reset.items()])
    c.disconnect()
    assert {p["device_id"]: p["state"] for _, p, _ in acks} == reset
    now = latest(lab, {"sensors/temperature/temp-001", "sensors/temperature/temp-002", "sensors/humidity/hum-003",
                       "sensors/energy/energy-001"})
    t = min(now["sensors/temperature/temp-001"]["value"], now["sensors/temperature/temp-002"]["value"])
    settings = m.Settings(ac_on=t - 2, ac_off=t - 4, humidity_on=now["sensors/humidity/hum-003"]["value"] - 3,
                          humidity_off=now["sensors/humidity/hum-003"]["value"] - 6,
                          power_cap_watts=now["sensors/energy/energy-001"]["value"] / 2)
    sched = m.Scheduler([m.Routine("morning_lights", "00:00", "automation/light/kitchen", "on", "light-003", "kitchen")])
    home = m.SmartHome(lab, settings, sched, log=lambda s: None)
    assert set(home.publish_dashboards()) == {"grafana", "node_red"}
    assert "capstone" in grafana.state["dashboards"]["capstone"]["tags"]

    wanted = {"ac_living_room", "ac_bedroom", "dehumidifier_kitchen", "power_cap_kettle_off", "morning_lights"}
    events = home.run(40, until=lambda h: wanted <= {e[0] for e in h.automation.events})
    assert wanted <= {e[0] for e in events}, events

    # the simulator really changed state (acknowledged on devices/+/state and recorded by the API registry)
    def states():
        return {d: lab_api.get(f"/devices/{d}")["device"].get("state") for d in ("ac-001", "ac-002", "switch-003",
                                                                                  "light-003")}
    import time
    deadline = time.monotonic() + 10
    while states() != {"ac-001": "on", "ac-002": "on", "switch-003": "off", "light-003": "on"} \
            and time.monotonic() < deadline:
        time.sleep(0.2)
    assert states() == {"ac-001": "on", "ac-002": "on", "switch-003": "off", "light-003": "on"}

    rules = {r["tags"]["rule"] for r in lab_api.query(
        f'from(bucket: "{lab.influxdb_bucket}") |> range(start: -1h) '
        '|> filter(fn: (r) => r._measurement == "automation_events" and r._field == "value")')}
    assert wanted <= rules
    c = mqtt_connect(lab)
    status = collect_messages(c, "workshop/capstone/status", lambda ms: ms, timeout=5)
    c.disconnect()
    assert status and status[0][1]["api"]["status"] == "healthy" and status[0][1]["rules_fired"] >= 5
