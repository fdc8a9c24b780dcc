"""Instructor progress checker: reads the evidence each module leaves in a student's lab.

    python -m iotlab_workshop check --module 3 [--env path/to/student.env]
    python -m iotlab_workshop check --all

Evidence is read through the student's own API (devices, /database/query) and MQTT (retained messages), with the
credentials of the student's .env. Nothing is written except one non-retained marker message.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import requests

from .api import ApiError, LabApi
from .config import Lab
from .mqtt import MqttConnectError, collect_messages, mqtt_connect


@dataclass
class Result:
    module: int
    title: str
    done: list = field(default_factory=list)
    missing: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.missing

    def need(self, condition, what, hint):
        (self.done if condition else self.missing).append(what if condition else f"{what} - {hint}")


class Evidence:
    """Lazily gathered facts about one lab."""

    def __init__(self, lab: Lab):
        self.lab, self.api = lab, LabApi(lab)
        self._retained = self._devices = None
        self.errors = []

    def retained(self):
        """Retained messages under workshop/#, read until our own marker message comes back after them."""
        if self._retained is None:
            self._retained = {}
            try:
                client = mqtt_connect(self.lab, timeout=10)
            except MqttConnectError as e:
                self.errors.append(f"MQTT: {e}")
                return self._retained
            marker = f"workshop/_checker/{uuid.uuid4().hex}"
            got = collect_messages(client, "workshop/#", lambda ms: any(t == marker for t, _, _ in ms), timeout=10,
                                   then=lambda: client.publish(marker, "marker", qos=1))
            client.disconnect()
            client.loop_stop()
            self._retained = {t: p for t, p, retained in got if retained}
        return self._retained

    def devices(self):
        if self._devices is None:
            try:
                self._devices = self.api.get("/devices/list")["devices"]
            except (ApiError, requests.RequestException) as e:
                self.errors.append(f"API /devices/list: {e}")
                self._devices = []
        return self._devices

    def count_by(self, measurement, tag=None, start="-30d", extra=""):
        """{tag value: number of points} (or {None: n}) from /database/query; {} when the API cannot tell."""
        group = f'|> group(columns: ["{tag}"]) ' if tag else '|> group() '
        flux = (f'from(bucket: "{self.lab.influxdb_bucket}") |> range(start: {start}) '
                f'|> filter(fn: (r) => r._measurement == "{measurement}" and r._field == "value"{extra}) '
                f'{group}|> count()')
        try:
            rows = self.api.query(flux)
        except (ApiError, requests.RequestException) as e:
            self.errors.append(f"API /database/query: {e}")
            return {}
        return {(r["tags"].get(tag) if tag else None): int(r["value"]) for r in rows}

    def grafana(self, path):
        if not self.lab.grafana_url:
            return None
        try:
            r = requests.get(self.lab.grafana_url.rstrip("/") + path, timeout=10,
                             auth=(self.lab.grafana_user, self.lab.grafana_password))
            return r.json() if r.status_code == 200 else None
        except (requests.RequestException, ValueError):
            return None


def module1(e):
    r = Result(1, "Introduction")
    try:
        h = requests.get(f"{e.lab.api_url}/health", timeout=10).json()
        r.need(h.get("status") == "healthy", "lab healthy (API, broker, database)", f"API /health says {h}")
    except (requests.RequestException, ValueError) as ex:
        r.need(False, "lab healthy", f"API not reachable: {ex}")
    ev = e.retained().get("workshop/module01/environment")
    r.need(isinstance(ev, dict) and ev.get("ok"), "environment check passed",
           "run solutions/module01/check_environment.py until every line is OK")
    return r


def module2(e):
    r = Result(2, "MQTT basics")
    ret = e.retained()
    r.need("workshop/module02/retained" in ret, "retained message published", "publish retained on workshop/module02/retained")
    r.need(ret.get("workshop/module02/status") == "offline", "last will delivered",
           "connect with a will on workshop/module02/status and drop the connection")
    return r


def module3(e):
    r = Result(3, "Time-series database")
    n = sum(e.count_by("workshop_readings", extra=' and r.source == "module03"').values())
    r.need(n >= 10, f"points written to workshop_readings ({n})", "write at least 10 points (batch exercise)")
    b = e.count_by("bridge_readings", "device_id")
    r.need(len(b) >= 3, f"MQTT->InfluxDB bridge wrote {len(b)} devices", "run the bridge (mqtt_bridge.py) for a minute")
    return r


