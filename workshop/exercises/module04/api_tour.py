"""Module 4 - every endpoint of your lab API with requests, and how errors look. Complete the TODOs of parts 1-5.

    python exercises/module04/api_tour.py
`api` is a LabApi (iotlab_workshop/api.py): api.get(path), api.post(path, json=...), api.put(...), api.delete(...)
send your API_TOKEN and return the decoded JSON; an error status raises ApiError(status, message).
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

import requests  # noqa: E402

from iotlab_workshop import ApiError, LabApi, load_lab  # noqa: E402
from iotlab_workshop.exercise import run, todo  # noqa: E402

DEVICE = "workshop-thermo-01"
MEASUREMENT = "api_readings"


def service(api):
    """Part 1: the index, the health report, and the broker and database as the API sees them."""
    # TODO part 1: return {"index": GET /, "health": GET /health, "mqtt": GET /mqtt/test, "database": GET /database/test}
    todo("part 1: service() - call the four read-only endpoints")


def devices(api):
    """Part 2: register a device, change its status, list, register and delete another one."""
    # TODO part 2: POST /devices/register {"device_id": DEVICE, "device_type": "temperature", "device_name": ...};
    # PUT /devices/DEVICE/status {"status": "maintenance"}; GET /devices/list; register "to-delete" and DELETE it.
    # Return (the registered device, the list answer, the delete answer).
    todo("part 2: devices() - register, change status, list, delete")


def database(api, bucket):
    """Part 3: one point through POST /database/write, read back with Flux through POST /database/query."""
    # TODO part 3: POST /database/write {"measurement": MEASUREMENT, "fields": {"value": 42.0},
    # "tags": {"device_id": DEVICE, "location": "study"}}, then return api.query(<Flux: the last point of MEASUREMENT
    # in the last hour>).
    todo("part 3: database() - write one reading and read it back")


def commandable(api):
    """Given: the first simulator device that accepts "on" (light-001 in the smart home, switch-001 otherwise)."""
    devices = api.get("/devices/list")["devices"]
    for d in sorted(devices, key=lambda d: (d.get("device_type") not in ("light", "switch"), d["device_id"])):
        if d.get("source") == "mqtt" and "on" in (d.get("commands") or []):
            return d["device_id"]
    return None


def command(api, device_id, action="on"):
    """Part 4: POST /devices/{id}/command -> MQTT devices/{id}/command -> the simulator acknowledges on
    devices/{id}/state, which the API records on the device."""
    # TODO part 4: POST /devices/<device_id>/command {"action": action}; then poll GET /devices/<device_id> (every
    # 0.1 s, at most 5 s) until its "state" equals the action, and return the device.
    todo("part 4: command() - send a command and wait for the simulator's acknowledgement")


def mqtt_roundtrip(api, topic="workshop/module04/hello"):
    """Given: subscribe the API to a topic, publish through the API, read it back from the API's buffer."""
    api.post("/mqtt/subscribe", json={"topic": topic, "qos": 1})
    api.post("/mqtt/publish", json={"topic": topic, "message": {"hello": "from module 4"}, "qos": 1})
    for _ in range(50):
        messages = api.get("/mqtt/messages", params={"topic": topic, "limit": 10})["messages"]
        if messages:
            return messages[-1]
        time.sleep(0.1)
    return None


def errors(api, lab):
    """Part 5: each call fails on purpose; the API always answers {"error": "..."} with a telling status."""
    seen = {}
    for name, call in {
        "missing field": lambda: api.post("/devices/register", json={"device_type": "temperature"}),
        "unknown device": lambda: api.get("/devices/no-such-device"),
        "bad status": lambda: api.put(f"/devices/{DEVICE}/status", json={"status": "broken"}),
    }.items():
        try:
            call()
        except ApiError as e:
            seen[name] = (e.status, e.message)
    # TODO part 5: GET {lab.api_url}/devices/list with plain requests and the header "Authorization: Bearer wrong";
    # put (status code, the answer's "error") into seen["wrong token"].
    todo("part 5: errors() - see what a wrong token gets")
    return seen


def main(argv=None):
    lab = load_lab()
    api = LabApi(lab)
    for k, v in service(api).items():
        print(k, v)
    registered, listed, _ = devices(api)
    print("registered:", registered)
    print("devices:", listed["count"], "devices")
    print("database:", database(api, lab.influxdb_bucket))
    target = commandable(api)
    print(f"{target} after the command:", command(api, target) if target else "no simulator device accepts commands")
    print("mqtt round trip:", mqtt_roundtrip(api))
    for k, v in errors(api, lab).items():
        print(f"{k}: HTTP {v[0]} {v[1]}")
    return 0


if __name__ == "__main__":
    run(main)
