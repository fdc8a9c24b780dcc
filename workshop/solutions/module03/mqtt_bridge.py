"""Module 3 - bridge: every MQTT reading on sensors/+/+ becomes an InfluxDB point (reference solution of
exercises/module03/mqtt_bridge.py).

    python solutions/module03/mqtt_bridge.py --seconds 60
"""
import argparse
import json
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

from influxdb_client import Point  # noqa: E402
from influxdb_client.client.write_api import SYNCHRONOUS  # noqa: E402

from iotlab_workshop import influx_client, load_lab, mqtt_connect  # noqa: E402
from iotlab_workshop.exercise import run  # noqa: E402

MEASUREMENT = "bridge_readings"
TOPICS = "sensors/+/+"


def to_point(topic, payload):
    """sensors/<type>/<id> + {value, location, ...} -> Point, or None for anything that is not a reading."""
    parts = topic.split("/")
    if len(parts) != 3 or not isinstance(payload, dict) or not isinstance(payload.get("value"), (int, float)):
        return None
    return (Point(MEASUREMENT).tag("device_type", parts[1]).tag("device_id", parts[2])
            .tag("location", str(payload.get("location", "unknown"))).tag("source", "mqtt-bridge")
            .field("value", float(payload["value"])))


def run_bridge(lab, seconds=60, max_points=None):
    """Runs for `seconds` (or until `max_points` were written); returns how many points were written."""
    written, stop = [0], threading.Event()
    with influx_client(lab) as db:
        write = db.write_api(write_options=SYNCHRONOUS)

        def on_message(client, userdata, msg):
            try:
                point = to_point(msg.topic, json.loads(msg.payload))
            except ValueError:
                return  # not JSON: skip it
            if point is None or stop.is_set():
                return
            write.write(bucket=lab.influxdb_bucket, record=point)
            written[0] += 1
            if max_points and written[0] >= max_points:
                stop.set()

        client = mqtt_connect(lab)
        client.on_message = on_message
        client.subscribe(TOPICS)
        stop.wait(seconds)
        stop.set()
        client.disconnect()
        client.loop_stop()
    return written[0]


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--seconds", type=float, default=60)
    n = run_bridge(load_lab(), p.parse_args(argv).seconds)
    print(n, "points written to", MEASUREMENT)
    return 0 if n else 1


if __name__ == "__main__":
    run(main)
