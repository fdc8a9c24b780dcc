"""Module 9 advanced topics. The resilience classes are judged by their self-test (a fake clock); the health monitor
runs from the command line against the REAL API (/health, /metrics with the token), influxd and Mosquitto - over
MQTT with TLS through the wss 'ingress' (a TLS-terminating proxy in front of Mosquitto's WebSocket listener, as the
lab's ingress is in front of EMQX); the batch writer against the real influxd."""
import dataclasses

from student import hint, not_done_yet, ran, rules_ok, wrong_copy


def test_untouched_starters_say_what_is_missing(minilab):
    out = ran(minilab.script("exercises/module09/resilience.py"), 1)
    assert "FAIL  retry            Todo: part 2" in out and "FAIL  rate_limiter     Todo: part 4" in out
    not_done_yet(minilab.script("exercises/module09/health_monitor.py", "--websocket"), "part 5")
    not_done_yet(minilab.script("exercises/module09/batch_writer.py", "--points", "10"), "part 7")
    p = minilab.progress(9)
    hint(p, "m9.health", "Run python exercises/module09/health_monitor.py")
    hint(p, "m9.batch", "0 of 100 points in module09_batch")


def test_a_breaker_that_never_opens_and_no_tls_are_the_hints(minilab, tmp_path):
    wrong = wrong_copy(tmp_path, "module09/resilience.py",
                       ("if self.state == \"half-open\" or self.failures >= self.failure_threshold:", "if False:"))
    out = ran(minilab.script(wrong), 1)
    assert "FAIL  circuit_breaker  after 2 failures (failure_threshold=2) the state must be open" in out
    ran(minilab.script(str(tmp_path / "solutions/module09/health_monitor.py")))   # no --websocket: plain TCP
    p = minilab.progress(9)
    rules_ok(p, "m9.health")
    hint(p, "m9.resilience", "Not working yet: circuit_breaker.")
    hint(p, "m9.tls", "published without TLS", "--websocket")


def test_reference_solutions_pass(minilab, influx):
    ran(minilab.script("solutions/module09/resilience.py"))
    out = ran(minilab.script("solutions/module09/health_monitor.py", "--websocket"))
    assert '"tls": true' in out and '"iotlab_mqtt_connected": 1.0' in out and '"breaker": "closed"' in out
    out = ran(minilab.script("solutions/module09/batch_writer.py", "--points", "500", "--batch-size", "100"))
    assert "'ok_batches': 5, 'failed_batches': 0" in out
    csv = influx.query('from(bucket: "iot-data") |> range(start: -1h) |> filter(fn: (r) => r._measurement == '
                       '"module09_batch") |> group() |> count()')
    assert int(csv.strip().splitlines()[-1].split(",")[-1]) >= 500
    rules_ok(minilab.progress(9), "m9.health", "m9.tls", "m9.resilience", "m9.batch")


def test_rate_limit_retries_and_breaker_against_a_dead_api(solution, lab):
    m = solution("module09", "health_monitor")
    dead = dataclasses.replace(lab, api_url="http://127.0.0.1:1")
    api = m.ResilientApi(dead)
    for _ in range(3):
        assert m.check(dead, api, publish=False)["api"]["error"] == "ConnectionError"
    assert api.breaker.state == "open" and m.check(dead, api, publish=False)["api"]["error"] == "CircuitOpen"
    stats = api.client_stats()
    assert stats["retries"] == 6 and stats["requests"] == 9   # 3 checks x 3 attempts, then no call at all


def test_rate_limiter_makes_callers_wait(solution, lab):
    m = solution("module09", "health_monitor")
    r = solution("module09", "resilience")
    clock = r.FakeClock()
    api = m.ResilientApi(lab, limiter=r.RateLimiter(rate=1, burst=2, clock=clock, sleep=clock.sleep))
    for _ in range(4):
        api.get("/health")
    assert api.stats["rate_limited"] == 2 and clock.t >= 1.9
