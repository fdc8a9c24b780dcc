"""InfluxDB 2 client for your lab's bucket (INFLUXDB_URL, INFLUXDB_TOKEN, INFLUXDB_ORG)."""
from influxdb_client import InfluxDBClient

from .config import Lab


def influx_client(lab: Lab, timeout_ms: int = 10_000) -> InfluxDBClient:
    return InfluxDBClient(url=lab.influxdb_url, token=lab.influxdb_token, org=lab.influxdb_org, timeout=timeout_ms)
