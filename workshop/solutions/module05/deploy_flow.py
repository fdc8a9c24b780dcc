"""Module 5 - build a Node-RED flow in Python and deploy it through the Node-RED admin HTTP API.

The flow: MQTT in (sensors/+/+, parsed JSON) -> function (keep the number) -> dashboard gauge + chart;
two dashboard buttons -> MQTT out devices/light-001/command; and an inject-once node that announces the flow
on workshop/module05/flow (retained) - the evidence the instructor's checker looks for.

    python solutions/module05/deploy_flow.py
Needs NODE_RED_URL, NODE_RED_USERNAME, NODE_RED_PASSWORD (the Node-RED login from the handout) in .env.
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

import requests  # noqa: E402

from iotlab_workshop import load_lab  # noqa: E402

LABEL = "Workshop module 5"
EXTRACT = """// sensors/<type>/<id> -> chart series = device id, payload = the number
const parts = msg.topic.split('/');
msg.topic = parts[2];
msg.payload = Number(msg.payload.value);
return isNaN(msg.payload) ? null : msg;"""


def build_flow(broker_host="emqx", broker_port=1883, user="student", password=""):
    """One flow tab as the admin API wants it: {label, nodes, configs}. Ids are fixed so redeploying replaces."""
    broker = {"id": "wk5-broker", "type": "mqtt-broker", "name": "lab broker", "broker": broker_host,
              "port": str(broker_port), "clientid": "", "protocolVersion": "4", "keepalive": "30",
              "cleansession": True, "credentials": {"user": user, "password": password}}
    base = {"id": "wk5-ui-base", "type": "ui-base", "name": "Workshop", "path": "/dashboard"}
    page = {"id": "wk5-ui-page", "type": "ui-page", "name": "Module 5", "ui": "wk5-ui-base", "path": "/module5",
            "layout": "grid", "order": 5}
    group = {"id": "wk5-ui-group", "type": "ui-group", "name": "Sensors", "page": "wk5-ui-page", "width": "6"}
    nodes = [
        {"id": "wk5-in", "type": "mqtt in", "name": "all readings", "topic": "sensors/+/+", "qos": "0",
         "datatype": "json", "broker": "wk5-broker", "wires": [["wk5-extract"]]},
        {"id": "wk5-extract", "type": "function", "name": "value only", "func": EXTRACT, "outputs": 1,
         "wires": [["wk5-switch"]]},
        {"id": "wk5-switch", "type": "switch", "name": "temperatures", "property": "topic",
         "rules": [{"t": "regex", "v": "^temp-"}, {"t": "else"}], "outputs": 2,
         "wires": [["wk5-gauge", "wk5-chart"], ["wk5-chart"]]},
        {"id": "wk5-gauge", "type": "ui-gauge", "name": "temperature", "group": "wk5-ui-group", "min": 10,
         "max": 35, "units": "°C", "wires": []},
        {"id": "wk5-chart", "type": "ui-chart", "name": "all sensors", "group": "wk5-ui-group",
         "chartType": "line", "xAxisType": "time", "removeOlder": 1, "removeOlderUnit": "3600", "wires": []},
        {"id": "wk5-on", "type": "ui-button", "name": "light on", "group": "wk5-ui-group", "label": "Light on",
         "payload": '{"action":"on"}', "payloadType": "json", "topic": "devices/light-001/command",
         "wires": [["wk5-cmd"]]},
        {"id": "wk5-off", "type": "ui-button", "name": "light off", "group": "wk5-ui-group", "label": "Light off",
         "payload": '{"action":"off"}', "payloadType": "json", "topic": "devices/light-001/command",
         "wires": [["wk5-cmd"]]},
        {"id": "wk5-cmd", "type": "mqtt out", "name": "commands", "topic": "", "qos": "1", "retain": "false",
         "broker": "wk5-broker", "wires": []},
        {"id": "wk5-hello", "type": "inject", "name": "announce once", "once": True, "onceDelay": "1",
         "payload": '{"deployed_by":"node-red","flow":"module05"}', "payloadType": "json",
         "topic": "workshop/module05/flow", "wires": [["wk5-announce"]]},
        {"id": "wk5-announce", "type": "mqtt out", "name": "announce", "topic": "workshop/module05/flow",
         "qos": "1", "retain": "true", "broker": "wk5-broker", "wires": []},
    ]
    return {"label": LABEL, "nodes": nodes, "configs": [broker, base, page, group]}


def login(lab):
    r = requests.post(f"{lab.node_red_url}/auth/token", data={
        "client_id": "node-red-admin", "grant_type": "password", "scope": "*",
        "username": lab.node_red_username, "password": lab.node_red_password}, timeout=10)
    if r.status_code != 200:
        raise SystemExit(f"Node-RED refused the login (HTTP {r.status_code}): check NODE_RED_USERNAME/NODE_RED_PASSWORD")
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def deploy(lab, flow=None):
    """Adds the tab, or replaces it if a tab with the same label exists (never touches your other flows)."""
    flow = flow or build_flow(user=lab.mqtt_username, password=lab.mqtt_password)
    headers = login(lab)
    existing = requests.get(f"{lab.node_red_url}/flows", headers=headers, timeout=10)
    existing.raise_for_status()
    tab = next((n for n in existing.json() if n.get("type") == "tab" and n.get("label") == LABEL), None)
    if tab:
        r = requests.put(f"{lab.node_red_url}/flow/{tab['id']}", json=dict(flow, id=tab["id"]), headers=headers,
                         timeout=10)
    else:
        r = requests.post(f"{lab.node_red_url}/flow", json=flow, headers=headers, timeout=10)
    if r.status_code != 200:
        raise SystemExit(f"deploy failed: HTTP {r.status_code} {r.text}")
    return r.json()["id"]


if __name__ == "__main__":
    lab = load_lab()
    print("deployed flow tab", deploy(lab), "- open", lab.node_red_url.rstrip("/") + "/dashboard/module5")
    print(json.dumps(build_flow()["nodes"][0], indent=2))
