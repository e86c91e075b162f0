"""Turn measurements into results: a text table, ``results.md``, ``.json`` and ``.svg``.

Every figure is set beside boto3's and the two floors' from the same run, and
every target is checked against the figures of that run: the verdicts are
computed here, never written by hand. The chart is plain SVG written by hand:
one group of horizontal bars per figure (each contender as a ratio to boto3),
the boto3 line at 1.0 and the targets that are ratios to boto3.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from html import escape
from pathlib import Path
from typing import Any

from benchmarks.contenders import LABELS

# Table columns, in order: every contender of any figure.
CONTENDERS = ("ours", "service", "boto3", "deps", "floor")
# key: (label, unit)
METRICS: dict[str, tuple[str, str]] = {
    "per_call_median": ("per-call latency, median", "µs"),
    "per_call_p99": ("per-call latency, p99", "µs"),
    "cold_start": ("cold start to first response, median", "ms"),
    "peak_rss": ("peak RSS of the cold-start process, median", "MiB"),
    "footprint": ("runtime install footprint", "MiB"),
}
TIMES = "\u00d7"  # the multiplication sign
DASH = "\u2013"  # an en dash, for a missing figure
KB = 1000  # the vendored-size target is in kB of 1000 bytes


def _ratio(value: float | None, reference: float | None) -> float | None:
    if value is None or not reference:
        return None
    return value / reference


def _difference(value: float | None, reference: float | None) -> float | None:
    if value is None or reference is None:
        return None
    return value - reference


# One target: (key, label, unit (TIMES, "MiB", "kB", "s"), is it a difference,
#              limit, source, how to compute the measured value from the results)
Target = tuple[str, str, str, bool, float, str, Callable[[Mapping[str, Any]], float | None]]


def _work_ratio(values: Mapping[str, Any], workload: str) -> float | None:
    figures = values["work"][workload]
    return _ratio(figures["ours"]["median"], figures["boto3"]["median"])


def _value(key: str, name: str) -> Callable[[Mapping[str, Any]], float | None]:
    def get(values: Mapping[str, Any]) -> float | None:
        value: float | None = values["figures"][key][name]
        return value

    return get


def _measured_ratio(key: str, name: str, reference: str) -> Callable[[Mapping[str, Any]], Any]:
    return lambda v: _ratio(_value(key, name)(v), _value(key, reference)(v))


def _measured_difference(key: str, name: str, reference: str) -> Callable[[Mapping[str, Any]], Any]:
    return lambda v: _difference(_value(key, name)(v), _value(key, reference)(v))


TARGETS: tuple[Target, ...] = (
    ("cold_start_vs_deps", "cold start, generated client ÷ dependency floor", TIMES, False,
     1.15, "issue", _measured_ratio("cold_start", "ours", "deps")),
    ("peak_rss_vs_deps", "peak RSS, generated client minus dependency floor", "MiB", True,
     3.0, "issue", _measured_difference("peak_rss", "ours", "deps")),
    ("service_cold_start", "cold start, whole-service client ÷ generated client", TIMES, False,
     1.25, "issue", _measured_ratio("cold_start", "service", "ours")),
    ("service_peak_rss", "peak RSS, whole-service client minus generated client", "MiB", True,
     6.0, "issue", _measured_difference("peak_rss", "service", "ours")),
    ("per_call_vs_boto3", "per-call median, generated client ÷ boto3", TIMES, False,
     0.5, "issue", _measured_ratio("per_call_median", "ours", "boto3")),
    ("vendored_no_cli", "vendored source of the generated client without its CLI", "kB", False,
     160.0, "issue", lambda v: v["sizes"]["committed"]["no_cli"]["bytes"] / KB),
    ("generate_service", "generate the whole service, with the CLI", "s", False,
     3.0, "issue", lambda v: v["generator"]["service_s"]),
    ("per_call_vs_floor", "per-call median, generated client ÷ http.client floor", TIMES, False,
     3.0, "earlier", _measured_ratio("per_call_median", "ours", "floor")),
    ("cold_start_vs_boto3", "cold start, generated client ÷ boto3", TIMES, False,
     0.4, "earlier", _measured_ratio("cold_start", "ours", "boto3")),
    ("peak_rss_vs_boto3", "peak RSS, generated client ÷ boto3", TIMES, False,
     0.6, "earlier", _measured_ratio("peak_rss", "ours", "boto3")),
    ("footprint_vs_boto3", "install footprint, generated client ÷ boto3", TIMES, False,
     0.2, "earlier", _measured_ratio("footprint", "ours", "boto3")),
    ("service_cold_start_no_bytecode",
     "cold start without bytecode, whole-service client ÷ generated client", TIMES, False,
     1.25, "issue", lambda v: _ratio(v["cold_no_bytecode"]["service"]["median_ms"],
                                     v["cold_no_bytecode"]["ours"]["median_ms"])),
    ("query_page_vs_boto3", "1 MB Query page, generated client ÷ boto3", TIMES, False,
     0.8, "issue", lambda v: _work_ratio(v, "query_page")),
    ("query_page_cpu_vs_boto3", "1 MB Query page, client CPU time, generated ÷ boto3", TIMES,
     False, 0.8, "issue", lambda v: _work_ratio(v, "query_page_cpu")),
    ("batch_write_vs_boto3", "1 MB BatchWriteItem, generated client ÷ boto3", TIMES, False,
     0.8, "issue", lambda v: _work_ratio(v, "batch_write")),
    ("batch_write_cpu_vs_boto3", "1 MB BatchWriteItem, client CPU time, generated ÷ boto3",
     TIMES, False, 0.8, "issue", lambda v: _work_ratio(v, "batch_write_cpu")),
    ("threads_vs_boto3", "16 threads GetItem throughput, generated client ÷ boto3", TIMES,
     False, 1.5, "issue", lambda v: _work_ratio(v, "threads")),
    ("list_tables_page_vs_boto3", "ListTables page through the paginator, generated ÷ boto3",
     TIMES, False, 0.6, "issue", lambda v: _work_ratio(v, "list_tables_page")),
)  # fmt: skip
# Targets that are a floor: the measured value must be at least the limit (throughput).
AT_LEAST = frozenset({"threads_vs_boto3"})
# Targets written under the chart.
CHART_NOTES = (
    "cold_start_vs_deps",
    "peak_rss_vs_deps",
    "service_cold_start",
    "service_peak_rss",
    "vendored_no_cli",
    "generate_service",
)
# Ratios to boto3 drawn as target lines in the chart.
BOTO3_TARGETS = {"per_call_median": 0.5, "cold_start": 0.4, "peak_rss": 0.6, "footprint": 0.2}


def build(
    *,
    machine: Mapping[str, object],
    settings: Mapping[str, object],
    warm: Mapping[str, Any],
    cold: Mapping[str, Any],
    cold_no_bytecode: Mapping[str, Any],
    work: Mapping[str, Any],
    footprint: Mapping[str, int] | None,
    codegen: Mapping[str, Any],
    sizes: Mapping[str, Any],
) -> dict[str, Any]:
    """The results document: raw summaries, figures, ratios, sizes and targets."""

    def row(source: Mapping[str, Any], field: str) -> dict[str, float | None]:
        return {n: (source[n][field] if n in source else None) for n in CONTENDERS}

    values: dict[str, dict[str, float | None]] = {
        "per_call_median": row(warm, "median_us"),
        "per_call_p99": row(warm, "p99_us"),
        "cold_start": row(cold, "median_ms"),
        "peak_rss": row(cold, "peak_rss_mib"),
        "footprint": {
            n: (footprint[n] / 2**20 if footprint is not None and n in footprint else None)
            for n in CONTENDERS
        },
    }
    figures = [
        {
            "key": key,
            "label": label,
            "unit": unit,
            "values": values[key],
            "ratio_to_boto3": {
                n: _ratio(values[key][n], values[key]["boto3"]) for n in CONTENDERS if n != "boto3"
            },
            "ratio_to_deps": _ratio(values[key]["ours"], values[key]["deps"]),
        }
        for key, (label, unit) in METRICS.items()
    ]
    results: dict[str, Any] = {
        "machine": dict(machine),
        "settings": dict(settings),
        "figures": figures,
        "sizes": {name: dict(size) for name, size in sizes.items()},
        "generator": {
            "committed_s": codegen["committed"]["median_s"],
            "service_s": codegen["service"]["median_s"],
        },
        "cold_no_bytecode": dict(cold_no_bytecode),
        "work": dict(work),
        "raw": {"warm": warm, "cold": cold, "footprint_bytes": footprint, "codegen": codegen},
    }
    lookup = {
        "figures": values,
        "sizes": results["sizes"],
        "generator": results["generator"],
        "cold_no_bytecode": cold_no_bytecode,
        "work": work,
    }
    targets = []
    for key, label, unit, difference, limit, source, measure in TARGETS:
        measured = measure(lookup)
        targets.append(
            {
                "key": key,
                "label": label,
                "unit": unit,
                "difference": difference,
                "limit": limit,
                "source": source,
                "measured": measured,
                "at_least": key in AT_LEAST,
                "met": None
                if measured is None
                else (measured >= limit if key in AT_LEAST else measured <= limit),
            }
        )
    results["targets"] = targets
    return results


# --- text and markdown ----------------------------------------------------------


def _number(value: float | None) -> str:
    if value is None:
        return DASH
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"


def _times(value: float | None) -> str:
    return DASH if value is None else f"{value:.3g}{TIMES}"


def _verdict(met: bool | None) -> str:
    return {True: "met", False: "NOT met", None: "not measured"}[met]


def _amount(value: float | None, unit: str, difference: bool) -> str:
    if value is None:
        return DASH
    if unit == TIMES:
        return f"{value:.3g}{TIMES}"
    sign = "+" if difference and value >= 0 else ""
    return f"{sign}{_number(value)} {unit}"


def _limit(target: Mapping[str, Any]) -> str:
    unit, limit = target["unit"], target["limit"]
    if unit == TIMES:
        return f"{'≥' if target.get('at_least') else '≤'} {limit:g}{TIMES}"
    return f"≤ {'+' if target['difference'] else ''}{limit:g} {unit}"


def target_rows(results: Mapping[str, Any]) -> list[list[str]]:
    """One row per target: label, measured, limit, verdict, source."""
    return [
        [
            t["label"],
            _amount(t["measured"], t["unit"], t["difference"]),
            _limit(t),
            _verdict(t["met"]),
            t["source"],
        ]
        for t in results["targets"]
    ]


def figure_rows(results: Mapping[str, Any]) -> list[list[str]]:
    rows = []
    for figure in results["figures"]:
        rows.append(
            [
                f"{figure['label']} ({figure['unit']})",
                *(_number(figure["values"][n]) for n in CONTENDERS),
                _times(figure["ratio_to_boto3"]["ours"]),
                _times(figure["ratio_to_deps"]),
            ]
        )
    return rows


def size_rows(results: Mapping[str, Any]) -> list[list[str]]:
    rows = []
    for name, label in (("committed", "generated client"), ("service", "whole-service client")):
        size = results["sizes"][name]
        rows.append(
            [
                label,
                *(
                    f"{size[part]['bytes'] / KB:,.1f} kB, {size[part]['lines']:,} lines"
                    for part in ("total", "no_cli", "cli")
                ),
            ]
        )
    return rows


# workload: (label, unit, whether more is better)
WORKLOADS: dict[str, tuple[str, str, bool]] = {
    "query_page": ("one Query page of 1,000 items (1 MB)", "ms", False),
    "batch_write": ("one BatchWriteItem of 1,000 items (1 MB)", "ms", False),
    "threads": ("16 threads sharing a client, GetItem", "calls/s", True),
    "list_tables_page": ("one ListTables page through the paginator", "µs", False),
}
WORK_TARGETS = {
    "query_page": "query_page_vs_boto3",
    "batch_write": "batch_write_vs_boto3",
    "threads": "threads_vs_boto3",
    "list_tables_page": "list_tables_page_vs_boto3",
}


def work_rows(results: Mapping[str, Any]) -> list[list[str]]:
    """One row per workload: ours, boto3, the ratio and its target."""
    targets = {t["key"]: t for t in results["targets"]}
    rows = []
    for workload, (label, unit, _) in WORKLOADS.items():
        figures = results["work"][workload]
        target = targets[WORK_TARGETS[workload]]
        cpu = results["work"].get(f"{workload}_cpu")
        rows.append(
            [
                f"{label} ({unit})",
                _number(figures["ours"]["median"]),
                _number(figures["boto3"]["median"]),
                _times(target["measured"]),
                DASH if cpu is None else _times(_work_ratio(results, f"{workload}_cpu")),
                f"{_limit(target)}, {_verdict(target['met'])}",
            ]
        )
    return rows


def bytecode_rows(results: Mapping[str, Any]) -> list[list[str]]:
    """Cold start with and without bytecode, the generated and the whole-service client."""
    rows = []
    for label, source in (
        ("with bytecode", results["raw"]["cold"]),
        ("without bytecode", results["cold_no_bytecode"]),
    ):
        ours, service = source["ours"]["median_ms"], source["service"]["median_ms"]
        rows.append([label, _number(ours), _number(service), _times(_ratio(service, ours))])
    return rows


WORK_HEADER = [
    "work (median wall time)",
    "generated client",
    "boto3",
    "ours ÷ boto3",
    "CPU time, ours ÷ boto3",
    "target",
]
BYTECODE_HEADER = ["cold start (ms)", "generated client", "whole-service client", "whole ÷ one"]
TARGET_HEADER = ["target", "measured", "limit", "verdict", "from"]
FIGURE_HEADER = ["figure", *(LABELS[n] for n in CONTENDERS), "ours ÷ boto3", "ours ÷ dep. floor"]
SIZE_HEADER = ["package (*.py)", "with the CLI", "without the CLI", "the CLI"]


def _text(header: list[str], rows: list[list[str]]) -> list[str]:
    rows = [header, *rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in
                 enumerate(zip(row, widths, strict=True))]  # fmt: skip
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def generator_line(results: Mapping[str, Any]) -> str:
    generator = results["generator"]
    return (
        f"Generator (with the CLI): the committed operations in {generator['committed_s']:.2f} s, "
        f"the whole service in {generator['service_s']:.2f} s."
    )


def table(results: Mapping[str, Any]) -> str:
    """Plain-text tables for the terminal: targets, figures, sizes."""
    return "\n".join(
        [
            *_text(TARGET_HEADER, target_rows(results)),
            "",
            *_text(FIGURE_HEADER, figure_rows(results)),
            "",
            *_text(WORK_HEADER, work_rows(results)),
            "",
            *_text(BYTECODE_HEADER, bytecode_rows(results)),
            "",
            *_text(SIZE_HEADER, size_rows(results)),
            "",
            generator_line(results),
        ]
    )


def _markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    align = ["---", *["---:"] * (len(header) - 1)]
    return [
        "| " + " | ".join(header) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def _machine_line(results: Mapping[str, Any]) -> str:
    m = results["machine"]
    return (
        f"{m['implementation']} {m['python']} on {m['platform']} ({m['machine']}), "
        f"{m['cpu_count']} cores"
    )


def _settings_line(results: Mapping[str, Any]) -> str:
    s = results["settings"]
    calls = s["rounds"] * s["calls_per_round"]
    quick = " **Quick run: small counts, not for quoting.**" if s["quick"] else ""
    load = s.get("load_average")
    load_text = (
        f" Load average (1, 5, 15 min) {', '.join(map(str, load['start']))} at the start, "
        f"{', '.join(map(str, load['end']))} at the end, on {results['machine']['cpu_count']} "
        "cores."
        if load
        else ""
    )
    return (
        f"Per-call: {calls} timed calls per contender ({s['rounds']} rounds {TIMES} "
        f"{s['calls_per_round']}, order rotated each round) after {s['warmup_calls']} warm-up "
        f"calls. Cold start: {s['cold_runs']} interleaved runs each. Work: {s['rounds']} rounds. "
        f"Generator: median of {s['codegen_runs']} runs. The whole run took "
        f"{s.get('seconds', DASH)} s.{load_text}{quick}"
    )


def markdown(results: Mapping[str, Any]) -> str:
    """``results.md``: the targets, the figures, the sizes, the machine and the chart."""
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {_machine_line(results)}.",
        "",
        _settings_line(results),
        "",
        "## Targets",
        "",
        "Each verdict is computed from this run's figures. *issue*: the targets of the "
        "benchmark issue; *earlier*: targets of earlier versions of docs/BENCHMARKS.md.",
        "",
        *_markdown_table(TARGET_HEADER, target_rows(results)),
        "",
        "## Figures",
        "",
        "Generated client: the committed `generated/cognito_idp`. Whole-service client: every "
        "operation and the CLI, generated by this run (cold start only). Dependency floor: "
        "`requests`, `attrs` and `aws_requests_auth` imported and one SigV4-signed `requests` "
        "call. http.client floor: the same call signed by hand over `http.client`.",
        "",
        *_markdown_table(FIGURE_HEADER, figure_rows(results)),
        "",
        "## The work growing",
        "",
        "A DynamoDB client generated by this run for Query, GetItem, ListTables and "
        "BatchWriteItem beside boto3's, against the same local server (its own process), "
        "taking turns every round (`benchmarks/work.py`). Times are whole calls: sending, "
        "reading, decoding, and parsing into typed models (ours) or dicts (boto3); the CPU "
        "time is the client process's own, which the other processes of a shared machine "
        "do not inflate as they do the wall clock. Threads: both clients keep 16 pooled "
        "connections (`max_pool_connections=16`).",
        "",
        *_markdown_table(WORK_HEADER, work_rows(results)),
        "",
        "## Cold start without bytecode",
        "",
        "A vendored copy on a read-only file system (a Lambda zip without `.pyc`) compiles "
        "the package at every start; the dependencies keep their bytecode. Ship the bytecode "
        "(`python -m compileall` in the build step) to start as fast as the first row.",
        "",
        *_markdown_table(BYTECODE_HEADER, bytecode_rows(results)),
        "",
        "## Vendored size",
        "",
        "Every `*.py` of the package folder (`__pycache__` excluded); the CLI is `cli/` and "
        "`__main__.py`, or `cli.py`, `_cli.py` and `__main__.py` in a flat layout. "
        "1 kB = 1000 bytes.",
        "",
        *_markdown_table(SIZE_HEADER, size_rows(results)),
        "",
        generator_line(results),
        "",
        "Packages: "
        + ", ".join(f"{name} {version}" for name, version in results["machine"]["packages"].items())
        + ".",
        "",
        "![Ratios to boto3](results.svg)",
        "",
    ]
    return "\n".join(lines)


# --- SVG ------------------------------------------------------------------------

_WIDTH = 760
_LEFT = 250  # room for the figure labels
_RIGHT = 70
_BAR = 14
_GAP = 3
_GROUP_GAP = 22
_TOP = 62
_TARGET_COLOR = "#c53030"
_COLORS = {"ours": "#2b6cb0", "service": "#63b3ed", "deps": "#718096", "floor": "#cbd5e0"}
_BARS = tuple(n for n in CONTENDERS if n != "boto3")


class _Scale:
    """Maps a ratio to an x coordinate of the plot area."""

    def __init__(self, largest: float) -> None:
        self.top = max(1.0, largest) * 1.1
        self.width = _WIDTH - _LEFT - _RIGHT

    def __call__(self, ratio: float) -> float:
        return _LEFT + self.width * ratio / self.top


def _legend() -> list[str]:
    out = []
    x = 10
    for name in _BARS:
        out.append(
            f'<rect x="{x}" y="30" width="12" height="10" fill="{_COLORS[name]}"/>'
            f'<text x="{x + 16}" y="39">{escape(LABELS[name])}</text>'
        )
        x += 24 + 7 * len(LABELS[name])
    out.append(
        f'<line x1="{x}" y1="35" x2="{x + 20}" y2="35" '
        f'stroke="{_TARGET_COLOR}" stroke-width="2" stroke-dasharray="4,2"/>'
        f'<text x="{x + 24}" y="39">target</text>'
    )
    return out


def _grid(x: _Scale, bottom: float) -> list[str]:
    """Light vertical lines every 0.25, labelled under the plot, and the boto3 line."""
    out = []
    for step in range(int(x.top / 0.25) + 1):
        ratio = step * 0.25
        if ratio == 1.0:
            continue
        out.append(
            f'<line x1="{x(ratio):.1f}" y1="{_TOP - 8}" x2="{x(ratio):.1f}" y2="{bottom}" '
            'stroke="#e2e8f0"/>'
            f'<text x="{x(ratio):.1f}" y="{bottom + 14}" text-anchor="middle" '
            f'fill="#718096" font-size="10">{ratio:g}</text>'
        )
    out.append(
        f'<line x1="{x(1.0):.1f}" y1="{_TOP - 8}" x2="{x(1.0):.1f}" y2="{bottom}" '
        'stroke="black" stroke-width="1.5"/>'
        f'<text x="{x(1.0):.1f}" y="{bottom + 14}" text-anchor="middle">boto3 = 1.0</text>'
    )
    return out


def _bars(figure: Mapping[str, Any]) -> list[tuple[str, float]]:
    return [(n, r) for n in _BARS if (r := figure["ratio_to_boto3"][n]) is not None]


def _group(x: _Scale, y: float, figure: Mapping[str, Any]) -> tuple[list[str], float]:
    """One figure: its label, a bar per contender and its target line; and its height."""
    bars = _bars(figure)
    height = len(bars) * (_BAR + _GAP) - _GAP
    out = [
        f'<text x="{_LEFT - 8}" y="{y + height / 2 + 4}" text-anchor="end">'
        f"{escape(figure['label'])}</text>"
    ]
    for offset, (name, ratio) in enumerate(bars):
        top = y + offset * (_BAR + _GAP)
        out.append(
            f'<rect x="{_LEFT}" y="{top}" width="{max(x(ratio) - _LEFT, 1):.1f}" '
            f'height="{_BAR}" fill="{_COLORS[name]}"/>'
            f'<text x="{x(ratio) + 4:.1f}" y="{top + _BAR - 3}" font-size="11">'
            f"{ratio:.2f}{TIMES}</text>"
        )
    target = BOTO3_TARGETS.get(figure["key"])
    if target is not None:
        out.append(
            f'<line x1="{x(target):.1f}" y1="{y - 4}" x2="{x(target):.1f}" '
            f'y2="{y + height + 4}" stroke="{_TARGET_COLOR}" stroke-width="2" '
            'stroke-dasharray="4,2"/>'
            f'<text x="{x(target) + 3:.1f}" y="{y - 6}" fill="{_TARGET_COLOR}" '
            f'font-size="10">\u2264 {target:g}{TIMES}</text>'
        )
    return out, height


def svg(results: Mapping[str, Any]) -> str:
    """A horizontal bar chart of the ratios to boto3, with the 1.0 line and the targets."""
    figures = [f for f in results["figures"] if f["ratio_to_boto3"]["ours"] is not None]
    x = _Scale(
        max(
            [r for f in figures for _, r in _bars(f)]
            + [BOTO3_TARGETS[f["key"]] for f in figures if f["key"] in BOTO3_TARGETS]
        )
    )
    heights = [len(_bars(f)) * (_BAR + _GAP) - _GAP for f in figures]
    bottom = _TOP + sum(heights) + _GROUP_GAP * (len(figures) - 1) + 8
    targets = {t["key"]: t for t in results["targets"]}
    notes = []
    for key in CHART_NOTES:
        t = targets[key]
        notes.append(
            f"{t['label']}: {_amount(t['measured'], t['unit'], t['difference'])} "
            f"(target {_limit(t)}, {_verdict(t['met'])})"
        )
    notes.append(_machine_line(results) + ".")
    height = bottom + 34 + 16 * len(notes)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" '
        f'viewBox="0 0 {_WIDTH} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{_WIDTH}" height="{height}" fill="white"/>',
        '<text x="10" y="20" font-size="15" font-weight="bold">'
        "Ratio to boto3, same run (lower is better)</text>",
        *_legend(),
        *_grid(x, bottom),
    ]
    y = float(_TOP)
    for figure in figures:
        group, group_height = _group(x, y, figure)
        out += group
        y += group_height + _GROUP_GAP
    for index, note in enumerate(notes):
        out.append(
            f'<text x="10" y="{bottom + 38 + 16 * index}" fill="#4a5568">{escape(note)}</text>'
        )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write(results: Mapping[str, Any], folder: Path) -> None:
    """Write ``results.md``, ``results.json`` and ``results.svg`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    (folder / "results.md").write_text(markdown(results))
    (folder / "results.svg").write_text(svg(results))
