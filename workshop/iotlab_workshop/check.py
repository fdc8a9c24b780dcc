"""Progress checker: reads the evidence each module leaves in a student's lab (the rules are workshop/EVIDENCE.md).

    python -m iotlab_workshop check --module 3 [--env path/to/student.env]
    python -m iotlab_workshop check --all [--json]

Evidence is read through the student's own API (devices, /database/query), MQTT (retained messages under
workshop/#) and Grafana, with the credentials of the student's .env. Nothing is written except one non-retained
marker message. Each rule below carries its id from EVIDENCE.md; the texts are EVIDENCE.md's, word for word.
"""
from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime

import requests

from .api import ApiError, LabApi
from .config import Lab
from .mqtt import MqttConnectError, collect_messages, mqtt_connect

TITLES = {1: "Introduction", 2: "MQTT basics", 3: "Time-series database", 4: "REST API", 5: "Node-RED",
          6: "Visualisation", 7: "Simulator", 8: "Home automation", 9: "Advanced topics", 10: "Capstone"}
GRAFANA_MISSING = "Grafana is not configured for this lab (GRAFANA_URL is not in the .env)."


@dataclass
class Rule:
    id: str
    ok: bool
    text: str


@dataclass
class Result:
    module: int
    rules: list = field(default_factory=list)

    @property
    def title(self):
        return TITLES[self.module]

    @property
    def ok(self):
        return all(r.ok for r in self.rules)

    def rule(self, rule_id, ok, done, missing):
        self.rules.append(Rule(rule_id, bool(ok), done if ok else missing))
        return bool(ok)

    def as_json(self):
        return {"module": self.module, "title": self.title, "done": self.ok,
                "rules": [{"id": r.id, "ok": r.ok, "text": r.text} for r in self.rules]}


def _obj(value):
    return value if isinstance(value, dict) else None


