"""Module 4 - every endpoint of your lab API with requests, and how errors look.

    python solutions/module04/api_tour.py
"""
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

import requests  # noqa: E402

from iotlab_workshop import ApiError, LabApi, load_lab  # noqa: E402

DEVICE = "workshop-thermo-01"


def service(api):
    return {"index": api.get("/"), "health": api.get("/health"), "mqtt": api.get("/mqtt/test"),
            "database": api.get("/database/test")}


def mqtt_roundtrip(api, topic="workshop/module04/hello"):
    """Subscribe the API to a topic, publish through the API, read it back from the API's buffer."""
    api.post("/mqtt/subscribe", json={"topic": topic, "qos": 1})
    api.post("/mqtt/publish", json={"topic": topic, "message": {"hello": "from module 4"}, "qos": 1})
    for _ in range(50):
        messages = api.get("/mqtt/messages", params={"topic": topic, "limit": 10})["messages"]
        if messages:
            return messages[-1]
        time.sleep(0.1)
    return None


def database(api, bucket):
    api.post("/database/write", json={"measurement": "workshop_api", "fields": {"value": 42.0},
                                      "tags": {"device_id": DEVICE, "location": "study"}})
    return api.query(f'from(bucket: "{bucket}") |> range(start: -1h) '
                     f'|> filter(fn: (r) => r._measurement == "workshop_api") |> last()')


def devices(api):
    registered = api.post("/devices/register", json={"device_id": DEVICE, "device_type": "temperature",
                                                      "device_name": "My study thermometer"})["device"]
    api.put(f"/devices/{DEVICE}/status", json={"status": "maintenance"})
    listed = api.get("/devices/list")
    api.post("/devices/register", json={"device_id": "to-delete", "device_type": "temperature"})
    deleted = api.delete("/devices/to-delete")
    return registered, listed, deleted


def command_light(api, device_id="light-001", action="on"):
    """POST /devices/{id}/command -> MQTT devices/{id}/command -> the simulator acknowledges on devices/{id}/state,
    which the API records on the device."""
    api.post(f"/devices/{device_id}/command", json={"action": action})
    for _ in range(50):
        device = api.get(f"/devices/{device_id}")["device"]
        if device.get("state") == action:
            return device
        time.sleep(0.1)
    return api.get(f"/devices/{device_id}")["device"]


def errors(api, lab):
    """Each call fails on purpose; the API always answers {"error": "..."} with a telling status."""
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
    r = requests.get(f"{lab.api_url}/devices/list", headers={"Authorization": "Bearer wrong"}, timeout=5)
    seen["wrong token"] = (r.status_code, r.json()["error"])
    return seen


if __name__ == "__main__":
    lab = load_lab()
    api = LabApi(lab)
    for k, v in service(api).items():
        print(k, v)
    print("mqtt round trip:", mqtt_roundtrip(api))
    print("database:", database(api, lab.influxdb_bucket))
    print("devices:", devices(api)[1]["count"], "devices")
    print("light-001 after the command:", command_light(api))
    for k, v in errors(api, lab).items():
        print(f"{k}: HTTP {v[0]} {v[1]}")
