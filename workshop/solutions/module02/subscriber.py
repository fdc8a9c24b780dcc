"""Module 2 - subscribe with wildcards and print what the simulator publishes (reference solution of
exercises/module02/subscriber.py).

    python solutions/module02/subscriber.py                          # sensors/+/+ : every reading
    python solutions/module02/subscriber.py "sensors/temperature/#" --websocket
When it stops it publishes a summary of what it received, retained, on workshop/module02/subscriber.
"""
import argparse
import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

from iotlab_workshop import load_lab, mqtt_connect  # noqa: E402
from iotlab_workshop.exercise import run  # noqa: E402

PATTERN = "sensors/+/+"   # sensors/<device_type>/<device_id>: one + per level


def decode(payload: bytes):
    """JSON payloads become dicts; anything else stays text."""
    try:
        return json.loads(payload)
    except ValueError:
        return payload.decode("utf-8", "replace")


def listen(lab, topic=PATTERN, count=10, timeout=30, transport=None, on_reading=print):
    """Receives up to `count` messages on `topic`; returns them as (topic, decoded payload) pairs."""
    received, done = [], threading.Event()

    def on_message(client, userdata, msg):
        if done.is_set():
            return  # already have enough; more may arrive until we disconnect
        received.append((msg.topic, decode(msg.payload)))
        on_reading(f"{msg.topic}: {received[-1][1]}")
        if len(received) >= count:
            done.set()

    client = mqtt_connect(lab, transport=transport)
    client.on_message = on_message        # set before subscribing: retained messages arrive at once
    client.subscribe(topic, qos=0)
    done.wait(timeout)
    client.disconnect()
    client.loop_stop()
    return received


def report(lab, pattern, received):
    """Given in the starter: what you received, retained, for your instructor (rule m2.subscriber)."""
    summary = {"pattern": pattern, "topics": sorted({t for t, _ in received}), "messages": len(received)}
    client = mqtt_connect(lab)
    client.publish("workshop/module02/subscriber", json.dumps(summary), qos=1, retain=True).wait_for_publish(5)
    client.disconnect()
    client.loop_stop()
    return summary


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("topic", nargs="?", default=PATTERN)
    p.add_argument("--count", type=int, default=20)
    p.add_argument("--timeout", type=float, default=30)
    p.add_argument("--websocket", action="store_true", help="through the ingress (MQTT_WS_URL)")
    a = p.parse_args(argv)
    lab = load_lab()
    received = listen(lab, a.topic, a.count, a.timeout, "websockets" if a.websocket else None)
    summary = report(lab, a.topic, received)
    print(f"\n{summary['messages']} message(s) on {len(summary['topics'])} topic(s) matching {a.topic}")
    if not received:
        print("Nothing arrived: is the topic filter right? The simulator publishes sensors/<type>/<device>.")
        return 1
    return 0


if __name__ == "__main__":
    run(main)
