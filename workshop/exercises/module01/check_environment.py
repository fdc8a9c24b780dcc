"""Module 1 - your environment check. Complete the four TODOs (parts 2 to 5 of the lesson).

    python exercises/module01/check_environment.py           # uses ./.env
    python exercises/module01/check_environment.py path/.env

It runs from the first minute: checks you have not written yet say "TODO" and fail. Every line names the .env
variable to fix when something is wrong. At the end the script publishes its result, retained, on
workshop/module01/environment - that is what your instructor's progress view reads.
"""
import json
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

import requests  # noqa: E402

from iotlab_workshop import ConfigError, MqttConnectError, load_lab, mqtt_connect  # noqa: E402,F401
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
    """Are all required variables set? (lab.missing() lists the empty ones)"""
    # TODO part 2: replace this line with your check; return Check("env", ".env variables", True/False, detail, fix)
    return Check("env", ".env variables", False, "TODO: not written yet (part 2 of the lesson)",
                 "the TODO of part 2")


def check_mqtt(lab, transport="tcp"):
    """Connect with mqtt_connect(lab, transport=transport); a MqttConnectError names what is wrong.

    For transport="websockets" use key "websocket" and name "MQTT over WebSocket" (skip, ok, when MQTT_WS_URL is empty)."""
    key, name = ("websocket", "MQTT over WebSocket") if transport == "websockets" else ("mqtt", "MQTT (TCP)")
    # TODO part 3: replace this line with your check; return Check(key, name, True/False, detail, fix)
    return Check(key, name, False, "TODO: not written yet (part 3 of the lesson)",
                 "the TODO of part 3")


def check_api(lab):
    """GET FLASK_API_URL/health (no token), then GET /devices/list with the header
    Authorization: Bearer <API_TOKEN>; 401 means the token is wrong."""
    # TODO part 4: replace this line with your check; return Check("api", "lab API", True/False, detail, fix)
    return Check("api", "lab API", False, "TODO: not written yet (part 4 of the lesson)",
                 "the TODO of part 4")


def check_influxdb(lab):
    """GET INFLUXDB_URL/health, then a tiny Flux query with influxdb-client to prove token, org and bucket."""
    # TODO part 5: replace this line with your check; return Check("influxdb", "InfluxDB", True/False, detail, fix)
    return Check("influxdb", "InfluxDB", False, "TODO: not written yet (part 5 of the lesson)",
                 "the TODO of part 5")


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
