"""Module 3 - Flux: the last hour, the mean per device, the last value.

    python solutions/module03/flux_queries.py
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

from iotlab_workshop import influx_client, load_lab  # noqa: E402


def last_hour(lab, measurement="temperature"):
    flux = f'''from(bucket: "{lab.influxdb_bucket}")
  |> range(start: -1h)
  |> filter(fn: (r) => r._measurement == "{measurement}" and r._field == "value")'''
    with influx_client(lab) as client:
        return [(r.get_time(), r["device_id"], r.get_value()) for t in client.query_api().query(flux) for r in t.records]


def mean_per_device(lab, measurement="temperature"):
    """Each series (one device) is its own table, so mean() gives one row per device."""
    flux = f'''from(bucket: "{lab.influxdb_bucket}")
  |> range(start: -1h)
  |> filter(fn: (r) => r._measurement == "{measurement}" and r._field == "value")
  |> mean()'''
    with influx_client(lab) as client:
        return {r["device_id"]: round(r.get_value(), 2) for t in client.query_api().query(flux) for r in t.records}


def last_values(lab, measurement="temperature"):
    flux = f'''from(bucket: "{lab.influxdb_bucket}")
  |> range(start: -1h)
  |> filter(fn: (r) => r._measurement == "{measurement}" and r._field == "value")
  |> last()'''
    with influx_client(lab) as client:
        return {r["device_id"]: (r["location"], r.get_value()) for t in client.query_api().query(flux) for r in t.records}


if __name__ == "__main__":
    lab = load_lab()
    print(len(last_hour(lab)), "temperature readings in the last hour")
    print("mean per device:", mean_per_device(lab))
    print("last values:", last_values(lab))
