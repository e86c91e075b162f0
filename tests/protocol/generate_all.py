"""Generate the client of every distinct protocol-vector model into a folder: ``python -m
tests.protocol.generate_all OUT``. ``nox -s protocol_typecheck`` type-checks the result."""

from __future__ import annotations

import sys
from pathlib import Path

from tests.protocol.cases import PackageCache, load_cases
from tests.protocol.test_json_protocol import SKIPPED


def main(out: Path) -> None:
    packages = PackageCache(out)
    for case in load_cases():
        if case.id not in SKIPPED:  # an event-stream-only model has no client to generate
            packages.get(case)
    names = sorted(path.name for path in out.iterdir() if path.name.startswith("protocol_"))
    (out / "packages.txt").write_text("\n".join(names) + "\n")
    print(f"generated {len(names)} packages into {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
