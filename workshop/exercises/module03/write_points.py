"""Module 3, parts 2 and 3 - write points (tags + fields) one by one and in a batch. Complete the two TODOs.

    python exercises/module03/write_points.py
"""
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

from influxdb_client import Point, WritePrecision  # noqa: E402
from influxdb_client.client.write_api import SYNCHRONOUS  # noqa: E402

from iotlab_workshop import influx_client, load_lab  # noqa: E402
from iotlab_workshop.exercise import run, todo  # noqa: E402

MEASUREMENT = "workshop_readings"


def one_point(lab):
    """Tags say WHAT was measured (indexed, strings); fields hold the measured values."""
    # TODO part 2: build the point: measurement MEASUREMENT; tags device_id "my-temp-01", location "study",
    # source "module03"; field value 21.5; time now (datetime.now(timezone.utc), precision seconds).
    point = todo("part 2: one_point() - build one Point with three tags and one field")
    with influx_client(lab) as client:
        client.write_api(write_options=SYNCHRONOUS).write(bucket=lab.influxdb_bucket, record=point)
    return point.to_line_protocol()


def batch(lab, n=10):
    """Many points in one request: far cheaper than n requests."""
    now = datetime.now(timezone.utc)
    # TODO part 3: a list of n points like the one of part 2, device ids my-temp-00, my-temp-01, my-temp-02 in turn,
    # values between 20 and 23, one second apart ending now (now - timedelta(seconds=n - i)).
    points = todo("part 3: batch() - build the list of n points")
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
