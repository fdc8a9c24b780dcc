"""Module 1 environment check. Real: Mosquitto (TCP, WebSocket, wss via the TLS ingress), influxd, the lab API,
Node-RED. Contract double: Grafana."""
import dataclasses

import pytest

from iotlab_workshop import load_lab, mqtt_connect
from iotlab_workshop.config import env_text
from student import hint, ran, rules_ok


def test_untouched_starter_runs_reports_and_its_check_names_the_missing_checks(minilab):
    out = ran(minilab.script("exercises/module01/check_environment.py"), 1)
    assert "TODO: not written yet (part 2 of the lesson)" in out and "OK    Grafana" in out
    p = minilab.progress(1)
    assert p["m1.report"][0]  # the starter itself publishes its (failing) result
    hint(p, "m1.ok", "Your environment check still fails: env, mqtt, api, influxdb.")


def test_a_wrong_token_is_the_hint(minilab, tmp_path):
    """A typical mistake: the InfluxDB token copied wrong - the report says which check fails."""
    env = tmp_path / ".env"
    env.write_text(env_text(dataclasses.replace(minilab.values(), influxdb_token="copied-wrong")))
    out = ran(minilab.script("solutions/module01/check_environment.py", env_file=env), 1)
    assert "fix INFLUXDB_TOKEN" in out
    hint(minilab.progress(1), "m1.ok", "still fails: influxdb.")


def test_reference_solution_passes(minilab):
    out = ran(minilab.script("solutions/module01/check_environment.py"))
    assert "FAIL" not in out and "MQTT over WebSocket" in out and "All good" in out
    rules_ok(minilab.progress(1), "m1.report", "m1.ok")


def test_wss_through_the_ingress_with_tls(lab, wss_ingress):
    client = mqtt_connect(lab, transport="websockets")
    assert client.is_connected()
    client.disconnect()
    client.loop_stop()


BROKEN = [
    ("MQTT_PORT", lambda v, b: 1, "MQTT_BROKER / MQTT_PORT"),
    ("MQTT_PASSWORD", lambda v, b: "wrong", "MQTT_USERNAME / MQTT_PASSWORD"),
    ("MQTT_WS_URL", lambda v, b: f"wss://127.0.0.1:{b.tcp_port}/mqtt", "MQTT_WS_URL"),
    ("FLASK_API_URL", lambda v, b: "http://127.0.0.1:1", "FLASK_API_URL"),
    ("API_TOKEN", lambda v, b: "not-the-token", "API_TOKEN"),
    ("INFLUXDB_URL", lambda v, b: "http://127.0.0.1:1", "INFLUXDB_URL"),
    ("INFLUXDB_TOKEN", lambda v, b: "nope", "INFLUXDB_TOKEN"),
    ("INFLUXDB_ORG", lambda v, b: "other-org", "INFLUXDB_ORG"),
    ("INFLUXDB_BUCKET", lambda v, b: "other-bucket", "INFLUXDB_BUCKET"),
    ("GRAFANA_PASSWORD", lambda v, b: "wrong", "GRAFANA_USER / GRAFANA_PASSWORD"),
    ("NODE_RED_URL", lambda v, b: "http://127.0.0.1:1/node-red", "NODE_RED_URL"),
]


@pytest.mark.parametrize("variable,bad,fix", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_wrong_setting_is_named_exactly(solution, lab_values, broker, tmp_path, variable, bad, fix):
    from iotlab_workshop.config import VARIABLES
    broken = dataclasses.replace(lab_values, **{VARIABLES[variable]: bad(getattr(lab_values, VARIABLES[variable]), broker)})
    env = tmp_path / ".env"
    env.write_text(env_text(broken))
    m = solution("module01", "check_environment")
    failed = [c for c in m.run_checks(load_lab(env)) if not c.ok]
    assert failed and {c.fix for c in failed} == {fix}, failed  # TCP and WebSocket both say it for a password


def test_missing_variable_is_named(solution, lab_values, tmp_path):
    env = tmp_path / ".env"
    env.write_text("\n".join(l for l in env_text(lab_values).splitlines() if not l.startswith("API_TOKEN")))
    m = solution("module01", "check_environment")
    checks = {c.name: c for c in m.run_checks(load_lab(env))}
    assert not checks[".env variables"].ok and checks[".env variables"].fix == "API_TOKEN"


def test_wss_refuses_an_untrusted_certificate(lab, wss_ingress):
    """Without the classroom CA the TLS handshake must fail, and the message points at the TLS settings."""
    from iotlab_workshop import MqttConnectError
    wss = dataclasses.replace(lab, mqtt_ws_url=f"wss://127.0.0.1:{wss_ingress.port}/mqtt", mqtt_tls_ca="")
    with pytest.raises(MqttConnectError, match="MQTT_WS_URL|MQTT_TLS_CA"):
        mqtt_connect(wss, transport="websockets", timeout=5)
