"""The checks of modules 6 to 10 (visualisation, simulator, home automation, advanced topics, capstone): each reads
its module's evidence and returns a Result whose rules carry the ids and texts of EVIDENCE.md, word for word."""
from __future__ import annotations

from datetime import datetime

from .checks_core import flow_rule
from .evidence import named_measurements
from .results import GRAFANA_MISSING, Result, obj, one


def without_data(e, panels):
    """(panel, measurement) of the first named measurement without any row, or None; ('', '') if none is named."""
    named = [(title, m) for title, qs in panels for m in named_measurements(qs)]
    if not named:
        return "", ""
    for title, m in named:
        if not e.any_row(m):
            return title, m
    return None


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
            gap = without_data(e, ps)
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
    gap = without_data(e, good[1])
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
        r.rule("m7.model", False, "", f"All your CO2 readings are about {one(lo)} ppm: add the daily cycle and the "
               "noise so the values vary as a real room's do.")
    else:
        r.rule("m7.model", lo >= 300 and hi <= 5000, f"CO2 values vary between {one(lo)} and {one(hi)} ppm",
               f"Your CO2 readings range from {one(lo)} to {one(hi)} ppm: a room's CO2 stays between 300 and 5000 "
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


def _rules_rule(r, e, rule_id, source, needed, few):
    """The rule on how many of the program's rules acted (automation events of kind rule); `few` is formatted with n."""
    rules = e.distinct("automation_events", "rule", extra=f' and r.source == "{source}" and r.kind == "rule"')
    r.rule(rule_id, len(rules) >= needed, f"{len(rules)} rules acted: {', '.join(rules)}", few.format(n=len(rules)))


def _schedule_ran(e, source):
    return bool(e.events(source, ' and r.kind == "schedule"', "|> limit(n: 1)"))


def module8(e):
    r = Result(8)
    _rules_rule(r, e, "m8.rules", "module08", 2,
                "{n} of your rules acted (2 needed): run python exercises/module08/home_automation.py with "
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
    h = obj(e.retained("workshop/module09/health"))
    api = obj((h or {}).get("api")) or {}
    metrics = obj((h or {}).get("metrics")) or {}
    r.rule("m9.health", h and api.get("status") == "healthy" and metrics,
           f"health monitor: API healthy, {len(metrics)} metrics read",
           "Run python exercises/module09/health_monitor.py: it publishes its report on workshop/module09/health."
           if h is None else
           f'Your health report says the API is "{api.get("status")}" and read {len(metrics)} metric(s) from /metrics: '
           "check FLASK_API_URL and API_TOKEN, and parse the Prometheus text.")
    mqtt = obj((h or {}).get("mqtt")) or {}
    r.rule("m9.tls", mqtt.get("tls") is True, f"report published over MQTT with TLS ({mqtt.get('transport')})",
           "Your health monitor published without TLS: run it with --websocket (MQTT_WS_URL=wss://<your-host>/mqtt).")
    selftest = obj((h or {}).get("selftest")) or {}
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
    _rules_rule(r, e, "m10.rules", "module10", 5,
                "{n} of 5 rules acted: run python exercises/module10/smart_home.py and set the thresholds in its "
                "settings near the house's current readings.")
    r.rule("m10.schedule", _schedule_ran(e, "module10"), "a scheduled routine ran",
           "No scheduled routine of the capstone ran yet: schedule one a few minutes ahead (--routine-in 2).")
    status = obj(e.retained("workshop/module10/status"))
    api = obj((status or {}).get("api")) or {}
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
    flow_rule(r, e, "m10.flow", "workshop/module10/flow", 10, "capstone Node-RED flow shows {k} devices",
              "Your capstone Node-RED flow has not reported on workshop/module10/flow: deploy it "
              "(smart_home.py --dashboards).",
              "Your capstone Node-RED flow received readings from {k} device(s) (10 needed): subscribe "
              "sensors/+/+.")
    return r
