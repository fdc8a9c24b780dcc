"""Module 7 - your own simulated device: a CO2 sensor with a daily cycle, inertia and noise, announced like the
simulator's devices (the lab API lists it) and written to InfluxDB like the simulator's readings (reference
solution of exercises/module07/custom_sensor.py).

    python solutions/module07/custom_sensor.py --readings 20 --interval 2
    python solutions/module07/custom_sensor.py --plot        # live text plot of what it publishes
"""
import argparse
import json
import math
import random
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

from influxdb_client import Point, WritePrecision  # noqa: E402
from influxdb_client.client.write_api import SYNCHRONOUS  # noqa: E402

from iotlab_workshop import influx_client, load_lab, mqtt_connect  # noqa: E402
from iotlab_workshop.exercise import run  # noqa: E402


class Co2Sensor:
    """CO2 in ppm: about `base` at night, up to base + amplitude when the room is busy (peak at 19:00), with inertia
    (each reading moves part of the way to the target) and Gaussian noise."""

    def __init__(self, device_id="co2-001", location="study", base=450.0, amplitude=500.0, noise=15.0,
                 inertia=0.3, seed=None):
        self.device_id, self.location = device_id, location
        self.base, self.amplitude, self.noise, self.inertia = base, amplitude, noise, inertia
        self.random = random.Random(seed)
        self.value = base

    def target(self, hour):
        """Part 2 - the daily cycle: a cosine with its maximum at 19:00 and its minimum at 07:00."""
        return self.base + self.amplitude * (1 + math.cos(2 * math.pi * (hour - 19) / 24)) / 2

    def read(self, when=None):
        """Part 3 - one reading: move `inertia` of the way to the target, add noise, never below 0."""
        when = when or datetime.now(timezone.utc)
        hour = when.hour + when.minute / 60
        self.value += self.inertia * (self.target(hour) - self.value)
        measured = max(0.0, self.value + self.random.gauss(0, self.noise))
        return {"value": round(measured, 1), "unit": "ppm", "location": self.location,
                "timestamp": when.isoformat().replace("+00:00", "Z")}

    def point(self, reading):
        """Part 4 - the reading as the simulator writes its own: measurement = device type, three tags, one field."""
        return (Point("co2").tag("device_id", self.device_id).tag("device_type", "co2")
                .tag("location", self.location).field("value", float(reading["value"]))
                .time(datetime.now(timezone.utc), WritePrecision.MS))

    @property
    def topic(self):
        return f"sensors/co2/{self.device_id}"

    def meta(self):
        """Given: what the simulator announces (retained) on devices/<id>/meta; the API's registry reads it."""
        return {"device_id": self.device_id, "device_type": "co2", "device_name": "My CO2 sensor",
                "location": self.location, "unit": "ppm", "commands": []}


def sparkline(values, low=400, high=1000):
    bars = "▁▂▃▄▅▆▇█"
    return "".join(bars[min(7, max(0, int((v - low) / (high - low) * 7.99)))] for v in values)


def run_sensor(lab, sensor=None, readings=10, interval=5.0, plot=False):
    """Given: announces the sensor, then publishes and writes `readings` readings; returns their values."""
    sensor = sensor or Co2Sensor()
    client = mqtt_connect(lab)
    client.publish(f"devices/{sensor.device_id}/meta", json.dumps(sensor.meta()), qos=1, retain=True).wait_for_publish(5)
    history = []
    with influx_client(lab) as db:
        write = db.write_api(write_options=SYNCHRONOUS)
        for i in range(readings):
            r = sensor.read()
            client.publish(sensor.topic, json.dumps(r), qos=0)
            write.write(bucket=lab.influxdb_bucket, record=sensor.point(r))
            history.append(r["value"])
            if plot:
                print(f"\r{sparkline(history[-60:])} {r['value']:7.1f} ppm", end="", flush=True)
            else:
                print(f"{r['timestamp']}  {sensor.topic}  {r['value']:7.1f} ppm")
            if i < readings - 1:
                time.sleep(interval)
    client.disconnect()
    client.loop_stop()
    return history


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--interval", type=float, default=5)
    p.add_argument("--readings", type=int, default=720)
    p.add_argument("--plot", action="store_true")
    a = p.parse_args(argv)
    history = run_sensor(load_lab(), readings=a.readings, interval=a.interval, plot=a.plot)
    print(f"\n{len(history)} readings from {min(history):.1f} to {max(history):.1f} ppm")
    return 0


if __name__ == "__main__":
    run(main)
