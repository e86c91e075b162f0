"""Turn the model's HTML documentation into plain text for docstrings and --help."""

from __future__ import annotations

import html
import re
import textwrap
from html.parser import HTMLParser

_BLOCK_TAGS = frozenset({"p", "note", "important", "ul", "ol", "div", "br", "h1", "h2", "h3"})


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag == "li":
            self.parts.append("\n\n- ")
        elif tag == "a":
            self._href = dict(attrs).get("href")

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag == "a" and self._href:
            self.parts.append(f" ({self._href})")
            self._href = None

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_to_text(source: str) -> str:
    """Plain text with paragraphs separated by blank lines and list items as ``- ``."""
    if not source:
        return ""
    extractor = _TextExtractor()
    extractor.feed(source)
    extractor.close()
    text = html.unescape("".join(extractor.parts))
    paragraphs: list[str] = []
    for raw in re.split(r"\n\s*\n", text):
        paragraph = re.sub(r"[ \t\r\n]+", " ", raw).strip()
        if not paragraph:
            continue
        if paragraphs and paragraphs[-1] == "-":
            # <li><p>text</p></li>: the bullet and its text belong together.
            paragraphs[-1] = f"- {paragraph}"
        else:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def docstring_lines(text: str, width: int, indent: str = "", first_indent: str = "") -> list[str]:
    """Wrap ``text`` to ``width`` columns, keeping paragraphs and list items.

    ``first_indent`` stands for what precedes the very first line on its row.
    """
    lines: list[str] = []
    for paragraph in text.split("\n\n"):
        if lines:
            lines.append("")
        bullet = paragraph.startswith("- ")
        lines.extend(
            textwrap.wrap(
                paragraph,
                width=width,
                initial_indent=indent if lines else first_indent,
                subsequent_indent=indent + ("  " if bullet else ""),
                break_long_words=False,
                break_on_hyphens=False,
            )
        )
    return lines
