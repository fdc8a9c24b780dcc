"""Module 9 - retries with back-off, a circuit breaker and a rate limiter (token bucket) (reference solution of
exercises/module09/resilience.py).

Pure Python; the clock and sleep are parameters so you can test them without waiting:
    python solutions/module09/resilience.py        # the self-test
"""
import random
import sys
import time


class RetryPolicy:
    """Retries a call on the given exceptions: delay = base * 2**attempt (capped), +-20 % jitter."""

    def __init__(self, attempts=5, base=0.5, cap=10.0, retry_on=(Exception,), sleep=time.sleep):
        self.attempts, self.base, self.cap, self.retry_on, self.sleep = attempts, base, cap, retry_on, sleep

    def delays(self):
        return [min(self.cap, self.base * 2 ** i) * random.uniform(0.8, 1.2) for i in range(self.attempts - 1)]

    def call(self, fn, *args, **kwargs):
        delays = self.delays()
        for attempt in range(self.attempts):
            try:
                return fn(*args, **kwargs)
            except self.retry_on:
                if attempt == self.attempts - 1:
                    raise
                self.sleep(delays[attempt])


class CircuitOpen(Exception):
    pass


class CircuitBreaker:
    """closed -> (failure_threshold failures in a row) -> open: calls fail at once with CircuitOpen
    -> (after reset_timeout) half-open: one trial call; success closes, failure opens again."""

    def __init__(self, failure_threshold=3, reset_timeout=30.0, clock=time.monotonic):
        self.failure_threshold, self.reset_timeout, self.clock = failure_threshold, reset_timeout, clock
        self.failures, self.opened_at, self.state = 0, None, "closed"

    def call(self, fn, *args, **kwargs):
        if self.state == "open":
            if self.clock() - self.opened_at < self.reset_timeout:
                raise CircuitOpen(f"circuit open; retry in {self.reset_timeout - (self.clock() - self.opened_at):.0f} s")
            self.state = "half-open"
        try:
            result = fn(*args, **kwargs)
        except Exception:
            self.failures += 1
            if self.state == "half-open" or self.failures >= self.failure_threshold:
                self.state, self.opened_at = "open", self.clock()
            raise
        self.failures, self.state = 0, "closed"
        return result


class RateLimiter:
    """Token bucket: `rate` calls per second on average, bursts up to `burst`."""

    def __init__(self, rate=5.0, burst=10, clock=time.monotonic, sleep=time.sleep):
        self.rate, self.burst, self.clock, self.sleep = rate, burst, clock, sleep
        self.tokens, self.last = float(burst), clock()

    def try_acquire(self):
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False

    def acquire(self):
        while not self.try_acquire():
            self.sleep((1 - self.tokens) / self.rate)


class FakeClock:
    """Given: time that moves only when something sleeps - tests run in microseconds."""

    def __init__(self):
        self.t = 0.0

    def __call__(self):
        return self.t

    def sleep(self, seconds):
        self.t += seconds


def selftest():
    """Given: checks the three classes against a fake clock; {name: (ok, what was wrong)}."""
    results = {}

    def judge(name, fn):
        try:
            problem = fn()
        except Exception as e:  # noqa: BLE001 - any error is a failed self-test
            problem = f"{type(e).__name__}: {e}"
        results[name] = (problem is None, problem or "ok")

    def rate_limiter():
        clock = FakeClock()
        r = RateLimiter(rate=2, burst=3, clock=clock, sleep=clock.sleep)
        first = [r.try_acquire() for _ in range(4)]
        if first != [True, True, True, False]:
            return f"with burst=3, four quick calls must give True, True, True, False - got {first}"
        for _ in range(4):
            r.acquire()
        if not 1.9 <= clock.t <= 2.1:
            return f"four more calls at rate=2/s must take about 2 s - took {clock.t:.2f} s"
        return None

    def retry():
        clock, calls = FakeClock(), []

        def down():
            calls.append(clock.t)
            raise ConnectionError("down")
        try:
            RetryPolicy(attempts=4, base=1, sleep=clock.sleep).call(down)
            return "a call that always fails must raise its error after the last attempt"
        except ConnectionError:
            pass
        if len(calls) != 4:
            return f"attempts=4 must call 4 times - called {len(calls)} times"
        gaps = [b - a for a, b in zip(calls, calls[1:])]
        if not (0.8 <= gaps[0] <= 1.2 and 1.6 <= gaps[1] <= 2.4 and 3.2 <= gaps[2] <= 4.8):
            return f"waits must double (about 1, 2, 4 s with base=1) - were {[round(g, 2) for g in gaps]}"
        answers = iter([ConnectionError(), "ok"])

        def once():
            a = next(answers)
            if isinstance(a, Exception):
                raise a
            return a
        if RetryPolicy(sleep=clock.sleep).call(once) != "ok":
            return "after one failure the second attempt's result must be returned"
        return None

    def circuit_breaker():
        clock = FakeClock()
        b = CircuitBreaker(failure_threshold=2, reset_timeout=10, clock=clock)

        def boom():
            raise OSError("x")
        for _ in range(2):
            try:
                b.call(boom)
            except OSError:
                pass
        if b.state != "open":
            return f"after 2 failures (failure_threshold=2) the state must be open - it is {b.state}"
        try:
            b.call(lambda: "never called")
            return "an open circuit must raise CircuitOpen without calling"
        except CircuitOpen:
            pass
        clock.t += 11
        if b.call(lambda: "ok") != "ok" or b.state != "closed":
            return f"after reset_timeout a successful trial call must close the circuit - state {b.state}"
        return None

    judge("rate_limiter", rate_limiter)
    judge("retry", retry)
    judge("circuit_breaker", circuit_breaker)
    return results


if __name__ == "__main__":
    failed = 0
    for name, (ok, what) in selftest().items():
        print(f"{'OK  ' if ok else 'FAIL'}  {name:16} {what}")
        failed += not ok
    sys.exit(1 if failed else 0)
