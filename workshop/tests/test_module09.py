"""Module 9 advanced topics. Resilience classes are tested with a fake clock; the batch writer against the
InfluxDB CONTRACT DOUBLE; the health monitor against the REAL API (/health, /metrics) and REAL Mosquitto."""
import dataclasses
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "solutions" / "module09"))
from resilience import CircuitBreaker, CircuitOpen, RateLimiter, RetryPolicy  # noqa: E402


class Clock:
    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t

    def sleep(self, s):
        self.t += s


def test_retry_backs_off_then_gives_up():
    clock, calls = Clock(), []

    def flaky():
        calls.append(clock.t)
        raise ConnectionError("down")
    with pytest.raises(ConnectionError):
        RetryPolicy(attempts=4, base=1, sleep=clock.sleep).call(flaky)
    gaps = [b - a for a, b in zip(calls, calls[1:])]
    assert len(calls) == 4 and 0.8 <= gaps[0] <= 1.2 and 3.2 <= gaps[2] <= 4.8
    results = iter([ConnectionError(), "ok"])

    def once():
        r = next(results)
        if isinstance(r, Exception):
            raise r
        return r
    assert RetryPolicy(sleep=clock.sleep).call(once) == "ok"


def test_circuit_breaker_opens_fails_fast_and_recovers():
    clock = Clock()
    b = CircuitBreaker(failure_threshold=2, reset_timeout=10, clock=clock)

    def boom():
        raise IOError("x")
    for _ in range(2):
        with pytest.raises(IOError):
            b.call(boom)
    assert b.state == "open"
    with pytest.raises(CircuitOpen):
        b.call(lambda: "never called")
    clock.t += 11
    assert b.call(lambda: "ok") == "ok" and b.state == "closed"


def test_rate_limiter_token_bucket():
    clock = Clock()
    r = RateLimiter(rate=2, burst=3, clock=clock, sleep=clock.sleep)
    assert [r.try_acquire() for _ in range(4)] == [True, True, True, False]
    for _ in range(4):
        r.acquire()
    assert clock.t == pytest.approx(2.0, abs=0.01)  # 4 more calls at 2/s


def test_async_batch_writer(solution, lab, influx):
    before = influx.store.write_requests
    stats = solution("module09", "batch_writer").write_batched(lab, points=500, batch_size=100)
    assert stats["ok_batches"] == 5 and stats["failed_batches"] == 0
    assert len(influx.points("module09_batch")) >= 500 and influx.store.write_requests - before >= 5


def test_health_monitor_reports_and_publishes(solution, lab):
    from iotlab_workshop import collect_messages, mqtt_connect
    report = solution("module09", "health_monitor").check(lab)
    assert report["api"] == {"status": "healthy", "http": 200, "mqtt": "up", "database": "up"}
    assert report["metrics"]["iotlab_mqtt_connected"] == 1.0 and report["influxdb"] == "pass"
    c = mqtt_connect(lab)
    got = collect_messages(c, "workshop/module09/health", lambda m: m, timeout=5)
    c.disconnect()
    assert got and got[0][2] and got[0][1]["at"] == report["at"]


def test_breaker_stops_calling_a_dead_api(solution, lab):
    m = solution("module09", "health_monitor")
    dead = dataclasses.replace(lab, api_url="http://127.0.0.1:1")
    api = m.ResilientApi(dead)
    for _ in range(3):
        assert m.check(dead, api)["api"]["error"] == "ConnectionError"
    assert api.breaker.state == "open" and m.check(dead, api)["api"]["error"] == "CircuitOpen"
