"""Module 7 simulator: your own sensor. Real: Mosquitto, the lab API (its registry reads the announcement),
influxd (the readings). The model's maths is tested directly, the script from the command line."""
import statistics
from datetime import datetime, timezone

from student import hint, not_done_yet, ran, rules_ok, wrong_copy


def test_untouched_starter_says_what_is_missing(minilab):
    not_done_yet(minilab.script("exercises/module07/custom_sensor.py", "--readings", "2", "--interval", "0"), "part 2")
    hint(minilab.progress(7), "m7.sensor", "wrote 0 of 10 readings to measurement co2")


def test_no_cycle_and_no_noise_is_the_hint(minilab, tmp_path):
    wrong = wrong_copy(tmp_path, "module07/custom_sensor.py",
                       ("        return self.base + self.amplitude * (1 + math.cos(2 * math.pi * (hour - 19) / 24)) / 2",
                        "        return self.base"),
                       ("measured = max(0.0, self.value + self.random.gauss(0, self.noise))",
                        "measured = max(0.0, self.value)"))
    ran(minilab.script(wrong, "--readings", "12", "--interval", "0.05"))
    p = minilab.progress(7)
    rules_ok(p, "m7.sensor")
    hint(p, "m7.model", "All your CO2 readings are about 450.0 ppm", "daily cycle and the noise")


def test_reference_solution_passes(minilab, lab_api):
    out = ran(minilab.script("solutions/module07/custom_sensor.py", "--readings", "12", "--interval", "0.05"))
    assert "sensors/co2/co2-001" in out and "12 readings from" in out
    devices = {d["device_id"]: d for d in lab_api.get("/devices/list")["devices"]}
    assert devices["co2-001"]["device_type"] == "co2" and devices["co2-001"]["source"] == "mqtt"
    rules_ok(minilab.progress(7), "m7.sensor", "m7.model")


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
