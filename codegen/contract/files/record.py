"""Record this suite's cassettes: the fault server and moto's server, or ``--live`` against AWS.

python -m <this package>.record                       # every case
python -m <this package>.record --operation NAME      # one operation's cases (repeatable)
python -m <this package>.record --case OP/NAME        # one case (repeatable)
python -m <this package>.record --live                # the emulator cases against AWS
"""

from __future__ import annotations

import sys

from ._contract import record_main
from .suite import SUITE

if __name__ == "__main__":
    sys.exit(record_main(SUITE))
