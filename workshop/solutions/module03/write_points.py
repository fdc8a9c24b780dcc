"""Module 3 - write points (tags + fields) one by one and in a batch with influxdb-client (reference solution of
exercises/module03/write_points.py).

    python solutions/module03/write_points.py
"""
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

from influxdb_client import Point, WritePrecision  # noqa: E402
from influxdb_client.client.write_api import SYNCHRONOUS  # noqa: E402

from iotlab_workshop import influx_client, load_lab  # noqa: E402
from iotlab_workshop.exercise import run  # noqa: E402

MEASUREMENT = "workshop_readings"


def one_point(lab):
    """Tags say WHAT was measured (indexed, strings); fields hold the measured values."""
    point = (Point(MEASUREMENT)
             .tag("device_id", "my-temp-01").tag("location", "study").tag("source", "module03")
             .field("value", 21.5)
             .time(datetime.now(timezone.utc), WritePrecision.S))
    with influx_client(lab) as client:
        client.write_api(write_options=SYNCHRONOUS).write(bucket=lab.influxdb_bucket, record=point)
    return point.to_line_protocol()


def batch(lab, n=10):
    """Many points in one request: far cheaper than n requests."""
    now = datetime.now(timezone.utc)
    points = [Point(MEASUREMENT).tag("device_id", f"my-temp-{i % 3:02d}").tag("location", "study")
              .tag("source", "module03").field("value", round(20 + random.random() * 3, 2))
              .time(now - timedelta(seconds=n - i), WritePrecision.MS) for i in range(n)]
    with influx_client(lab) as client:
        client.write_api(write_options=SYNCHRONOUS).write(bucket=lab.influxdb_bucket, record=points)
    return len(points)


def main(argv=None):
    lab = load_lab()
    print("wrote:", one_point(lab))
    print("batch of", batch(lab), "points written")
    return 0


if __name__ == "__main__":
    run(main)
