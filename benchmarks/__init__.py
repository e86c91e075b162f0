"""Benchmarks of the generated client against boto3 and a raw ``http.client`` floor.

``nox -s bench`` (or ``python -m benchmarks.run``) measures per-call latency,
cold start, peak memory, install footprint and generator speed, and writes
``benchmarks/results.{md,json,svg}``. See ``docs/BENCHMARKS.md``.

Every module here that a measured process imports (``contenders``, ``floor``,
``coldstart``, ``warm``) imports only the standard library at module level,
so the contenders pay only for their own imports.
"""
