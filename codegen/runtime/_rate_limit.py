"""Adaptive retry mode's client-side rate limiting (botocore 1.44.5's ``retries/adaptive.py``).

A port of botocore's ``ClientRateLimiter`` with its ``RateClocker``,
``TokenBucket`` (``retries/bucket.py``) and ``CubicCalculator``
(``retries/throttling.py``): the limiter stays off until a throttling answer
arrives; from then on every attempt first takes a token from a bucket whose
fill rate follows TCP CUBIC — cut to 70 % of the measured send rate on each
throttle, grown back along a cubic curve on successes, never above twice the
measured rate and never below 0.5 requests per second. Imported only by
clients in adaptive mode.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

__all__ = ["ClientRateLimiter"]

_MIN_FILL_RATE = 0.5  # requests per second
_MAX_RATE_ADJUST_SCALE = 2.0
_SMOOTHING = 0.8
_TIME_BUCKET_SCALE = 2.0  # the measured rate is updated every half second
_CUBIC_SCALE = 0.4
_CUBIC_BETA = 0.7


class _Cubic:
    """botocore's ``CubicCalculator``: the send rate, a cubic function of time since a throttle."""

    def __init__(self, start_time: float) -> None:
        self._w_max = 0.0
        self._k = 0.0
        self._last_fail = start_time

    def success_received(self, timestamp: float) -> float:
        return _CUBIC_SCALE * (timestamp - self._last_fail - self._k) ** 3 + self._w_max

    def error_received(self, current_rate: float, timestamp: float) -> float:
        self._w_max = current_rate
        self._k = (current_rate * (1 - _CUBIC_BETA) / _CUBIC_SCALE) ** (1 / 3.0)
        self._last_fail = timestamp
        return current_rate * _CUBIC_BETA


class _RateClocker:
    """botocore's ``RateClocker``: a smoothed rate of attempts, in half-second buckets."""

    def __init__(self, now: float) -> None:
        self._measured_rate = 0.0
        self._last_bucket = float(math.floor(now))
        self._count = 0

    def record(self, now: float) -> float:
        bucket = math.floor(now * _TIME_BUCKET_SCALE) / _TIME_BUCKET_SCALE
        self._count += 1
        if bucket > self._last_bucket:
            current_rate = self._count / (bucket - self._last_bucket)
            self._measured_rate = current_rate * _SMOOTHING + self._measured_rate * (1 - _SMOOTHING)
            self._count = 0
            self._last_bucket = bucket
        return self._measured_rate


class _TokenBucket:
    """botocore's ``TokenBucket``: blocks ``acquire`` until a token has refilled."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._condition = threading.Condition()
        self._capacity = 0.0
        self._last_timestamp: float | None = None
        self._fill_rate = _MIN_FILL_RATE
        self._max_capacity = 1.0
        self.set_max_rate(1.0)

    @property
    def max_rate(self) -> float:
        return self._fill_rate

    def set_max_rate(self, value: float) -> None:
        with self._condition:
            self._refill()
            self._fill_rate = max(value, _MIN_FILL_RATE)
            self._max_capacity = value if value >= 1 else 1.0
            self._capacity = min(self._capacity, self._max_capacity)
            self._condition.notify()

    def acquire(self) -> None:
        with self._condition:
            self._refill()
            while self._capacity < 1:
                self._condition.wait((1 - self._capacity) / self._fill_rate)
                self._refill()
            self._capacity -= 1

    def _refill(self) -> None:
        now = self._clock()
        if self._last_timestamp is None:
            self._last_timestamp = now
            return
        filled = (now - self._last_timestamp) * self._fill_rate
        self._capacity = min(self._max_capacity, self._capacity + filled)
        self._last_timestamp = now


class ClientRateLimiter:
    """Throttles a client's sending rate once the service has throttled it; thread-safe.

    ``clock`` returns seconds (``time.time`` by default, as botocore).
    """

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        now = clock()
        self._clock = clock
        self._cubic = _Cubic(now)
        self._clocker = _RateClocker(now)
        self._bucket = _TokenBucket(clock)
        self._enabled = False
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        """Whether a throttle has been seen, so that attempts now wait for tokens."""
        return self._enabled

    @property
    def max_rate(self) -> float:
        """The allowed send rate, in requests per second."""
        return self._bucket.max_rate

    def before_attempt(self) -> None:
        """Wait for a token, once rate limiting is on."""
        if self._enabled:
            self._bucket.acquire()

    def after_attempt(self, *, throttled: bool) -> None:
        """Measure the send rate and adjust the allowed rate to the answer."""
        with self._lock:
            measured_rate = self._clocker.record(self._clock())
            timestamp = self._clock()
            if not throttled:
                new_rate = self._cubic.success_received(timestamp)
            else:
                current = measured_rate
                if self._enabled:
                    current = min(measured_rate, self._bucket.max_rate)
                new_rate = self._cubic.error_received(current, timestamp)
                self._enabled = True
            self._bucket.set_max_rate(min(new_rate, _MAX_RATE_ADJUST_SCALE * measured_rate))
