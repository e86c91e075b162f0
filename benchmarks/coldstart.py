"""One cold start: import a contender, build its client, make one call, exit.

``python -m benchmarks.coldstart NAME URL [PACKAGE_DIR]`` prints the peak
resident memory of this process in KiB. The orchestrator times the process
from spawn to exit. ``PACKAGE_DIR`` is the folder holding the generated
``cognito_idp`` package to import (``ours``: the committed one by default;
``service``: a freshly generated whole-service package).

Peak memory is read from ``VmHWM`` in ``/proc/self/status``: it covers this
program only. ``ru_maxrss`` (``getrusage``) would not do on Linux, because it
also counts the memory the parent had when it forked us.
"""

from __future__ import annotations

import sys


def peak_rss_kib() -> int:
    """High-water resident set size of this process, in KiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource  # noqa: PLC0415 -- only where /proc is missing

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak  # bytes on macOS


def main() -> None:
    name, url = sys.argv[1:3]
    package_dir = sys.argv[3] if len(sys.argv) > 3 else None
    from benchmarks.contenders import check, make  # noqa: PLC0415 -- inside the timing

    check(name, make(name, url, package_dir)())
    print(peak_rss_kib())


if __name__ == "__main__":
    main()
