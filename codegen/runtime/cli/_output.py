"""The response as the AWS CLI prints it: ``--output json``, ``text``, ``table``, ``yaml``
or ``yaml-stream``, after ``--query`` selected from it."""

from __future__ import annotations

import base64
import datetime
import json
import shutil
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import TextIO, cast

from ._query import Query
from ._yaml import dump_yaml, require_pyyaml

OUTPUT_FORMATS = ("json", "text", "table", "yaml", "yaml-stream")


def check_output_format(output: str) -> None:
    """Before the call: raise MissingDependencyError if ``output`` needs a missing package."""
    if output in ("yaml", "yaml-stream"):
        require_pyyaml(f"--output {output}")


def print_response(
    data: Mapping[str, object],
    output: str,
    title: str,
    stream: TextIO,
    query: Query | None = None,
) -> None:
    """``data`` (a response in boto3's dict shape) in the ``output`` format, under ``title``.

    ``query`` (``--query``) selects what is printed, as in the AWS CLI.
    """
    printable = _printable(data)
    if query is not None:
        printable = query.search(printable)
    if output == "text":
        _format_text(printable, stream)
    elif output == "table":
        _format_table(printable, stream, title)
    elif output == "yaml":
        if printable != {}:
            dump_yaml(printable, stream, "--output yaml")
    elif output == "yaml-stream":
        # One list item per page; a call that is not paginated is one page.
        dump_yaml([printable], stream, "--output yaml-stream")
    else:
        _format_json(printable, stream)


def _printable(value: object) -> object:
    """Datetimes as the AWS CLI prints them (ISO 8601, local time), bytes as base64."""
    if isinstance(value, datetime.datetime):
        return value.astimezone().isoformat()
    if isinstance(value, bytes | bytearray):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Mapping):
        entries = cast("Mapping[str, object]", value)
        return {k: _printable(v) for k, v in entries.items()}
    if isinstance(value, list | tuple):
        return [_printable(v) for v in cast("Sequence[object]", value)]
    return value


def _format_json(data: object, stream: TextIO) -> None:
    if data != {}:
        stream.write(json.dumps(data, indent=4, ensure_ascii=False) + "\n")


def _format_text(data: object, stream: TextIO) -> None:
    _TextFormatter(stream).item(data)


class _TextFormatter:
    """The AWS CLI's ``--output text``: tab-separated scalars, one line per object.

    Nested objects and lists follow on lines of their own, prefixed with their
    key in upper case.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def item(
        self, value: object, identifier: str | None = None, keys: list[str] | None = None
    ) -> None:
        if isinstance(value, dict):
            self._mapping(cast("dict[str, object]", value), identifier, keys)
        elif isinstance(value, list):
            self._list(cast("list[object]", value), identifier)
        else:
            self._stream.write(f"{value}\n")

    def _list(self, items: list[object], identifier: str | None) -> None:
        if not items:
            return
        if any(isinstance(item, dict) for item in items):
            keys, _ = _split_scalars(_mappings(items))
            for item in items:
                self.item(item, identifier, keys)
        elif any(isinstance(item, list) for item in items):
            scalars = [item for item in items if not _is_nested(item)]
            if scalars:
                self._scalars(scalars, identifier)
            for item in items:
                if _is_nested(item):
                    self.item(item, identifier)
        else:
            self._scalars(items, identifier)

    def _scalars(self, items: list[object], identifier: str | None) -> None:
        if identifier is None:
            self._stream.write("\t".join(str(item) for item in items) + "\n")
        else:
            for item in items:
                self._stream.write(f"{identifier.upper()}\t{item}\n")

    def _mapping(
        self, value: dict[str, object], identifier: str | None, keys: list[str] | None
    ) -> None:
        nested: list[tuple[str, object]]
        if keys is None:
            scalars = [str(v) for _, v in sorted(value.items()) if not _is_nested(v)]
            nested = [(k, v) for k, v in sorted(value.items()) if _is_nested(v)]
        else:
            scalars = [str(value.get(key, "")) for key in keys]
            nested = [(k, value[k]) for k in sorted(set(value) - set(keys))]
        if scalars:
            prefix = [identifier.upper()] if identifier is not None else []
            self._stream.write("\t".join(prefix + scalars) + "\n")
        for key, item in nested:
            self.item(item, key)


def _display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: wide East Asian characters take two."""
    return sum(2 if unicodedata.east_asian_width(char) in "WFA" else 1 for char in text)


