"""Module 3 time-series database.
InfluxDB here is the CONTRACT DOUBLE (tests/influx_double.py) spoken to with the real influxdb-client; the
simulator (real) writes its readings into the same double; MQTT is real Mosquitto."""
import time


def test_single_point_and_batch_are_stored_with_tags(solution, lab, influx):
    m = solution("module03", "write_points")
    line = m.one_point(lab)
    assert line.startswith("workshop_readings,device_id=my-temp-01,location=study,source=module03 value=21.5")
    assert m.batch(lab, 10) == 10
    points = influx.points("workshop_readings")
    assert len(points) >= 11 and all(p[1]["source"] == "module03" for p in points)


def test_flux_queries_over_the_simulators_data(solution, lab, simulator, influx):
    deadline = time.monotonic() + 20
    while len({p[1]["device_id"] for p in influx.points("temperature")}) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    q = solution("module03", "flux_queries")
    rows = q.last_hour(lab)
    assert {"temp-001", "temp-002", "temp-003"} <= {d for _, d, _ in rows}
    means = q.mean_per_device(lab)
    assert set(means) == {"temp-001", "temp-002", "temp-003"} and all(10 < v < 40 for v in means.values())
    last = q.last_values(lab)
    assert last["temp-003"][0] == "kitchen"


def test_bridge_writes_mqtt_readings(solution, lab, simulator, influx):
    b = solution("module03", "mqtt_bridge")
    assert b.to_point("sensors/temperature", {"value": 1}) is None
    assert b.to_point("sensors/door/door-001", {"value": "x"}) is None
    assert b.run_bridge(lab, seconds=20, max_points=12) == 12
    devices = {p[1]["device_id"] for p in influx.points("bridge_readings")}
    assert len(devices) >= 3 and all(p[1]["source"] == "mqtt-bridge" for p in influx.points("bridge_readings"))
