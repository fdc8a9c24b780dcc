"""Module 5 Node-RED. Node-RED does not run here: the admin HTTP API is a CONTRACT DOUBLE (tests/web_doubles.py).
The flow's MQTT side is checked against the REAL broker and simulator by replaying what its nodes do."""
import json

from iotlab_workshop import LabApi, collect_messages, mqtt_connect


def test_flow_fixes_the_originals_defects(solution):
    flow = solution("module05", "deploy_flow").build_flow()
    nodes = {n["id"]: n for n in flow["nodes"] + flow["configs"]}
    mqtt_in = nodes["wk5-in"]
    assert mqtt_in["topic"] == "sensors/+/+" and mqtt_in["datatype"] == "json"  # not sensors/+, not a string
    assert "Number(msg.payload.value)" in nodes["wk5-extract"]["func"]          # charts get numbers, not objects
    for n in flow["nodes"]:
        for outs in n.get("wires", []):
            assert all(t in nodes for t in outs)
        for ref in ("broker", "group"):
            if ref in n:
                assert n[ref] in nodes


def test_deploy_adds_then_replaces_one_tab(solution, lab, node_red):
    m = solution("module05", "deploy_flow")
    first = m.deploy(lab)
    second = m.deploy(lab)
    assert first == second and len(node_red.state["tabs"]) == 1 and node_red.state["deployments"] == 2


def test_wrong_node_red_password_is_explained(solution, lab):
    import dataclasses
    import pytest
    with pytest.raises(SystemExit, match="NODE_RED_USERNAME/NODE_RED_PASSWORD"):
        solution("module05", "deploy_flow").deploy(dataclasses.replace(lab, node_red_password="x"))


def test_button_payload_drives_the_real_simulator(solution, lab, lab_api, simulator):
    """Replays the 'Light off' button -> mqtt out node on the real broker: the simulator must acknowledge."""
    flow = solution("module05", "deploy_flow").build_flow()
    button = next(n for n in flow["nodes"] if n["id"] == "wk5-off")
    client = mqtt_connect(lab)
    acks = collect_messages(client, "devices/light-001/state", lambda m: any(p.get("state") == "off" for _, p, _ in m),
                            timeout=10, then=lambda: client.publish(button["topic"], button["payload"], qos=1))
    client.disconnect()
    assert any(p["state"] == "off" for _, p, _ in acks)