def _num(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _one(x):
    return f"{x:.1f}"


class Evidence:
    """Lazily gathered facts about one lab (each source read at most once per query)."""

    def __init__(self, lab: Lab):
        self.lab, self.api = lab, LabApi(lab)
        self._retained = self._devices = None
        self._flux, self._grafana = {}, {}
        self.errors = []

    # ---- MQTT ----------------------------------------------------------------------------------------------
    def retained(self, topic=None):
        """Retained messages under workshop/#, read until our own marker message comes back after them."""
        if self._retained is None:
            self._retained = {}
            try:
                client = mqtt_connect(self.lab, timeout=10)
            except MqttConnectError as e:
                self.errors.append(f"MQTT: {e}")
                return self._retained if topic is None else None
            marker = f"workshop/_checker/{uuid.uuid4().hex}"
            got = collect_messages(client, "workshop/#", lambda ms: any(t == marker for t, _, _ in ms), timeout=10,
                                   then=lambda: client.publish(marker, "marker", qos=1))
            client.disconnect()
            client.loop_stop()
            self._retained = {t: p for t, p, retained in got if retained}
        return self._retained if topic is None else self._retained.get(topic)

    # ---- the API's device registry ----------------------------------------------------------------------------
    def devices(self):
        if self._devices is None:
            try:
                self._devices = self.api.get("/devices/list")["devices"]
            except (ApiError, requests.RequestException, KeyError) as e:
                self.errors.append(f"API /devices/list: {e}")
                self._devices = []
        return self._devices

    # ---- InfluxDB through the API's /database/query -------------------------------------------------------------
    def flux(self, body):
        """Rows of `from(bucket) |> range(start: -30d) <body>`; [] (and a note) when the API cannot tell."""
        query = f'from(bucket: "{self.lab.influxdb_bucket}") |> range(start: -30d) {body}'
        if query not in self._flux:
            try:
                self._flux[query] = self.api.query(query)
            except (ApiError, requests.RequestException) as e:
                self.errors.append(f"API /database/query: {e}")
                self._flux[query] = []
        return self._flux[query]

    def count(self, measurement, fld="value", tags=(), extra=""):
        cond = f'r._measurement == "{measurement}" and r._field == "{fld}"' + "".join(
            f" and exists r.{t}" for t in tags) + extra
        rows = self.flux(f"|> filter(fn: (r) => {cond}) |> group() |> count()")
        return int(rows[0]["value"]) if rows else 0

    def any_row(self, measurement, fld=None):
        cond = f'r._measurement == "{measurement}"' + (f' and r._field == "{fld}"' if fld else "")
        return bool(self.flux(f"|> filter(fn: (r) => {cond}) |> limit(n: 1)"))

    def distinct(self, measurement, tag, fld="value", extra=""):
        rows = self.flux(f'|> filter(fn: (r) => r._measurement == "{measurement}" and r._field == "{fld}"{extra}) '
                         f'|> group(columns: ["{tag}"]) |> count()')
        return sorted({str(r["tags"].get(tag)) for r in rows if r["tags"].get(tag) is not None})

    def extreme(self, fn, measurement, tags=()):
        cond = f'r._measurement == "{measurement}" and r._field == "value"' + "".join(f" and exists r.{t}" for t in tags)
        rows = self.flux(f"|> filter(fn: (r) => {cond}) |> group() |> {fn}()")
        return float(rows[0]["value"]) if rows else None

    def events(self, source, extra="", tail=""):
        return self.flux(f'|> filter(fn: (r) => r._measurement == "automation_events" and r._field == "value" '
                         f'and r.source == "{source}"{extra}) |> group() {tail}')

    # ---- Grafana ------------------------------------------------------------------------------------------------
    def grafana(self, path):
        if not self.lab.grafana_url:
            return None
        if path not in self._grafana:
            try:
                r = requests.get(self.lab.grafana_url.rstrip("/") + path, timeout=10,
                                 auth=(self.lab.grafana_user, self.lab.grafana_password))
                if r.status_code == 401:
                    self.errors.append("Grafana refused GRAFANA_USER/GRAFANA_PASSWORD")
                self._grafana[path] = r.json() if r.status_code == 200 else None
            except (requests.RequestException, ValueError) as e:
                self.errors.append(f"Grafana {path}: {e}")
                self._grafana[path] = None
        return self._grafana[path]

    def dashboards(self, tag):
        """[(title, [(panel title, [queries])])] of the dashboards with that tag, in search order."""
        out = []
        for hit in self.grafana(f"/api/search?tag={tag}&type=dash-db") or []:
            d = (self.grafana(f"/api/dashboards/uid/{hit.get('uid')}") or {}).get("dashboard") or {}
            out.append((d.get("title") or hit.get("title") or "", list(_panels(d.get("panels") or []))))
        return out


def _panels(panels):
    for p in panels:
        if p.get("type") == "row":
            yield from _panels(p.get("panels") or [])
            continue
        queries = [t.get("query") for t in p.get("targets") or [] if isinstance(t.get("query"), str)
                   and t.get("query").strip()]
        yield p.get("title") or "", queries


MEASUREMENT = re.compile(r'r\._measurement\s*==\s*"([^"]+)"|r\["_measurement"\]\s*==\s*"([^"]+)"')


def named_measurements(queries):
    return [a or b for q in queries for a, b in MEASUREMENT.findall(q)]


def _without_data(e, panels):
    """(panel, measurement) of the first named measurement without any row, or None; ('', '') if none is named."""
    named = [(title, m) for title, qs in panels for m in named_measurements(qs)]
    if not named:
        return "", ""
    for title, m in named:
        if not e.any_row(m):
            return title, m
    return None


# ---- the modules ---------------------------------------------------------------------------------------------------

def module1(e):
    r = Result(1)
    report = _obj(e.retained("workshop/module01/environment"))
    r.rule("m1.report", report, "environment check ran",
           "Run python exercises/module01/check_environment.py: when it ends it publishes its result on "
           "workshop/module01/environment.")
    checks = _obj((report or {}).get("checks")) or {}
    failing = [n for n in ("env", "mqtt", "api", "influxdb") if checks.get(n) is not True]
    r.rule("m1.ok", report and not failing, "environment check passed",
           f"Your environment check still fails: {', '.join(failing)}. Run it again and fix what it names.")
    return r


def module2(e):
    r = Result(2)
    sub = _obj(e.retained("workshop/module02/subscriber"))
    topics = [t for t in dict.fromkeys((sub or {}).get("topics") or []) if isinstance(t, str)
              and re.fullmatch(r"sensors/[^/]+/[^/]+", t)]
    n, k = len(topics), len({t.split("/")[1] for t in topics})
    pattern = (sub or {}).get("pattern")
    if sub is None:
        hint = ("Run python exercises/module02/subscriber.py: when it stops it publishes what it received on "
                "workshop/module02/subscriber.")
    elif n == 0:
        hint = (f"Your subscriber (pattern {pattern}) received no sensor readings. The simulator publishes on three "
                "levels, sensors/<type>/<device>: subscribe to sensors/+/+ (sensors/+ matches only two levels).")
    else:
        hint = (f"Your subscriber (pattern {pattern}) received {n} sensor topic(s) of {k} type(s): subscribe to every "
                "sensor type with sensors/+/+ and listen a little longer.")
    r.rule("m2.subscriber", n >= 3 and k >= 2, f"subscriber received {n} sensor topics of {k} types", hint)
    r.rule("m2.retained", e.retained("workshop/module02/retained") is not None, "retained message published",
           "No retained message on workshop/module02/retained: publish it with retain=True "
           "(exercises/module02/retained_and_will.py, part 1).")
    status = e.retained("workshop/module02/status")
    if status is None:
        hint = ('Nothing on workshop/module02/status: set a last will with will_set(..., retain=True), publish '
                '"online" there, then let the connection drop (part 2).')
    else:
        hint = (f'workshop/module02/status says "{status}": your last will was not delivered. A clean disconnect() '
                "cancels the will - drop the connection instead (part 2).")
    r.rule("m2.will", status == "offline", "last will delivered", hint)
    return r


def module3(e):
    r = Result(3)
    n = e.count("workshop_readings", tags=("device_id", "location"))
    if n < 10 and e.any_row("workshop_readings", "location"):
        hint = ('You wrote location as a field. Make it a tag (Point(...).tag("location", ...)): tags are indexed, '
                "so you can filter and group by room; fields hold the measured values.")
    else:
        hint = (f"{n} of 10 points in workshop_readings with tags device_id and location and field value: finish "
                "exercises/module03/write_points.py (one point, then a batch).")
    r.rule("m3.points", n >= 10, f"{n} points in workshop_readings with tags device_id and location", hint)
    queries = _obj(e.retained("workshop/module03/queries"))
    means = _obj((queries or {}).get("mean_per_device")) or {}
    k = sum(1 for v in means.values() if _num(v))
    r.rule("m3.queries", queries and k >= 2, f"your Flux queries returned means for {k} devices",
           "Run python exercises/module03/flux_queries.py: it publishes what your queries returned on "
           "workshop/module03/queries." if queries is None else
           f'Your mean-per-device query returned {k} device(s): filter r._measurement == "temperature" and '
           'r._field == "value", then mean() - one table per device, so do not group() them together.')
    k = len(e.distinct("bridge_readings", "device_id"))
    r.rule("m3.bridge", k >= 3, f"bridge wrote readings of {k} devices",
           f"Your bridge wrote readings of {k} device(s) to bridge_readings (3 needed): run "
           "exercises/module03/mqtt_bridge.py for a minute; it must subscribe sensors/+/+ and tag each point with "
           "device_id.")
    return r


def module4(e):
    r = Result(4)
    mine = [d for d in e.devices() if d.get("source") == "api"]
    r.rule("m4.device", mine, f"{len(mine)} device(s) registered through the API",
           "Register a device: POST /devices/register with device_id and device_type "
           "(exercises/module04/api_tour.py, part 2).")
    r.rule("m4.status", any(d.get("status") != "active" for d in mine), "a device's status changed",
           'Change your device\'s status: PUT /devices/<id>/status with {"status": "maintenance"} (part 2).')
    r.rule("m4.write", e.any_row("api_readings"),
           "a reading written through POST /database/write",
           "Write a reading through the API: POST /database/write with measurement api_readings, fields and tags "
           "(part 3).")
    r.rule("m4.command", any(d.get("source") == "mqtt" and d.get("state") for d in e.devices()),
           "a command acknowledged by the simulator",
           'Send a command the simulator obeys: POST /devices/<id>/command with {"action": "on"} to one of its '
           "lights or switches (part 4).")
    return r


def _flow_rule(r, e, rule_id, topic, needed, absent, few):
    flow = _obj(e.retained(topic))
    devices = (flow or {}).get("devices") if isinstance((flow or {}).get("devices"), list) else []
    k = len(devices)
    ok = flow is not None and flow.get("source") == "node-red" and k >= needed
    r.rule(rule_id, ok, None, absent if flow is None else few.format(k=k))
    return flow, k


def module5(e):
    r = Result(5)
    flow, k = _flow_rule(r, e, "m5.flow", "workshop/module05/flow", 3,
                         "Your Node-RED flow has not reported: deploy it (python exercises/module05/deploy_flow.py) - "
                         "its report node publishes on workshop/module05/flow every 10 s.",
                         "Your Node-RED flow runs but its mqtt in node received readings from {k} device(s): its topic "
                         'must be sensors/+/+ and its output "a parsed JSON object".')
    if r.rules[-1].ok:
        r.rules[-1].text = f"Node-RED flow running, {k} devices on the dashboard"
    n = (flow or {}).get("commands")
    r.rule("m5.button", _num(n) and n >= 1, f"{n} command(s) sent from the dashboard",
           "Press a button on your dashboard (/dashboard/module5): the flow counts the commands it sends.")
    return r


def _dashboard_rules(r, e, tag, panels_needed, rule_dash, rule_data, none_hint, capstone=False):
    boards = e.dashboards(tag)
    with_panels = [(t, [(pt, qs) for pt, qs in ps if qs]) for t, ps in boards]
    good = next(((t, ps) for t, ps in with_panels if len(ps) >= panels_needed), None)
    if capstone:
        chosen = good or (with_panels[0] if with_panels else None)
        if chosen is None:
            return r.rule(rule_dash, False, "", none_hint)
        title, ps = chosen
        problem = None if len(ps) >= panels_needed else f"{len(ps)} panels"
        if problem is None:
            gap = _without_data(e, ps)
            problem = None if gap is None else ("no measurement named" if gap == ("", "") else
                                                f'measurement "{gap[1]}" has no data')
        return r.rule(rule_dash, problem is None, f'capstone dashboard "{title}" with {len(ps)} panels',
                      f'Your capstone dashboard "{title}" needs at least {panels_needed} panels that query data your '
                      f"bucket has ({problem}).")
    if not with_panels:
        r.rule(rule_dash, False, "", none_hint)
    else:
        title, ps = good or with_panels[0]
        r.rule(rule_dash, good is not None, f'dashboard "{title}" with {len(ps)} panels',
               f'Your dashboard "{title}" has {len(ps)} panel(s) with a query: add at least {panels_needed} '
               "(e.g. temperature per room, humidity per room).")
    if good is None:
        r.rule(rule_data, False, "", r.rules[-1].text)  # EVIDENCE.md: the m6.dashboard hint
        return False
    gap = _without_data(e, good[1])
    if gap == ("", ""):
        hint = ("Your panels' queries name no measurement: filter on r._measurement == \"temperature\" (or another "
                "measurement the simulator writes).")
    elif gap:
        hint = (f'Panel "{gap[0]}" queries measurement "{gap[1]}", which nothing in your bucket has written: use one '
                "the simulator writes (temperature, humidity, ...).")
    else:
        hint = ""
    return r.rule(rule_data, gap is None, "every panel queries data that exists", hint)


def module6(e):
    r = Result(6)
    if not e.lab.grafana_url:
        for rid in ("m6.dashboard", "m6.data", "m6.alert"):
            r.rule(rid, False, "", GRAFANA_MISSING)
        return r
    _dashboard_rules(r, e, "workshop", 2, "m6.dashboard", "m6.data",
                     "No Grafana dashboard tagged workshop: run python exercises/module06/grafana_dashboard.py (it "
                     "creates the dashboard through Grafana's HTTP API).")
    alerts = e.grafana("/api/v1/provisioning/alert-rules")
    n = len(alerts) if isinstance(alerts, list) else 0
    r.rule("m6.alert", n >= 1, f"{n} alert rule(s)",
           "No Grafana alert rule yet: create one through the provisioning API "
           "(exercises/module06/grafana_dashboard.py, part 3).")
    return r


def module7(e):
    r = Result(7)
    tags = ("device_id", "location")
    n = e.count("co2", tags=tags)
    r.rule("m7.sensor", n >= 10, f"{n} readings of your CO2 sensor",
           f"Your CO2 sensor wrote {n} of 10 readings to measurement co2 (tags device_id, device_type, location; field "
           "value): run python exercises/module07/custom_sensor.py.")
    lo, hi = (e.extreme("min", "co2", tags), e.extreme("max", "co2", tags)) if n else (None, None)
    if lo is None:
        r.rule("m7.model", False, "", f"Your CO2 sensor wrote {n} of 10 readings to measurement co2 (tags device_id, "
               "device_type, location; field value): run python exercises/module07/custom_sensor.py.")
    elif hi - lo < 1:
        r.rule("m7.model", False, "", f"All your CO2 readings are about {_one(lo)} ppm: add the daily cycle and the "
               "noise so the values vary as a real room's do.")
    else:
        r.rule("m7.model", lo >= 300 and hi <= 5000, f"CO2 values vary between {_one(lo)} and {_one(hi)} ppm",
               f"Your CO2 readings range from {_one(lo)} to {_one(hi)} ppm: a room's CO2 stays between 300 and 5000 "
               "ppm - check your model's base level and amplitude.")
    return r


def _time(row):
    return datetime.fromisoformat(str(row["time"]).replace("Z", "+00:00"))


def hysteresis_problem(events):
    """EVIDENCE.md m8.hysteresis over rows of one run (rule events on ac- devices): hint text, or None if fine."""
    by_rule = {}
    for row in sorted(events, key=_time):
        by_rule.setdefault(row["tags"].get("rule"), []).append(row)
    pairs = []
    for rule, rows in by_rule.items():
        for a, b in zip(rows, rows[1:]):
            pairs.append((_time(b), rule, a, b))
    for _, rule, a, b in sorted(pairs, key=lambda p: p[0]):
        first, second = a["tags"].get("action"), b["tags"].get("action")
        gap = (_time(b) - _time(a)).total_seconds()
        if first == second:
            return f'Rule {rule} sent "{first}" twice in a row: remember the state you set and act only when it changes.'
        if gap < 60:
            return (f"Rule {rule} switched {first} then {second} only {int(gap)} s apart: that is flapping. Use two "
                    "thresholds (on above 25 °C, off below 23 °C) and do nothing in between.")
    return None


def _rules_fired(e, source):
    return e.distinct("automation_events", "rule", extra=f' and r.source == "{source}" and r.kind == "rule"')


def _schedule_ran(e, source):
    return bool(e.events(source, ' and r.kind == "schedule"', "|> limit(n: 1)"))


def module8(e):
    r = Result(8)
    rules = _rules_fired(e, "module08")
    r.rule("m8.rules", len(rules) >= 2, f"{len(rules)} rules acted: {', '.join(rules)}",
           f"{len(rules)} of your rules acted (2 needed): run python exercises/module08/home_automation.py with "
           "--ac-on/--ac-off near the room's current temperature so the AC rule acts now.")
    ac = ' and r.kind == "rule" and r.device_id =~ /^ac-/'
    latest = e.events("module08", ac, "|> last()")
    r.rule("m8.ac", latest, "the AC rule switched an AC",
           'Your AC rule has not acted yet: above its on threshold it must publish {"action": "on"} to '
           "automation/ac/<room>.")
    if not latest:
        r.rule("m8.hysteresis", False, "", "No AC rule has acted yet, so hysteresis cannot be judged (see the AC rule).")
    else:
        run = latest[0]["tags"].get("run")
        rows = e.events("module08", ac + f' and r.run == "{run}"', '|> sort(columns: ["_time"]) |> limit(n: 1000)')
        problem = hysteresis_problem(rows)
        r.rule("m8.hysteresis", problem is None, "no flapping: the AC rules use hysteresis", problem)
    r.rule("m8.schedule", _schedule_ran(e, "module08"), "a scheduled routine ran",
           "No scheduled routine ran yet: add one a few minutes ahead (--routine-in 2) and keep the program running "
           "past that time.")
    return r


def module9(e):
    r = Result(9)
    h = _obj(e.retained("workshop/module09/health"))
    api = _obj((h or {}).get("api")) or {}
    metrics = _obj((h or {}).get("metrics")) or {}
    r.rule("m9.health", h and api.get("status") == "healthy" and metrics,
           f"health monitor: API healthy, {len(metrics)} metrics read",
           "Run python exercises/module09/health_monitor.py: it publishes its report on workshop/module09/health."
           if h is None else
           f'Your health report says the API is "{api.get("status")}" and read {len(metrics)} metric(s) from /metrics: '
           "check FLASK_API_URL and API_TOKEN, and parse the Prometheus text.")
    mqtt = _obj((h or {}).get("mqtt")) or {}
    r.rule("m9.tls", mqtt.get("tls") is True, f"report published over MQTT with TLS ({mqtt.get('transport')})",
           "Your health monitor published without TLS: run it with --websocket (MQTT_WS_URL=wss://<your-host>/mqtt).")
    selftest = _obj((h or {}).get("selftest")) or {}
    failing = [n for n in ("rate_limiter", "retry", "circuit_breaker") if selftest.get(n) is not True]
    r.rule("m9.resilience", h and not failing, "rate limiter, retry and circuit breaker pass their self-test",
           f"Not working yet: {', '.join(failing)}. Finish exercises/module09/resilience.py - python "
           "exercises/module09/resilience.py tests it and says what is wrong.")
    n = e.count("module09_batch")
    r.rule("m9.batch", n >= 100, f"{n} points written in batches",
           f"{n} of 100 points in module09_batch: run python exercises/module09/batch_writer.py.")
    return r


def module10(e):
    r = Result(10)
    rules = _rules_fired(e, "module10")
    r.rule("m10.rules", len(rules) >= 5, f"{len(rules)} rules acted: {', '.join(rules)}",
           f"{len(rules)} of 5 rules acted: run python exercises/module10/smart_home.py and set the thresholds in its "
           "settings near the house's current readings.")
    r.rule("m10.schedule", _schedule_ran(e, "module10"), "a scheduled routine ran",
           "No scheduled routine of the capstone ran yet: schedule one a few minutes ahead (--routine-in 2).")
    status = _obj(e.retained("workshop/module10/status"))
    api = _obj((status or {}).get("api")) or {}
    r.rule("m10.status", status and api.get("status") == "healthy",
           f"smart home reports healthy ({(status or {}).get('rules_fired')} actions)",
           "Your smart home has not published workshop/module10/status: it does so when it starts and every 30 s."
           if status is None else
           f'Your smart home reports the API as "{api.get("status")}": check FLASK_API_URL and API_TOKEN.')
    if not e.lab.grafana_url:
        r.rule("m10.dashboard", False, "", GRAFANA_MISSING)
        r.rule("m10.alert", False, "", GRAFANA_MISSING)
    else:
        _dashboard_rules(r, e, "capstone", 4, "m10.dashboard", None,
                         "No Grafana dashboard tagged capstone: publish yours (smart_home.py --dashboards).",
                         capstone=True)
        alerts = e.grafana("/api/v1/provisioning/alert-rules")
        mine = [a for a in alerts or [] if isinstance(a, dict) and (a.get("labels") or {}).get("workshop") == "capstone"]
        r.rule("m10.alert", mine, f'capstone alert rule "{mine[0].get("title") if mine else ""}"',
               "No alert rule labelled workshop=capstone: create one with smart_home.py --dashboards.")
    flow, k = _flow_rule(r, e, "m10.flow", "workshop/module10/flow", 10,
                         "Your capstone Node-RED flow has not reported on workshop/module10/flow: deploy it "
                         "(smart_home.py --dashboards).",
                         "Your capstone Node-RED flow received readings from {k} device(s) (10 needed): subscribe "
                         "sensors/+/+.")
    if r.rules[-1].ok:
        r.rules[-1].text = f"capstone Node-RED flow shows {k} devices"
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
        for rule in r.rules:
            lines.append(f"    {'ok     ' if rule.ok else 'missing'}  {rule.text}")
    lines += [f"note: {e}" for e in errors]
    lines.append(f"{sum(r.ok for r in results)}/{len(results)} module(s) done")
    return "\n".join(lines)


def as_json(results, errors=()) -> dict:
    return {"modules": [r.as_json() for r in results], "summary": f"{sum(r.ok for r in results)}/{len(results)}",
            "notes": list(errors)}
