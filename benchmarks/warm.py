"""Per-call latency of warm clients, interleaved so that machine noise hits all alike.

``python -m benchmarks.warm URL --rounds R --calls N --warmup W`` builds one
client per contender, makes ``W`` untimed calls with each, then runs ``R``
rounds; in each round every contender makes ``N`` back-to-back calls, each
timed on its own, and the contenders' order rotates from round to round. It
prints ``{"ours": [ns, ...], "boto3": [...], "deps": [...], "floor": [...]}`` as
JSON.

It runs as a child of the orchestrator so that the orchestrator itself stays
small (it also spawns the cold-start processes whose memory is measured).
"""

from __future__ import annotations

import argparse
import json
import time

from benchmarks.contenders import WARM_NAMES as NAMES
from benchmarks.contenders import Call, check, make


def measure(url: str, *, rounds: int, calls: int, warmup: int) -> dict[str, list[int]]:
    """Nanoseconds of each timed call, per contender."""
    clients: dict[str, Call] = {name: make(name, url) for name in NAMES}
    for name, call in clients.items():
        for _ in range(max(1, warmup)):
            check(name, call())
    samples: dict[str, list[int]] = {name: [] for name in NAMES}
    clock = time.perf_counter_ns
    for round_index in range(rounds):
        shift = round_index % len(NAMES)
        for name in NAMES[shift:] + NAMES[:shift]:
            call, out = clients[name], samples[name]
            for _ in range(calls):
                start = clock()
                result = call()
                out.append(clock() - start)
                check(name, result)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("url")
    parser.add_argument("--rounds", type=int, required=True)
    parser.add_argument("--calls", type=int, required=True)
    parser.add_argument("--warmup", type=int, required=True)
    args = parser.parse_args()
    samples = measure(args.url, rounds=args.rounds, calls=args.calls, warmup=args.warmup)
    print(json.dumps(samples))


if __name__ == "__main__":
    main()
