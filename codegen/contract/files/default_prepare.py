"""The state the emulator cases need: yours to extend; the generator never overwrites this file.

``CASES`` are recorded from moto's server (and with ``--live`` from AWS),
after ``prepare`` made the state they need: a parameter written
``"{name}"`` is replaced by the value ``prepare`` returns for ``name``.
Make state with ``env.botocore_client()``; register clean-up with
``env.cleanup.callback(...)``: it runs whatever happens (a live recording
must leave nothing behind).
"""

from __future__ import annotations

from collections.abc import Mapping

from ._contract import Case, Environment

CASES: tuple[Case, ...] = ()


def prepare(env: Environment) -> Mapping[str, str]:
    return {}
