"""Module 7 simulator. Real: Mosquitto and the lab API (its registry reads the sensor's announcement)."""
import statistics
import time
from datetime import datetime, timezone

from iotlab_workshop import LabApi


def test_daily_cycle_with_noise(solution):
    m = solution("module07", "custom_sensor")
    s = m.Co2Sensor(seed=1, inertia=1.0)
    evening = [s.read(datetime(2025, 3, 10, 19, tzinfo=timezone.utc))["value"] for _ in range(50)]
    morning = [s.read(datetime(2025, 3, 10, 7, tzinfo=timezone.utc))["value"] for _ in range(50)]
    assert 900 < statistics.mean(evening) < 1000 and 420 < statistics.mean(morning) < 480
    assert statistics.stdev(morning) > 5  # there is noise


def test_inertia_moves_gradually(solution):
    m = solution("module07", "custom_sensor")
    s = m.Co2Sensor(seed=1, noise=0, inertia=0.3)
    first = s.read(datetime(2025, 3, 10, 19, tzinfo=timezone.utc))["value"]
    assert 450 < first < 800  # a third of the way from 450 towards 950


def test_sensor_is_announced_and_its_readings_reach_the_api(solution, lab, lab_api):
    m = solution("module07", "custom_sensor")
    lab_api.post("/mqtt/subscribe", json={"topic": "sensors/co2/#"})
    history = m.run(lab, m.Co2Sensor(seed=3), readings=3, interval=0.1)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        got = lab_api.get("/mqtt/messages", params={"topic": "sensors/co2/#"})["messages"]
        devices = {d["device_id"]: d for d in lab_api.get("/devices/list")["devices"]}
        if len(got) >= 3 and "co2-001" in devices:
            break
        time.sleep(0.1)
    assert [g["message"]["value"] for g in got[-3:]] == history
    assert devices["co2-001"]["device_type"] == "co2" and devices["co2-001"]["source"] == "mqtt"
