"""Module 9 - health checks and metrics for your lab (reference solution of exercises/module09/health_monitor.py).

Every API call carries your API_TOKEN and goes through a client-side rate limiter, retries with back-off and a
circuit breaker (resilience.py). The report is published, retained, on workshop/module09/health - over MQTT with
TLS when you pass --websocket (your lab's wss://<host>/mqtt endpoint, through the ingress).

    python solutions/module09/health_monitor.py --websocket
    python solutions/module09/health_monitor.py --websocket --every 30      # keep watching
"""
import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # lets you run this file from anywhere
sys.path.insert(0, str(Path(__file__).resolve().parent))

import requests  # noqa: E402

from iotlab_workshop import MqttConnectError, load_lab, mqtt_connect  # noqa: E402
from iotlab_workshop.exercise import run, utc_now  # noqa: E402
from resilience import CircuitBreaker, CircuitOpen, RateLimiter, RetryPolicy, selftest  # noqa: E402

METRICS = ("iotlab_mqtt_connected", "iotlab_mqtt_received_total", "iotlab_mqtt_published_total",
           "iotlab_influx_writes_total", "iotlab_auth_rejected_total")


class ResilientApi:
    """GETs on the lab API with the token, through a rate limiter, retries with back-off and a circuit breaker."""

    def __init__(self, lab, breaker=None, limiter=None, retry=None):
        self.lab = lab
        self.breaker = breaker or CircuitBreaker(failure_threshold=3, reset_timeout=30)
        self.limiter = limiter or RateLimiter(rate=5, burst=5)
        self.retry = retry or RetryPolicy(attempts=3, base=0.2, retry_on=(requests.ConnectionError, requests.Timeout))
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {lab.api_token}"
        self.stats = {"requests": 0, "retries": 0, "rate_limited": 0}

    def _send(self, path):
        self.stats["requests"] += 1
        r = self.session.get(self.lab.api_url + path, timeout=5)
        if r.status_code >= 500 and r.status_code != 503:   # 503 is an honest "down" answer, not a failure
            r.raise_for_status()
        return r

    def get(self, path):
        """Part 5: rate limit first (never hammer the API), then the breaker around the retried call."""
        if not self.limiter.try_acquire():
            self.stats["rate_limited"] += 1
            self.limiter.acquire()
        before = self.stats["requests"]
        try:
            return self.breaker.call(lambda: self.retry.call(self._send, path))
        finally:
            self.stats["retries"] += max(0, self.stats["requests"] - before - 1)

    def client_stats(self):
        return dict(self.stats, breaker=self.breaker.state)


def parse_metrics(text, names=METRICS):
    """Part 6: Prometheus text format -> {name: value} for the names wanted (labels ignored, values summed)."""
    out = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name = line.split("{")[0].split(" ")[0]
        if name in names:
            out[name] = out.get(name, 0.0) + float(line.rsplit(" ", 1)[1])
    return out


def check(lab, api=None, transport=None, publish=True):
    """Given: one health report; published retained on workshop/module09/health (when `publish` and MQTT is up)."""
    api = api or ResilientApi(lab)
    transport = transport or lab.mqtt_transport
    report = {"at": utc_now()}
    try:
        h = api.get("/health")
        body = h.json()
        report["api"] = {"status": body.get("status"), "http": h.status_code,
                         "mqtt": body.get("mqtt", {}).get("status"), "database": body.get("database", {}).get("status")}
        report["metrics"] = parse_metrics(api.get("/metrics").text)
    except (requests.RequestException, CircuitOpen) as e:
        report["api"] = {"status": "unreachable", "error": type(e).__name__}
        report["metrics"] = {}
    try:
        report["influxdb"] = requests.get(f"{lab.influxdb_url}/health", timeout=5).json().get("status")
    except (requests.RequestException, ValueError):
        report["influxdb"] = "unreachable"
    report["selftest"] = {name: ok for name, (ok, _) in selftest().items()}
    report["client"] = api.client_stats()
    tls = transport == "websockets" and lab.mqtt_ws_url.startswith("wss://")
    start = time.monotonic()
    try:
        client = mqtt_connect(lab, transport=transport, timeout=5)
        report["mqtt"] = {"status": "up", "transport": transport, "tls": tls,
                          "connect_ms": round((time.monotonic() - start) * 1000)}
        if publish:
            client.publish("workshop/module09/health", json.dumps(report), qos=1, retain=True).wait_for_publish(5)
        client.disconnect()
        client.loop_stop()
    except MqttConnectError as e:
        report["mqtt"] = {"status": "down", "transport": transport, "tls": tls, "error": str(e)}
    return report


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument("--websocket", action="store_true", help="publish over MQTT_WS_URL (wss: TLS through the ingress)")
    p.add_argument("--every", type=float, help="repeat every N seconds until Ctrl-C")
    a = p.parse_args(argv)
    lab = load_lab()
    api = ResilientApi(lab)
    while True:
        report = check(lab, api, "websockets" if a.websocket else None)
        print(json.dumps(report, indent=2))
        if not a.every:
            return 0 if report["api"].get("status") == "healthy" else 1
        time.sleep(a.every)


if __name__ == "__main__":
    run(main)
