"""Module 5 - build a Node-RED flow in Python and deploy it through the Node-RED admin HTTP API (reference
solution of exercises/module05/deploy_flow.py).

The flow (tab "Workshop module 5", dashboard page /dashboard/module5):
  mqtt in (sensors/+/+, parsed JSON) -> function "value only" -> chart of every sensor
                                                              \\-> switch temp-001 -> gauge
  two dashboard buttons -> mqtt out devices/switch-001/command
  a report function (given) fed by the readings, the buttons and a 10 s tick -> mqtt out workshop/module05/flow
It uses the lab's own broker connection (config node iotlab-broker) and dashboard (iotlab-ui-base) that every lab's
Node-RED starts with, so no password goes into your flow.

    python solutions/module05/deploy_flow.py
Needs NODE_RED_URL, NODE_RED_USERNAME, NODE_RED_PASSWORD (the Node-RED login from the handout) in .env.
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

import requests  # noqa: E402

from iotlab_workshop import load_lab  # noqa: E402
from iotlab_workshop.exercise import run  # noqa: E402

BROKER, UI_BASE, THEME = "iotlab-broker", "iotlab-ui-base", "iotlab-ui-theme"   # shipped with every lab's Node-RED

READINGS = "sensors/+/+"
VALUE_ONLY = """// sensors/<type>/<id> + {value, ...} -> series name = device id, payload = the number
const parts = msg.topic.split('/');
msg.topic = parts[2];
msg.payload = Number(msg.payload.value);
return isNaN(msg.payload) ? null : msg;"""
BUTTON_TARGET = "devices/switch-001/command"

# Given: counts what the flow sees and reports it, retained, for your instructor (rule m5.*). Reports when a new
# device appears, when a button sends a command, and on every tick of the inject node.
REPORT = """const seen = context.get('devices') || {};
let readings = context.get('readings') || 0;
let commands = context.get('commands') || 0;
let changed = msg.topic === 'tick';
if (typeof msg.topic === 'string' && msg.topic.startsWith('sensors/')) {
    const id = msg.topic.split('/')[2];
    if (id && !seen[id]) { seen[id] = true; changed = true; }
    readings += 1;
} else if (typeof msg.topic === 'string' && msg.topic.startsWith('devices/')) {
    commands += 1;
    changed = true;
}
context.set('devices', seen);
context.set('readings', readings);
context.set('commands', commands);
if (!changed) { return null; }
return {payload: {source: 'node-red', flow: env.get('FLOW_NAME') || 'FLOW', devices: Object.keys(seen).sort(),
                  readings: readings, commands: commands, at: new Date().toISOString()}};"""


def build_flow(prefix="wk5", label="Workshop module 5", page_path="/module5", report_topic="workshop/module05/flow",
               readings=READINGS, value_only=VALUE_ONLY, button_target=BUTTON_TARGET):
    """The nodes of one flow tab plus its dashboard page and group; every id starts with `prefix`."""
    tab = f"{prefix}-tab"

    def node(key, type_, wires=(), **props):
        return dict({"id": f"{prefix}-{key}", "type": type_, "z": tab, "wires": [list(w) for w in wires]}, **props)

    ids = lambda *s: [f"{prefix}-{x}" for x in s]  # noqa: E731
    return [
        {"id": tab, "type": "tab", "label": label, "disabled": False, "info": "Deployed by deploy_flow.py"},
        {"id": f"{prefix}-page", "type": "ui-page", "name": label, "ui": UI_BASE, "path": page_path, "icon": "home",
         "layout": "grid", "theme": THEME, "order": 5, "className": "", "visible": "true", "disabled": "false"},
        {"id": f"{prefix}-group", "type": "ui-group", "name": "My sensors", "page": f"{prefix}-page", "width": "6",
         "height": "1", "order": 1, "showTitle": True, "className": "", "visible": "true", "disabled": "false"},
        node("in", "mqtt in", [ids("value", "report")], name="all readings", topic=readings, qos="0",
             datatype="json", broker=BROKER, nl=False, rap=True, rh=0, inputs=0, x=140, y=80),
        node("value", "function", [ids("chart", "only-temp")], name="value only", func=value_only, outputs=1,
             x=360, y=80),
        node("chart", "ui-chart", [], name="all sensors", group=f"{prefix}-group", order=2, width=6, height=4,
             label="All sensors", chartType="line", category="topic", categoryType="msg", xAxisType="time",
             xAxisProperty="", xAxisPropertyType="timestamp", yAxisProperty="payload", yAxisPropertyType="msg",
             removeOlder=10, removeOlderUnit="60", removeOlderPoints="120", action="append", interpolation="linear",
             x=580, y=60),
        node("only-temp", "switch", [ids("gauge")], name="temp-001 only", property="topic", propertyType="msg",
             rules=[{"t": "eq", "v": "temp-001", "vt": "str"}], checkall="true", repair=False, outputs=1,
             x=580, y=120),
        node("gauge", "ui-gauge", [], name="living room", group=f"{prefix}-group", order=1, width=3, height=3,
             gtype="gauge-half", gstyle="needle", title="Living room (temp-001)", alwaysShowTitle=False,
             floatingTitlePosition="top-left", units="°C", icon="", prefix="", suffix="", min=10, max=35,
             segments=[{"from": "10", "color": "#5cd65c"}, {"from": "18", "color": "#ffc800"},
                       {"from": "26", "color": "#ea5353"}], sizeThickness=16, sizeGap=4, sizeKeyThickness=8,
             styleRounded=True, styleGlow=False, className="", value="payload", valueType="msg", x=780, y=120),
        node("on", "ui-button", [ids("cmd", "report")], name="switch on", group=f"{prefix}-group", order=3,
             width=3, height=1, label="Switch on", payload='{"action":"on"}', payloadType="json",
             topic=button_target, topicType="str", emulateClick=False, enableClick=True, enablePointerdown=False,
             enablePointerup=False, tooltip="", color="", bgcolor="", className="", icon="", iconPosition="left",
             buttonColor="", textColor="", iconColor="", x=140, y=200),
        node("off", "ui-button", [ids("cmd", "report")], name="switch off", group=f"{prefix}-group", order=4,
             width=3, height=1, label="Switch off", payload='{"action":"off"}', payloadType="json",
             topic=button_target, topicType="str", emulateClick=False, enableClick=True, enablePointerdown=False,
             enablePointerup=False, tooltip="", color="", bgcolor="", className="", icon="", iconPosition="left",
             buttonColor="", textColor="", iconColor="", x=140, y=260),
        node("cmd", "mqtt out", [], name="commands", topic="", qos="1", retain="false", broker=BROKER, x=380, y=230),
        node("tick", "inject", [ids("report")], name="every 10 s", props=[{"p": "topic", "vt": "str"}],
             topic="tick", repeat="10", once=True, onceDelay="1", x=140, y=320),
        node("report", "function", [ids("announce")], name="report (given)",
             func=REPORT.replace("'FLOW'", json.dumps(prefix)), outputs=1, x=380, y=320),
        node("announce", "mqtt out", [], name="report", topic=report_topic, qos="1", retain="true", broker=BROKER,
             x=600, y=320),
    ]


class NodeRedAdmin:
    """Given: the Node-RED admin HTTP API with your login (POST /auth/token, then a Bearer token)."""

    def __init__(self, lab):
        if not lab.node_red_url or not lab.node_red_username:
            raise SystemExit("NODE_RED_URL and NODE_RED_USERNAME/NODE_RED_PASSWORD must be in .env (the handout's "
                             "Node-RED login)")
        self.url = lab.node_red_url.rstrip("/")
        try:
            r = requests.post(f"{self.url}/auth/token", data={
                "client_id": "node-red-admin", "grant_type": "password", "scope": "*",
                "username": lab.node_red_username, "password": lab.node_red_password}, timeout=60)
        except requests.RequestException as e:
            raise SystemExit(f"Node-RED at {self.url} did not answer ({type(e).__name__}): check NODE_RED_URL, or "
                             "try again in a minute if your lab is busy")
        if r.status_code != 200:
            raise SystemExit(f"Node-RED refused the login (HTTP {r.status_code}): check NODE_RED_USERNAME/"
                             "NODE_RED_PASSWORD")
        self.headers = {"Authorization": f"Bearer {r.json()['access_token']}", "Node-RED-API-Version": "v2"}

    def flows(self):
        r = requests.get(f"{self.url}/flows", headers=self.headers, timeout=60)
        r.raise_for_status()
        return r.json()   # {"rev": ..., "flows": [every node]}

    def deploy(self, nodes):
        """Replaces the nodes with our ids (prefix) and keeps everything else; only changed nodes restart."""
        current = self.flows()
        prefix = nodes[0]["id"].rsplit("-", 1)[0] + "-"
        have = {n["id"] for n in current["flows"]}
        missing = [i for i in (BROKER, UI_BASE) if i not in have]
        if missing:
            raise SystemExit(f"your Node-RED lacks the lab's {', '.join(missing)} node(s): they come with the lab's "
                             "default flow 'IotLab house' - ask your instructor to reset Node-RED")
        keep = [n for n in current["flows"] if not n["id"].startswith(prefix)]
        r = requests.post(f"{self.url}/flows", json={"rev": current["rev"], "flows": keep + nodes},
                          headers=dict(self.headers, **{"Node-RED-Deployment-Type": "nodes"}), timeout=120)
        if r.status_code not in (200, 204):
            raise SystemExit(f"deploy failed: HTTP {r.status_code} {r.text[:300]}")
        return nodes[0]["id"]


def deploy(lab, nodes=None):
    return NodeRedAdmin(lab).deploy(nodes or build_flow())


def main(argv=None):
    lab = load_lab()
    tab = deploy(lab)
    print(f"deployed flow tab {tab} - open {lab.node_red_url.rstrip('/')}/dashboard/module5")
    print("your instructor sees it once its report arrives on workshop/module05/flow (within 10 s)")
    return 0


if __name__ == "__main__":
    run(main)
