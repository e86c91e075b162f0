"""Benchmarks of the generated client against boto3 and two floors.

``nox -s bench`` (or ``python -m benchmarks.run``) measures per-call latency,
cold start, peak memory, vendored size, install footprint and generator speed
for the committed client, a whole-service client generated on the fly,
boto3, a dependency floor (requests + attrs + aws-requests-auth) and a raw
``http.client`` floor, checks them against their targets, and writes
``results.{md,json,svg}``. See ``docs/BENCHMARKS.md``.

Every module here that a measured process imports first (``contenders``,
``floor``, ``coldstart``, ``warm``) imports only the standard library at
module level, so the contenders pay only for their own imports; ``depfloor``
imports the runtime dependencies and is imported only by its contender.
"""
