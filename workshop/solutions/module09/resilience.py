"""Module 9 - retries with back-off, a circuit breaker and a rate limiter (token bucket).

Pure Python; the clock and sleep are parameters so you can test them without waiting.
"""
import random
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