class _Section:
    """One titled block of a table: optional column headers and rows."""

    def __init__(self, title: str, indent_level: int = 0) -> None:
        self.title = title
        self.indent_level = indent_level
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self._widths: list[int] = []

    def add_header(self, headers: list[str]) -> None:
        self.headers = headers
        self._measure(headers)

    def add_row(self, row: Sequence[object]) -> None:
        cells = [str(cell) for cell in row]
        self.rows.append(cells)
        self._measure(cells)

    def _measure(self, cells: list[str]) -> None:
        widths = [_display_width(cell) for cell in cells]
        if not self._widths:
            self._widths = widths
        else:
            self._widths = [max(a, b) for a, b in zip(self._widths, widths, strict=False)]

    def column_widths(self, padding: int = 0, total: int | None = None) -> list[int]:
        """Widths of the columns, scaled to add up to ``total`` when it is given."""
        widths = [w + padding for w in self._widths]
        if total is None or not widths:
            return widths
        scale = total / float(sum(widths))
        scaled = [round(scale * w) for w in widths]
        off_by = sum(scaled) - total
        while off_by != 0:
            order = range(len(scaled)) if off_by > 0 else reversed(range(len(scaled)))
            for i in order:
                step = 1 if off_by > 0 else -1
                scaled[i] -= step
                off_by -= step
                if off_by == 0:
                    break
        return scaled

    def total_width(self) -> int:
        """Columns this section needs, borders and indentation included."""
        outer = self.indent_level * 2
        columns = sum(w + 4 for w in self.column_widths()) + 2 + outer
        return max(_display_width(self.title) + 2 + outer, columns)


class _Table:
    """The AWS CLI's ``--output table``: nested sections framed with ``|``, ``-`` and ``+``."""

    def __init__(self) -> None:
        self.sections: list[_Section] = []

    def new_section(self, title: str, indent_level: int = 0) -> None:
        self.sections.append(_Section(title, indent_level))

    def build(self, title: str | None, value: object, indent_level: int = 0) -> bool:
        if not value:
            return False
        if title is not None:
            self.new_section(title, indent_level)
        if isinstance(value, list):
            self._list(cast("list[object]", value), title, indent_level)
        elif isinstance(value, dict):
            self._mapping(cast("dict[str, object]", value), indent_level)
        return True

    def _list(self, items: list[object], title: str | None, indent_level: int) -> None:
        if isinstance(items[0], dict):
            self._list_of_mappings(cast("list[dict[str, object]]", items), title, indent_level)
            return
        for item in items:
            if not _is_nested(item):
                self.sections[-1].add_row([item])
            elif _is_row(item):
                self.sections[-1].add_row(cast("list[object]", item))
            else:
                self.build(None, item)

    def _mapping(self, value: dict[str, object], indent_level: int) -> None:
        headers, nested = _split_scalars([value])
        if len(headers) == 1:
            self.sections[-1].add_row([headers[0], value[headers[0]]])
        elif headers:
            self.sections[-1].add_header(headers)
            self.sections[-1].add_row([value[k] for k in headers])
        for key in nested:
            self.build(key, value[key], indent_level + 1)

    def _list_of_mappings(
        self, items: list[dict[str, object]], title: str | None, indent_level: int
    ) -> None:
        headers, nested = _split_scalars(items)
        self.sections[-1].add_header(headers)
        for i, item in enumerate(items):
            if i and nested:
                self.new_section(title or "", indent_level)
                self.sections[-1].add_header(headers)
            self.sections[-1].add_row([item.get(h, "") for h in headers])
            for key in nested:
                if key in item:
                    self.build(key, item[key], indent_level + 1)

    def render(self, stream: TextIO, terminal_width: int) -> None:
        width = max(s.total_width() for s in self.sections)
        if width > terminal_width:
            self._one_row_sections_to_columns()
            width = max(s.total_width() for s in self.sections)
        stream.write("-" * width + "\n")
        for section in self.sections:
            _render_section(section, width, stream)

    def _one_row_sections_to_columns(self) -> None:
        """Too wide: show single-row sections as header/value pairs instead."""
        for i, section in enumerate(self.sections):
            if len(section.rows) == 1 and section.headers:
                vertical = _Section(section.title, section.indent_level)
                for header, cell in zip(section.headers, section.rows[0], strict=False):
                    vertical.add_row([header, cell])
                self.sections[i] = vertical


