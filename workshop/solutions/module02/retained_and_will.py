"""Module 2 - retained messages and the last will (reference solution of exercises/module02/retained_and_will.py).

1. A retained message stays on the broker: a subscriber that connects later still gets it.
2. A last will is published by the broker when a client disappears without saying goodbye.

    python solutions/module02/retained_and_will.py
"""
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

from iotlab_workshop import collect_messages, load_lab, make_mqtt_client, mqtt_connect  # noqa: E402
from iotlab_workshop.exercise import run  # noqa: E402

RETAINED_TOPIC = "workshop/module02/retained"
STATUS_TOPIC = "workshop/module02/status"


def publish_retained(lab, text="hello from module 2"):
    """Part 1: one message the broker keeps for subscribers that come later."""
    client = mqtt_connect(lab)
    client.publish(RETAINED_TOPIC, json.dumps({"text": text, "at": time.time()}), qos=1, retain=True).wait_for_publish(5)
    client.disconnect()
    client.loop_stop()


def late_subscriber_sees_retained(lab):
    """Given: connects after the publisher left and returns (topic, payload, retained flag)."""
    client = mqtt_connect(lab)
    got = collect_messages(client, RETAINED_TOPIC, lambda m: m, timeout=5)
    client.disconnect()
    client.loop_stop()
    return got[0] if got else None


def crash_with_last_will(lab):
    """Part 2: a will ("offline", retained), then "online", then the connection drops without DISCONNECT."""
    client = make_mqtt_client(lab, client_id="module02-device")
    client.will_set(STATUS_TOPIC, "offline", qos=1, retain=True)  # must be set before connecting
    mqtt_connect(lab, client=client)
    client.publish(STATUS_TOPIC, "online", qos=1, retain=True).wait_for_publish(5)
    client.loop_stop()
    client.socket().close()  # like a power cut: no DISCONNECT packet, so the broker sends the will


def current_status(lab):
    """Given: the retained status once the broker has published the will (or what is there after 10 s)."""
    client = mqtt_connect(lab)
    got = collect_messages(client, STATUS_TOPIC, lambda m: any(p == "offline" for _, p, _ in m), timeout=10)
    client.disconnect()
    client.loop_stop()
    return got[-1][1] if got else None


def main(argv=None):
    lab = load_lab()
    publish_retained(lab)
    print("late subscriber got:", late_subscriber_sees_retained(lab))
    crash_with_last_will(lab)
    status = current_status(lab)
    print("device status after the crash:", status)
    return 0 if status == "offline" else 1


if __name__ == "__main__":
    run(main)
