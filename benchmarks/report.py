"""Turn measurements into results: a text table, ``results.md``, ``.json`` and ``.svg``.

Every figure is set beside boto3's from the same run, as a ratio, and checked
against its target. The chart is plain SVG written by hand: one group of
horizontal bars per figure (the generated client and the floor, as ratios to
boto3), the boto3 line at 1.0 and each figure's target.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from html import escape
from pathlib import Path
from typing import Any

from benchmarks.contenders import LABELS, NAMES

# key: (label, unit, target ratio to boto3 or None)
METRICS: dict[str, tuple[str, str, float | None]] = {
    "per_call_median": ("per-call latency, median", "µs", 0.5),
    "per_call_p99": ("per-call latency, p99", "µs", None),
    "cold_start": ("cold start to first response, median", "ms", 0.4),
    "peak_rss": ("peak RSS of the cold-start process", "MiB", 0.6),
    "footprint": ("runtime install footprint", "MiB", 0.2),
}
TIMES = "\u00d7"  # the multiplication sign
DASH = "\u2013"  # an en dash, for a missing figure
FLOOR_TARGET = 3.0  # per-call median within 3x of the floor
GENERATE_SERVICE_TARGET_S = 3.0


def _ratio(value: float | None, reference: float | None) -> float | None:
    if value is None or not reference:
        return None
    return value / reference


def build(
    *,
    machine: Mapping[str, object],
    settings: Mapping[str, object],
    warm: Mapping[str, Any],
    cold: Mapping[str, Any],
    footprint: Mapping[str, int] | None,
    codegen: Mapping[str, Any],
) -> dict[str, Any]:
    """The results document: raw summaries, figures, ratios and targets."""
    values: dict[str, dict[str, float | None]] = {
        "per_call_median": {n: warm[n]["median_us"] for n in NAMES},
        "per_call_p99": {n: warm[n]["p99_us"] for n in NAMES},
        "cold_start": {n: cold[n]["median_ms"] for n in NAMES},
        "peak_rss": {n: cold[n]["peak_rss_mib"] for n in NAMES},
        "footprint": {n: (footprint[n] / 2**20 if footprint is not None else None) for n in NAMES},
    }
    figures = []
    for key, (label, unit, target) in METRICS.items():
        row = values[key]
        ratios = {n: _ratio(row[n], row["boto3"]) for n in ("ours", "floor")}
        ours = ratios["ours"]
        figures.append(
            {
                "key": key,
                "label": label,
                "unit": unit,
                "values": row,
                "ratio_to_boto3": ratios,
                "target_ratio": target,
                "met": None if target is None or ours is None else ours <= target,
            }
        )
    vs_floor = _ratio(values["per_call_median"]["ours"], values["per_call_median"]["floor"])
    service_s = codegen["service"]["median_s"]
    return {
        "machine": dict(machine),
        "settings": dict(settings),
        "figures": figures,
        "per_call_median_vs_floor": {
            "ratio": vs_floor,
            "target_ratio": FLOOR_TARGET,
            "met": vs_floor is not None and vs_floor <= FLOOR_TARGET,
        },
        "generator": {
            "committed_s": codegen["committed"]["median_s"],
            "service_s": service_s,
            "target_service_s": GENERATE_SERVICE_TARGET_S,
            "met": service_s <= GENERATE_SERVICE_TARGET_S,
        },
        "raw": {"warm": warm, "cold": cold, "footprint_bytes": footprint, "codegen": codegen},
    }


# --- text and markdown ----------------------------------------------------------


def _number(value: float | None) -> str:
    if value is None:
        return DASH
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if value >= 10 else f"{value:.2f}"


def _times(value: float | None) -> str:
    return DASH if value is None else f"{value:.3g}{TIMES}"


def _verdict(met: bool | None) -> str:
    return {True: "met", False: "NOT met", None: ""}[met]


def _rows(results: Mapping[str, Any]) -> list[list[str]]:
    rows = []
    for figure in results["figures"]:
        target = figure["target_ratio"]
        rows.append(
            [
                f"{figure['label']} ({figure['unit']})",
                *(_number(figure["values"][n]) for n in NAMES),
                _times(figure["ratio_to_boto3"]["ours"]),
                _times(figure["ratio_to_boto3"]["floor"]),
                f"≤ {target}{TIMES}" if target is not None else "",
                _verdict(figure["met"]),
            ]
        )
    floor = results["per_call_median_vs_floor"]
    rows.append(
        ["per-call median, generated ÷ floor", "", "", "", _times(floor["ratio"]), "",
         f"≤ {floor['target_ratio']:.0f}{TIMES} floor", _verdict(floor["met"])]
    )  # fmt: skip
    generator = results["generator"]
    rows.append(
        ["generate the committed client (s)", _number(generator["committed_s"]),
         "", "", "", "", "", ""]
    )  # fmt: skip
    rows.append(
        ["generate the whole service (s)", _number(generator["service_s"]), "", "", "", "",
         f"≤ {generator['target_service_s']:.0f} s", _verdict(generator["met"])]
    )  # fmt: skip
    return rows


HEADER = ["figure", *NAMES, "ours ÷ boto3", "floor ÷ boto3", "target", ""]


def table(results: Mapping[str, Any]) -> str:
    """A plain-text table for the terminal."""
    rows = [HEADER, *_rows(results)]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    lines = []
    for index, row in enumerate(rows):
        cells = [cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in
                 enumerate(zip(row, widths, strict=True))]  # fmt: skip
        lines.append("  ".join(cells).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _machine_line(results: Mapping[str, Any]) -> str:
    m = results["machine"]
    return (
        f"{m['implementation']} {m['python']} on {m['platform']} ({m['machine']}), "
        f"{m['cpu_count']} cores"
    )


def _settings_line(results: Mapping[str, Any]) -> str:
    s = results["settings"]
    calls = s["rounds"] * s["calls_per_round"]
    quick = " **Quick run: tiny counts, not for quoting.**" if s["quick"] else ""
    return (
        f"Per-call: {calls} timed calls per contender ({s['rounds']} rounds {TIMES} "
        f"{s['calls_per_round']}, order rotated each round) after {s['warmup_calls']} warm-up "
        f"calls. Cold start: {s['cold_runs']} interleaved runs each. Generator: median of "
        f"{s['codegen_runs']} runs.{quick}"
    )


def markdown(results: Mapping[str, Any]) -> str:
    """``results.md``: the table, the machine and the chart."""
    columns = ["figure", *(LABELS[n] for n in NAMES), "ours ÷ boto3", "floor ÷ boto3",
               "target", "verdict"]  # fmt: skip
    align = ["---", *["---:"] * (len(columns) - 1)]
    lines = [
        "# Benchmark results",
        "",
        f"Machine: {_machine_line(results)}.",
        "",
        _settings_line(results),
        "",
        "| " + " | ".join(columns) + " |",
        "| " + " | ".join(align) + " |",
        *("| " + " | ".join(row) + " |" for row in _rows(results)),
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
_BAR = 16
_GAP = 4
_GROUP = 2 * _BAR + _GAP
_GROUP_GAP = 22
_TOP = 62
_TARGET_COLOR = "#c53030"
_COLORS = {"ours": "#2b6cb0", "floor": "#a0aec0"}


class _Scale:
    """Maps a ratio to an x coordinate of the plot area."""

    def __init__(self, largest: float) -> None:
        self.top = max(1.0, largest) * 1.1
        self.width = _WIDTH - _LEFT - _RIGHT

    def __call__(self, ratio: float) -> float:
        return _LEFT + self.width * ratio / self.top


def _legend() -> list[str]:
    return [
        f'<rect x="{_LEFT}" y="30" width="12" height="10" fill="{_COLORS["ours"]}"/>',
        f'<text x="{_LEFT + 16}" y="39">generated client</text>',
        f'<rect x="{_LEFT + 130}" y="30" width="12" height="10" fill="{_COLORS["floor"]}"/>',
        f'<text x="{_LEFT + 146}" y="39">http.client + hmac floor</text>',
        f'<line x1="{_LEFT + 310}" y1="35" x2="{_LEFT + 330}" y2="35" '
        f'stroke="{_TARGET_COLOR}" stroke-width="2" stroke-dasharray="4,2"/>',
        f'<text x="{_LEFT + 334}" y="39">target</text>',
    ]


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


def _group(x: _Scale, y: float, figure: Mapping[str, Any]) -> list[str]:
    """One figure: its label, a bar per contender and its target line."""
    out = [
        f'<text x="{_LEFT - 8}" y="{y + _GROUP / 2 + 4}" text-anchor="end">'
        f"{escape(figure['label'])}</text>"
    ]
    for offset, name in enumerate(("ours", "floor")):
        ratio = figure["ratio_to_boto3"][name] or 0.0
        top = y + offset * (_BAR + _GAP)
        out.append(
            f'<rect x="{_LEFT}" y="{top}" width="{max(x(ratio) - _LEFT, 1):.1f}" '
            f'height="{_BAR}" fill="{_COLORS[name]}"/>'
            f'<text x="{x(ratio) + 4:.1f}" y="{top + _BAR - 4}">{ratio:.2f}{TIMES}</text>'
        )
    target = figure["target_ratio"]
    if target is not None:
        out.append(
            f'<line x1="{x(target):.1f}" y1="{y - 4}" x2="{x(target):.1f}" '
            f'y2="{y + _GROUP + 4}" stroke="{_TARGET_COLOR}" stroke-width="2" '
            'stroke-dasharray="4,2"/>'
            f'<text x="{x(target) + 3:.1f}" y="{y - 6}" fill="{_TARGET_COLOR}" '
            f'font-size="10">\u2264 {target:g}{TIMES}</text>'
        )
    return out


def svg(results: Mapping[str, Any]) -> str:
    """A horizontal bar chart of the ratios to boto3, with the 1.0 line and the targets."""
    figures = [f for f in results["figures"] if f["ratio_to_boto3"]["ours"] is not None]
    x = _Scale(
        max(
            [r for f in figures for r in f["ratio_to_boto3"].values() if r is not None]
            + [f["target_ratio"] for f in figures if f["target_ratio"] is not None]
        )
    )
    bottom = _TOP + len(figures) * (_GROUP + _GROUP_GAP) - _GROUP_GAP + 8
    height = bottom + 64
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{height}" '
        f'viewBox="0 0 {_WIDTH} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{_WIDTH}" height="{height}" fill="white"/>',
        '<text x="10" y="20" font-size="15" font-weight="bold">'
        "Ratio to boto3, same run (lower is better)</text>",
        *_legend(),
        *_grid(x, bottom),
    ]
    for index, figure in enumerate(figures):
        out += _group(x, _TOP + index * (_GROUP + _GROUP_GAP), figure)
    generator = results["generator"]
    floor = results["per_call_median_vs_floor"]
    notes = [
        f"Per-call median is {floor['ratio']:.2f}{TIMES} the floor (target \u2264 3{TIMES}); "
        f"generating the whole service takes {generator['service_s']:.2f} s "
        "(target \u2264 3 s).",
        escape(_machine_line(results)) + ".",
    ]
    for index, note in enumerate(notes):
        out.append(f'<text x="10" y="{height - 26 + 16 * index}" fill="#4a5568">{note}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def write(results: Mapping[str, Any], folder: Path) -> None:
    """Write ``results.md``, ``results.json`` and ``results.svg`` into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "results.json").write_text(json.dumps(results, indent=2, sort_keys=True) + "\n")
    (folder / "results.md").write_text(markdown(results))
    (folder / "results.svg").write_text(svg(results))