def _is_nested(value: object) -> bool:
    """Whether a response value is an object or a list (not a scalar)."""
    return isinstance(value, dict | list)


def _is_row(value: object) -> bool:
    """Whether a response value is a list of scalars: one table row."""
    return isinstance(value, list) and not any(map(_is_nested, cast("list[object]", value)))


def _mappings(items: list[object]) -> list[dict[str, object]]:
    return [cast("dict[str, object]", item) for item in items if isinstance(item, dict)]


def _split_scalars(items: list[dict[str, object]]) -> tuple[list[str], list[str]]:
    """The keys holding scalars and the keys holding lists or objects, each sorted."""
    scalars = {k for item in items for k, v in item.items() if not _is_nested(v)}
    nested = {k for item in items for k, v in item.items() if _is_nested(v)}
    return sorted(scalars), sorted(nested)


def _render_section(section: _Section, width: int, stream: TextIO) -> None:
    """A section's lines, framed by one ``|`` per indentation level on each side."""
    edge = "|" * section.indent_level
    inner = width - 2 * section.indent_level
    lines: list[str] = []
    if section.title:
        lines.append(_center(section.title, inner, "|", "|"))
        if not section.headers and not section.rows:
            lines.append("+" + "-" * (inner - 2) + "+")
    widths = section.column_widths(padding=4, total=inner)
    if section.headers:
        lines += [_rule(widths), _cells(section.headers, widths, _center)]
    if section.rows:
        lines.append(_rule(widths))
        lines += [_cells(row, widths, _left) for row in section.rows]
        lines.append(_rule(widths))
    stream.writelines(f"{edge}{line}{edge}\n" for line in lines)


def _cells(cells: list[str], widths: list[int], align: Callable[[str, int, str, str], str]) -> str:
    """One line of cells: the first has a left and a right edge, the others a right edge."""
    aligned = zip(cells, widths, strict=False)
    return "".join(
        align(cell, w, "|" if i == 0 else "", "|") for i, (cell, w) in enumerate(aligned)
    )


def _rule(widths: list[int]) -> str:
    return "+" + "+".join("-" * (w - (2 if i == 0 else 1)) for i, w in enumerate(widths)) + "+"


def _center(text: str, width: int, left: str, right: str) -> str:
    text_width = _display_width(text)
    start = width // 2 - text_width // 2 - 1
    used = len(left) + start + text_width
    return f"{left}{' ' * start}{text}{' ' * (width - len(right) - used)}{right}"


def _left(text: str, width: int, left: str, right: str) -> str:
    text_width = _display_width(text)
    padding = 2 if width - (text_width + 2 + len(left) + len(right)) >= 0 else 0
    used = len(left) + padding + text_width
    return f"{left}{' ' * padding}{text}{' ' * (width - used - len(right))}{right}"


def _format_table(data: object, stream: TextIO, title: str) -> None:
    table = _Table()
    if table.build(title, data):
        table.render(stream, shutil.get_terminal_size((80, 24)).columns)
