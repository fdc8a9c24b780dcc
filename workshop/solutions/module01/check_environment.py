"""Module 1 - check that your .env and your lab work together (reference solution of
exercises/module01/check_environment.py).

    python solutions/module01/check_environment.py           # uses ./.env
    python solutions/module01/check_environment.py path/.env

Every line names the exact .env variable to fix when something is wrong. At the end the script publishes its
result, retained, on workshop/module01/environment (workshop/EVIDENCE.md, rules m1.*).
"""
import json
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

import requests  # noqa: E402

from iotlab_workshop import ConfigError, MqttConnectError, load_lab, mqtt_connect  # noqa: E402
from iotlab_workshop.exercise import run, utc_now  # noqa: E402


@dataclass
class Check:
    key: str       # its name in the report: env, mqtt, websocket, api, influxdb, grafana, node_red
    name: str      # what the student reads
    ok: bool
    detail: str
    fix: str = ""  # the .env variable(s) to look at when not ok


def check_imports():
    found = []
    for module, dist in (("paho.mqtt", "paho-mqtt"), ("requests", "requests"),
                         ("influxdb_client", "influxdb-client"), ("dotenv", "python-dotenv")):
        try:
            __import__(module)
            found.append(dist)
        except ImportError:
            return Check("imports", "python packages", False, f"{dist} is not installed",
                         "run: pip install -r requirements.txt")
    return Check("imports", "python packages", True, ", ".join(found))


def check_env(lab):
    missing = lab.missing()
    return Check("env", ".env variables", not missing,
                 f"loaded from {lab.source}" if not missing else "missing: " + ", ".join(missing), ", ".join(missing))


def check_mqtt(lab, transport="tcp"):
    key, name = ("websocket", "MQTT over WebSocket") if transport == "websockets" else ("mqtt", "MQTT (TCP)")
    if transport == "websockets" and not lab.mqtt_ws_url:
        return Check(key, name, True, "skipped: MQTT_WS_URL not set (optional)")
    try:
        client = mqtt_connect(lab, transport=transport, timeout=5)
    except MqttConnectError as e:
        text = str(e)
        if "MQTT_USERNAME" in text:
            fix = "MQTT_USERNAME / MQTT_PASSWORD"
        elif transport == "websockets":
            fix = "MQTT_WS_URL"
        else:
            fix = "MQTT_BROKER / MQTT_PORT"
        return Check(key, name, False, text, fix)
    client.disconnect()
    client.loop_stop()
    where = lab.mqtt_ws_url if transport == "websockets" else f"{lab.mqtt_broker}:{lab.mqtt_port}"
    return Check(key, name, True, f"connected to {where} as {lab.mqtt_username}")


def check_api(lab):
    try:
        health = requests.get(f"{lab.api_url}/health", timeout=5)
    except requests.RequestException as e:
        return Check("api", "lab API", False, f"cannot reach {lab.api_url} ({type(e).__name__})", "FLASK_API_URL")
    if health.status_code not in (200, 503) or "service" not in health.text:
        return Check("api", "lab API", False, f"{lab.api_url}/health answered HTTP {health.status_code}; is this the "
                     "API?", "FLASK_API_URL")
    r = requests.get(f"{lab.api_url}/devices/list", headers={"Authorization": f"Bearer {lab.api_token}"}, timeout=5)
    if r.status_code == 401:
        return Check("api", "lab API", False, f"the API refused the token: {r.json().get('error')}", "API_TOKEN")
    body = health.json()
    return Check("api", "lab API", True, f"{lab.api_url} answers, token accepted, reports broker "
                 f"{body.get('mqtt', {}).get('status')} and database {body.get('database', {}).get('status')}")


