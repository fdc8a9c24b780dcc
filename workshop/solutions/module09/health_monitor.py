"""Module 9 - health checks and metrics for your lab, with a circuit breaker and a rate limit on API calls.
Publishes the summary retained on workshop/module09/health.

    python solutions/module09/health_monitor.py
"""
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere

import requests  # noqa: E402

from iotlab_workshop import MqttConnectError, load_lab, mqtt_connect  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from resilience import CircuitBreaker, CircuitOpen, RateLimiter  # noqa: E402


class ResilientApi:
    """GETs on the lab API through a rate limiter and a circuit breaker."""

    def __init__(self, lab, breaker=None, limiter=None):
        self.lab = lab
        self.breaker = breaker or CircuitBreaker(failure_threshold=3, reset_timeout=30)
        self.limiter = limiter or RateLimiter(rate=5, burst=5)
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {lab.api_token}"

    def get(self, path):
        self.limiter.acquire()

        def call():
            r = self.session.get(self.lab.api_url + path, timeout=5)
            if r.status_code >= 500 and r.status_code != 503:
                r.raise_for_status()
            return r
        return self.breaker.call(call)


def parse_metrics(text, names=("iotlab_mqtt_connected", "iotlab_mqtt_received_total", "iotlab_mqtt_published_total")):
    """Prometheus text format -> {name: value} for the names wanted (labels ignored, values summed)."""
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name = line.split("{")[0].split(" ")[0]
        if name in names:
            out[name] = out.get(name, 0.0) + float(line.rsplit(" ", 1)[1])
    return out


def check(lab, api=None):
    api = api or ResilientApi(lab)
    report = {"at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    try:
        h = api.get("/health")
        body = h.json()
        report["api"] = {"status": body.get("status"), "http": h.status_code,
                         "mqtt": body.get("mqtt", {}).get("status"), "database": body.get("database", {}).get("status")}
        report["metrics"] = parse_metrics(api.get("/metrics").text)
    except (requests.RequestException, CircuitOpen) as e:
        report["api"] = {"status": "unreachable", "error": type(e).__name__}
    start = time.monotonic()
    try:
        client = mqtt_connect(lab, timeout=5)
        report["mqtt"] = {"status": "up", "connect_ms": round((time.monotonic() - start) * 1000)}
        client.publish("workshop/module09/health", json.dumps(report), qos=1, retain=True).wait_for_publish(5)
        client.disconnect()
        client.loop_stop()
    except MqttConnectError as e:
        report["mqtt"] = {"status": "down", "error": str(e)}
    try:
        report["influxdb"] = requests.get(f"{lab.influxdb_url}/health", timeout=5).json().get("status")
    except requests.RequestException:
        report["influxdb"] = "unreachable"
    return report


if __name__ == "__main__":
    print(json.dumps(check(load_lab()), indent=2))
