"""The checks of modules 1 to 5 (environment, MQTT, time-series database, REST API, Node-RED): each reads its
module's evidence and returns a Result whose rules carry the ids and texts of EVIDENCE.md, word for word."""
from __future__ import annotations

import re

from .results import Result, num, obj


def module1(e):
    r = Result(1)
    report = obj(e.retained("workshop/module01/environment"))
    r.rule("m1.report", report, "environment check ran",
           "Run python exercises/module01/check_environment.py: when it ends it publishes its result on "
           "workshop/module01/environment.")
    checks = obj((report or {}).get("checks")) or {}
    failing = [n for n in ("env", "mqtt", "api", "influxdb") if checks.get(n) is not True]
    r.rule("m1.ok", report and not failing, "environment check passed",
           f"Your environment check still fails: {', '.join(failing)}. Run it again and fix what it names.")
    return r


def module2(e):
    r = Result(2)
    sub = obj(e.retained("workshop/module02/subscriber"))
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
    queries = obj(e.retained("workshop/module03/queries"))
    means = obj((queries or {}).get("mean_per_device")) or {}
    k = sum(1 for v in means.values() if num(v))
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


def flow_rule(r, e, rule_id, topic, needed, done, absent, few):
    """The rule on a Node-RED flow's retained report: sent by Node-RED with readings of at least `needed` devices
    (`done` and `few` are formatted with k, the number of devices it reports)."""
    flow = obj(e.retained(topic))
    devices = (flow or {}).get("devices") if isinstance((flow or {}).get("devices"), list) else []
    k = len(devices)
    ok = flow is not None and flow.get("source") == "node-red" and k >= needed
    r.rule(rule_id, ok, done.format(k=k), absent if flow is None else few.format(k=k))
    return flow


def module5(e):
    r = Result(5)
    flow = flow_rule(r, e, "m5.flow", "workshop/module05/flow", 3,
                     "Node-RED flow running, {k} devices on the dashboard",
                     "Your Node-RED flow has not reported: deploy it (python exercises/module05/deploy_flow.py) - "
                     "its report node publishes on workshop/module05/flow every 10 s.",
                     "Your Node-RED flow runs but its mqtt in node received readings from {k} device(s): its topic "
                     'must be sensors/+/+ and its output "a parsed JSON object".')
    n = (flow or {}).get("commands")
    r.rule("m5.button", num(n) and n >= 1, f"{n} command(s) sent from the dashboard",
           "Press a button on your dashboard (/dashboard/module5): the flow counts the commands it sends.")
    return r