def check_influxdb(lab):
    try:
        health = requests.get(f"{lab.influxdb_url}/health", timeout=5)
        health.raise_for_status()
    except requests.RequestException as e:
        return Check("influxdb", "InfluxDB", False, f"no answer from {lab.influxdb_url}/health ({type(e).__name__})",
                     "INFLUXDB_URL")
    from influxdb_client import InfluxDBClient
    from influxdb_client.rest import ApiException

    with InfluxDBClient(url=lab.influxdb_url, token=lab.influxdb_token, org=lab.influxdb_org, timeout=5000) as client:
        try:
            client.query_api().query(f'from(bucket: "{lab.influxdb_bucket}") |> range(start: -1m) |> limit(n: 1)')
        except ApiException as e:
            message = (json.loads(e.body).get("message", "") if e.body else "") or str(e.reason)
            if e.status == 401:
                return Check("influxdb", "InfluxDB", False, "the token was refused (401 unauthorized)", "INFLUXDB_TOKEN")
            if "organization" in message:
                return Check("influxdb", "InfluxDB", False, message, "INFLUXDB_ORG")
            if "bucket" in message:
                return Check("influxdb", "InfluxDB", False, message, "INFLUXDB_BUCKET")
            return Check("influxdb", "InfluxDB", False, f"HTTP {e.status}: {message}", "INFLUXDB_URL")
    return Check("influxdb", "InfluxDB", True,
                 f"{lab.influxdb_url}, org {lab.influxdb_org}, bucket {lab.influxdb_bucket}, token ok")


def check_web(key, name, url, variable, auth=None, auth_path=None, auth_fix=None):
    """Given in the starter: is a web UI reachable (and, for Grafana, does it accept the login)?"""
    if not url:
        return Check(key, name, False, f"{variable} is empty: copy it from your handout", variable)
    try:
        r = requests.get(url, timeout=15)
    except requests.RequestException as e:
        return Check(key, name, False, f"cannot reach {url} ({type(e).__name__})", variable)
    if r.status_code >= 500:
        return Check(key, name, False, f"{url} answered HTTP {r.status_code}", variable)
    if auth and auth_path:
        a = requests.get(url.rstrip("/") + auth_path, auth=auth, timeout=5)
        if a.status_code == 401:
            return Check(key, name, False, "user or password refused", auth_fix)
    return Check(key, name, True, url)


def run_checks(lab):
    return [check_imports(), check_env(lab), check_mqtt(lab, "tcp"), check_mqtt(lab, "websockets"), check_api(lab),
            check_influxdb(lab),
            check_web("grafana", "Grafana", lab.grafana_url, "GRAFANA_URL", (lab.grafana_user, lab.grafana_password),
                      "/api/user", "GRAFANA_USER / GRAFANA_PASSWORD"),
            check_web("node_red", "Node-RED", lab.node_red_url, "NODE_RED_URL")]


def report(lab, checks):
    """Given in the starter: publishes the result, retained, for your instructor's checker (rule m1.*)."""
    payload = {"ok": all(c.ok for c in checks), "checks": {c.key: c.ok for c in checks if c.key != "imports"},
               "at": utc_now()}
    try:
        client = mqtt_connect(lab, timeout=5)
    except MqttConnectError:
        print("(the result could not be published: MQTT is not reachable yet)")
        return False
    client.publish("workshop/module01/environment", json.dumps(payload), qos=1, retain=True).wait_for_publish(5)
    client.disconnect()
    client.loop_stop()
    return True


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    try:
        lab = load_lab(argv[0] if argv else None)
    except ConfigError as e:
        print(f"FAIL  .env: {e}")
        return 1
    checks = run_checks(lab)
    for c in checks:
        print(f"{'OK  ' if c.ok else 'FAIL'}  {c.name:22} {c.detail}" + ("" if c.ok else f"\n      -> fix {c.fix}"))
    report(lab, checks)
    failed = [c for c in checks if not c.ok]
    if failed:
        print(f"\n{len(failed)} problem(s): fix " + "; ".join(c.fix for c in failed))
        return 1
    print("\nAll good - your lab is ready for module 2.")
    return 0


if __name__ == "__main__":
    run(main)
