"""Module 9 - asynchronous batch writes to InfluxDB with the client's batching, retries and callbacks (reference
solution of exercises/module09/batch_writer.py).

    python solutions/module09/batch_writer.py --points 1000
"""
import argparse
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

from influxdb_client import Point, WriteOptions  # noqa: E402

from iotlab_workshop import influx_client, load_lab  # noqa: E402
from iotlab_workshop.exercise import run  # noqa: E402


def write_batched(lab, points=1000, batch_size=200):
    """Points are queued and sent in the background, `batch_size` per request; close() flushes the rest."""
    stats = {"ok_batches": 0, "failed_batches": 0, "retries": 0}
    now = datetime.now(timezone.utc)
    with influx_client(lab) as client:
        options = WriteOptions(batch_size=batch_size, flush_interval=1_000, retry_interval=1_000, max_retries=3,
                               max_retry_delay=5_000, exponential_base=2)
        with client.write_api(write_options=options,
                              success_callback=lambda conf, data: stats.__setitem__("ok_batches", stats["ok_batches"] + 1),
                              error_callback=lambda conf, data, e: stats.__setitem__("failed_batches",
                                                                                       stats["failed_batches"] + 1),
                              retry_callback=lambda conf, data, e: stats.__setitem__("retries", stats["retries"] + 1)
                              ) as write:
            for i in range(points):
                write.write(bucket=lab.influxdb_bucket, record=Point("module09_batch").tag("source", "module09")
                            .tag("sensor", f"s{i % 10}").field("value", float(i))
                            .time(now - timedelta(milliseconds=points - i)))
    return stats


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--points", type=int, default=1000)
    p.add_argument("--batch-size", type=int, default=200)
    a = p.parse_args(argv)
    stats = write_batched(load_lab(), a.points, a.batch_size)
    print(stats)
    return 0 if stats["failed_batches"] == 0 else 1


if __name__ == "__main__":
    run(main)