def module4(e):
    r = Result(4, "REST API")
    mine = [d for d in e.devices() if d.get("source") == "api"]
    r.need(bool(mine), f"devices registered through the API ({len(mine)})", "POST /devices/register")
    r.need(any(d.get("status") != "active" for d in mine), "a device status changed", "PUT /devices/{id}/status")
    commanded = [d["device_id"] for d in e.devices() if d.get("source") == "mqtt" and d.get("state")]
    r.need(bool(commanded), "a command acknowledged by the simulator", "POST /devices/light-001/command")
    return r


def module5(e):
    r = Result(5, "Node-RED")
    flow = e.retained().get("workshop/module05/flow")
    r.need(isinstance(flow, dict) and flow.get("deployed_by") == "node-red", "Node-RED flow deployed and running",
           "deploy the module 5 flow (its inject node announces it on workshop/module05/flow)")
    return r


def module6(e):
    r = Result(6, "Visualisation")
    if not e.lab.grafana_url:
        r.need(False, "Grafana", "GRAFANA_URL is not in the .env")
        return r
    dashboards = e.grafana("/api/search?tag=workshop") or []
    r.need(bool(dashboards), f"Grafana dashboard tagged workshop ({len(dashboards)})", "create the module 6 dashboard")
    alerts = e.grafana("/api/v1/provisioning/alert-rules") or []
    r.need(bool(alerts), f"alert rules ({len(alerts)})", "create the module 6 alert rule")
    return r


def module7(e):
    r = Result(7, "Simulator")
    custom = [d for d in e.devices() if d.get("device_type") == "co2"]
    r.need(bool(custom), "custom CO2 sensor announced", "run custom_sensor.py (it announces devices/co2-001/meta)")
    return r


def module8(e):
    r = Result(8, "Home automation")
    rules = e.count_by("automation_events", "rule", start="-7d")
    r.need(bool(rules), f"rules fired: {', '.join(sorted(map(str, rules))) or 'none'}", "run home_automation.py")
    r.need(any(str(k).startswith("ac") for k in rules), "AC rule fired", "the AC hysteresis rule has not acted yet")
    acs = [d for d in e.devices() if d.get("device_type") == "ac" and d.get("state")]
    r.need(bool(acs), "an AC acknowledged a command", "the simulator has not switched an AC since the API started")
    return r


def module9(e):
    r = Result(9, "Advanced")
    health = e.retained().get("workshop/module09/health")
    r.need(isinstance(health, dict), "health monitor published", "run health_monitor.py")
    n = sum(e.count_by("module09_batch").values())
    r.need(n >= 100, f"batch writes ({n} points)", "run batch_writer.py")
    return r


def module10(e):
    r = Result(10, "Capstone")
    rules = e.count_by("automation_events", "rule", start="-7d")
    r.need(len(rules) >= 5, f"{len(rules)} distinct rules fired", "at least 5 rules must have acted")
    status = e.retained().get("workshop/capstone/status")
    r.need(isinstance(status, dict), "capstone status published", "run smart_home.py")
    if e.lab.grafana_url:
        r.need(bool(e.grafana("/api/search?tag=capstone")), "capstone dashboard", "publish the Grafana dashboard tagged capstone")
    return r


CHECKS = {1: module1, 2: module2, 3: module3, 4: module4, 5: module5, 6: module6, 7: module7, 8: module8,
          9: module9, 10: module10}


def check(lab: Lab, modules) -> tuple[list[Result], list[str]]:
    """Results per module, and the problems met while reading evidence (shown as notes)."""
    e = Evidence(lab)
    results = [CHECKS[m](e) for m in modules]
    return results, list(dict.fromkeys(e.errors))


def render(results, errors=()) -> str:
    lines = []
    for r in results:
        lines.append(f"Module {r.module:2} {r.title:22} {'DONE' if r.ok else 'NOT DONE'}")
        lines += [f"    ok       {d}" for d in r.done]
        lines += [f"    missing  {m}" for m in r.missing]
    lines += [f"note: {e}" for e in errors]
    done = sum(r.ok for r in results)
    lines.append(f"{done}/{len(results)} module(s) done")
    return "\n".join(lines)
