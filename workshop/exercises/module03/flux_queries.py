"""Module 3, part 4 - Flux: the last hour, the mean per device, the last value. Complete the two TODOs.

    python exercises/module03/flux_queries.py
It publishes what the queries returned, retained, on workshop/module03/queries.
"""
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

from iotlab_workshop import influx_client, load_lab, mqtt_connect  # noqa: E402
from iotlab_workshop.exercise import run, todo  # noqa: E402


def last_hour(lab, measurement="temperature"):
    flux = f'''from(bucket: "{lab.influxdb_bucket}")
  |> range(start: -1h)
  |> filter(fn: (r) => r._measurement == "{measurement}" and r._field == "value")'''
    with influx_client(lab) as client:
        return [(r.get_time(), r.values.get("device_id"), r.get_value())
                for t in client.query_api().query(flux) for r in t.records]


def mean_per_device(lab, measurement="temperature"):
    """Each series (one device) is its own table, so mean() gives one row per device."""
    flux = f'''from(bucket: "{lab.influxdb_bucket}")
  |> range(start: -1h)
  |> filter(fn: (r) => r._measurement == "{measurement}" and r._field == "value")
  |> TODO_PART_4A'''
    if "TODO_PART_4A" in flux:
        # TODO part 4a: replace TODO_PART_4A above with the Flux function that averages each table (one per device).
        todo("part 4a: mean_per_device() - finish the Flux query (one mean per device)")
    with influx_client(lab) as client:
        return {str(r.values.get("device_id")): round(r.get_value(), 2)
                for t in client.query_api().query(flux) for r in t.records}


def last_values(lab, measurement="temperature"):
    flux = f'''from(bucket: "{lab.influxdb_bucket}")
  |> range(start: -1h)
  |> filter(fn: (r) => r._measurement == "{measurement}" and r._field == "value")
  |> TODO_PART_4B'''
    if "TODO_PART_4B" in flux:
        # TODO part 4b: replace TODO_PART_4B above with the Flux function that keeps the newest row of each table.
        todo("part 4b: last_values() - finish the Flux query (the newest reading of each device)")
    with influx_client(lab) as client:
        return {str(r.values.get("device_id")): (r.values.get("location"), r.get_value())
                for t in client.query_api().query(flux) for r in t.records}


def report(lab, rows, means, last):
    """Given: what your queries returned, retained, for your instructor (rule m3.queries)."""
    summary = {"last_hour_rows": len(rows), "mean_per_device": means, "last_values": last}
    client = mqtt_connect(lab)
    client.publish("workshop/module03/queries", json.dumps(summary), qos=1, retain=True).wait_for_publish(5)
    client.disconnect()
    client.loop_stop()


def main(argv=None):
    lab = load_lab()
    rows = last_hour(lab)
    print(len(rows), "temperature readings in the last hour")
    means = mean_per_device(lab)
    print("mean per device:", means)
    last = last_values(lab)
    print("last values:", last)
    report(lab, rows, means, last)
    return 0 if len(means) >= 2 else 1


if __name__ == "__main__":
    run(main)
