"""Instructor checker (python -m iotlab_workshop check). Named test_zz_* so it runs after the modules, but it
produces the evidence it needs itself.
'Fresh lab': its own REAL Mosquitto + REAL API jar, InfluxDB CONTRACT DOUBLE, no simulator - nothing done yet.
'Worked lab': the session lab (REAL Mosquitto, API, simulator; InfluxDB/Grafana/Node-RED CONTRACT DOUBLES) after
running the reference solutions."""
import dataclasses
import threading

import pytest

import lab_fixture as lf
from influx_double import InfluxDouble
from iotlab_workshop import LabApi, collect_messages, mqtt_connect
from iotlab_workshop.__main__ import main as cli
from iotlab_workshop.config import env_text


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory, lab_values):
    work = tmp_path_factory.mktemp("fresh")
    broker = lf.Mosquitto(work)
    if broker.start():
        pytest.skip("SKIPPED, NOT PASSED: Mosquitto is not installed")
    with InfluxDouble("iot-org", "iot-data", lf.INFLUX_TOKEN) as influx:
        api, url = lf.start_api(work, broker.tcp_port, influx.url, "iot-org", "iot-data")
        try:
            fresh = dataclasses.replace(lab_values, mqtt_port=broker.tcp_port, influxdb_url=influx.url, api_url=url,
                                        grafana_url="", node_red_url="", mqtt_ws_url=f"ws://127.0.0.1:{broker.ws_port}/mqtt")
            env = work / ".env"
            env.write_text(env_text(fresh))
            yield env
        finally:
            api.stop()
            broker.stop()


def test_fresh_lab_reports_every_module_not_done(fresh_env, capsys):
    assert cli(["check", "--all", "--env", str(fresh_env)]) == 1
    out = capsys.readouterr().out
    assert out.count("NOT DONE") == 10 and "0/10 module(s) done" in out
    assert "missing  environment check passed - run solutions/module01/check_environment.py" in out
    assert "GRAFANA_URL is not in the .env" in out
    assert "could not read" not in out and "note:" not in out  # evidence was readable, just absent


def produce_evidence(solution, lab, lab_api):
    assert solution("module01", "check_environment").main([lab.source]) == 0
    m2 = solution("module02", "retained_and_will")
    m2.publish_retained(lab)
    m2.crash_with_last_will(lab)
    assert m2.current_status(lab) == "offline"
    m3 = solution("module03", "write_points")
    m3.batch(lab, 10)
    solution("module03", "mqtt_bridge").run_bridge(lab, seconds=15, max_points=12)
    m4 = solution("module04", "api_tour")
    m4.devices(lab_api)
    m4.command_light(lab_api, "light-001", "on")
    # Node-RED cannot run here: publish exactly what the deployed flow's announce node (mqtt out) sends
    flow = solution("module05", "deploy_flow").build_flow()
    inject = next(n for n in flow["nodes"] if n["id"] == "wk5-hello")
    out = next(n for n in flow["nodes"] if n["id"] == "wk5-announce")
    c = mqtt_connect(lab)
    c.publish(out["topic"], inject["payload"], qos=1, retain=out["retain"] == "true").wait_for_publish(5)
    c.disconnect()
    solution("module06", "grafana_dashboard").publish(lab)
    m7 = solution("module07", "custom_sensor")
    m7.run(lab, m7.Co2Sensor(), readings=1, interval=0)
    solution("module09", "health_monitor").check(lab)
    solution("module09", "batch_writer").write_batched(lab, points=200, batch_size=100)
    # modules 8 and 10: the capstone with thresholds around the current readings, so the rules act now
    m10 = solution("module10", "smart_home")
    c = mqtt_connect(lab)
    now = {t: p for t, p, _ in collect_messages(
        c, "sensors/+/+", lambda ms: {"temperature", "humidity", "energy"} <= {t.split("/")[1] for t, _, _ in ms}
        and len({t for t, _, _ in ms if "temp-00" in t}) >= 2 and any("hum-003" in t for t, _, _ in ms), timeout=15)}
    c.disconnect()
    t = min(p["value"] for k, p in now.items() if k.startswith("sensors/temperature/") and "temp-003" not in k)
    h = now["sensors/humidity/hum-003"]["value"]
    e = now["sensors/energy/energy-001"]["value"]
    home = m10.SmartHome(lab, m10.Settings(ac_on=t - 2, ac_off=t - 4, humidity_on=h - 3, humidity_off=h - 6,
                                           power_cap_watts=e / 2),
                         m10.Scheduler([m10.Routine("lights_on", "00:00", "automation/light/kitchen", "on", "light-003",
                                                    "kitchen")]), log=lambda s: None)
    home.publish_dashboards()
    home.run(40, until=lambda hm: len({ev[0] for ev in hm.automation.events}) >= 5)


def test_worked_lab_reports_every_module_done(solution, lab, lab_api, simulator, env_file, capsys):
    produce_evidence(solution, lab, lab_api)
    code = cli(["check", "--all", "--env", str(env_file)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "10/10 module(s) done" in out and "NOT DONE" not in out


def test_single_module_and_missing_items_are_named(fresh_env, capsys):
    assert cli(["check", "--module", "8", "--env", str(fresh_env)]) == 1
    out = capsys.readouterr().out
    assert "Module  8 Home automation" in out and "NOT DONE" in out and "run home_automation.py" in out
