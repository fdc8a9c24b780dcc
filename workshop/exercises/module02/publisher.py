"""Module 2, part 2 - publish readings of your own sensor. Complete the two TODOs.

    python exercises/module02/publisher.py --count 5 --qos 1
Watch them arrive with your subscriber (part 3) or the EMQX dashboard's WebSocket client.
"""
import argparse
import json
import random
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

from iotlab_workshop import load_lab, mqtt_connect  # noqa: E402
from iotlab_workshop.exercise import run, todo  # noqa: E402


def reading(location="study"):
    """The simulator's payload format: {value, unit, location, timestamp}."""
    # TODO part 2a: return a dict like the simulator's readings: value (a temperature around 21 °C, use
    # random.uniform), unit "celsius", location, timestamp (datetime.now(timezone.utc).isoformat()).
    todo("part 2a: reading() - build one reading as a dict")


def publish_readings(lab, device_id="my-temp-01", count=5, qos=1, interval=0.0, transport=None):
    """Publishes `count` readings on sensors/temperature/<device_id>; returns the payloads sent."""
    client = mqtt_connect(lab, transport=transport)
    topic = f"sensors/temperature/{device_id}"
    sent = []
    for _ in range(count):
        payload = reading()
        # TODO part 2b: publish the payload as JSON text on `topic` with the given QoS, then wait (up to 5 s) until
        # paho has sent it - for QoS 1 that is when the broker acknowledged it (PUBACK).
        todo("part 2b: publish_readings() - publish each reading")
        sent.append(payload)
        time.sleep(interval)
    client.disconnect()
    client.loop_stop()
    return sent


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--device-id", default="my-temp-01")
    p.add_argument("--count", type=int, default=5)
    p.add_argument("--qos", type=int, choices=[0, 1, 2], default=1)
    p.add_argument("--websocket", action="store_true", help="go through the ingress (MQTT_WS_URL)")
    a = p.parse_args(argv)
    for r in publish_readings(load_lab(), a.device_id, a.count, a.qos, 1.0, "websockets" if a.websocket else None):
        print("sent", r)
    return 0


if __name__ == "__main__":
    run(main)
