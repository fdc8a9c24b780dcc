"""Module 1 environment check. Real: Mosquitto (TCP, WebSocket, wss via TLS ingress), the lab API.
Contract doubles: InfluxDB, Grafana, Node-RED."""
import dataclasses

import pytest

from iotlab_workshop import load_lab, mqtt_connect
from iotlab_workshop.config import env_text


def test_all_checks_pass_and_evidence_is_left(solution, env_file, lab, capsys):
    m = solution("module01", "check_environment")
    assert m.main([str(env_file)]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "FAIL" not in out and "MQTT over WebSocket" in out
    from iotlab_workshop import collect_messages
    client = mqtt_connect(lab)
    got = collect_messages(client, "workshop/module01/environment", lambda m: m, timeout=5)
    client.disconnect()
    assert got and got[0][1]["ok"] is True and got[0][2] is True  # retained


def test_wss_through_the_ingress_with_tls(lab, wss_ingress):
    wss = dataclasses.replace(lab, mqtt_ws_url=f"wss://127.0.0.1:{wss_ingress.port}/mqtt", mqtt_tls_ca=str(wss_ingress.cert))
    client = mqtt_connect(wss, transport="websockets")
    assert client.is_connected()
    client.disconnect()
    client.loop_stop()


BROKEN = [
    ("MQTT_PORT", lambda v, b: 1, "MQTT_BROKER / MQTT_PORT"),
    ("MQTT_PASSWORD", lambda v, b: "wrong", "MQTT_USERNAME / MQTT_PASSWORD"),
    ("MQTT_WS_URL", lambda v, b: f"ws://127.0.0.1:{b.tcp_port}/mqtt", "MQTT_WS_URL"),
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
def test_a_wrong_setting_is_named_exactly(solution, lab_values, broker, tmp_path, variable, bad, fix, capsys):
    from iotlab_workshop.config import VARIABLES
    broken = dataclasses.replace(lab_values, **{VARIABLES[variable]: bad(getattr(lab_values, VARIABLES[variable]), broker)})
    env = tmp_path / ".env"
    env.write_text(env_text(broken))
    m = solution("module01", "check_environment")
    failed = [c for c in m.run_checks(load_lab(env)) if not c.ok]
    assert failed and {c.fix for c in failed} == {fix}, failed  # TCP and WebSocket both say it for a password
    assert m.main([str(env)]) == 1
    assert f"fix {fix}" in capsys.readouterr().out


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
