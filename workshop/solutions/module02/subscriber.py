"""Module 2 - subscribe with wildcards and print what the simulator publishes.

    python solutions/module02/subscriber.py "sensors/+/+"          # every reading (3-level topics!)
    python solutions/module02/subscriber.py "sensors/temperature/#" --websocket
"""
import argparse
import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

from iotlab_workshop import load_lab, mqtt_connect  # noqa: E402


def listen(lab, topic="sensors/+/+", count=10, timeout=30, transport=None, on_reading=print):
    """Receives up to `count` messages on `topic`; returns them as (topic, decoded payload) pairs."""
    received, done = [], threading.Event()

    def on_message(client, userdata, msg):
        if done.is_set():
            return  # already have enough; more may arrive until we disconnect
        try:
            payload = json.loads(msg.payload)
        except ValueError:
            payload = msg.payload.decode()
        received.append((msg.topic, payload))
        on_reading(f"{msg.topic}: {payload}")
        if len(received) >= count:
            done.set()

    client = mqtt_connect(lab, transport=transport)
    client.on_message = on_message
    client.subscribe(topic, qos=0)
    done.wait(timeout)
    client.disconnect()
    client.loop_stop()
    return received


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("topic", nargs="?", default="sensors/+/+")
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--websocket", action="store_true")
    a = p.parse_args()
    listen(load_lab(), a.topic, a.count, transport="websockets" if a.websocket else None)
