"""The förbund's text for a report (`--text FIL.md`): Markdown whose headings name the sections.

Parsed with markdown-it-py (CommonMark, the parser Rich and Textual already use), so
paragraphs, lists, emphasis and subheadings mean what any Markdown editor shows. The
file's top heading level names the sections ("# Sammanfattning av året"; see
`projections.document.sections`); deeper headings are subheadings inside a section.
Placeholders (`{resultat}`) are replaced by the report's own figures line by line first,
so a refusal names the line and column. Every refusal names the file and line; nothing
is written (exit code 3).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from projections.document.narrative import Block, Run, TextSection
from projections.document.placeholders import PlaceholderError, fill, values
from projections.document.sections import kind_of_heading, known_titles
from projections.model import Report

from .runner import FileInputError

FIELD = "--text"


def read_narrative(path: str | Path, report: Report) -> list[TextSection]:
    """The sections of the file at `path`, in its order, with `report`'s figures put in."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileInputError(f"Filen {path} finns inte.", field=FIELD, file=str(path)) from None
    except UnicodeDecodeError:
        raise FileInputError(f"{path}: filen är inte UTF-8-kodad.", field=FIELD, file=str(path)) from None
    except OSError as exc:
        raise FileInputError(f"{path} kunde inte läsas ({exc.strerror}).", field=FIELD, file=str(path)) from None
    return parse_narrative(text, report, str(path))


def parse_narrative(text: str, report: Report, source: str = "texten") -> list[TextSection]:
    """The sections of Markdown `text` (see the module); `source` names it in refusals."""
    md = MarkdownIt("commonmark")
    # Lines as Markdown counts them (str.splitlines would also split at \v, \f and U+2028).
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    comments = _comment_lines(md.parse("\n".join(lines)))
    available = values(report)
    filled = []
    for number, line in enumerate(lines, 1):
        if number in comments:
            filled.append("")
            continue
        control = next((i for i, c in enumerate(line) if unicodedata.category(c) == "Cc" and c != "\t"), None)
        if control is not None:  # Word, PDF and a terminal cannot show them; say where it is
            raise _error(source, number, f"otillåtet styrtecken (U+{ord(line[control]):04X}) i texten – ta bort det.",
                         column=control + 1)
        try:
            filled.append(fill(line, available))
        except PlaceholderError as exc:
            raise _error(source, number, exc.message(report.title), column=exc.column) from None
    return _Sections(source, md.parse("\n".join(filled)), filled).parse()


def _comment_lines(tokens: list[Token]) -> set[int]:
    """The (1-based) lines of HTML comments, which are notes to the writer, never shown."""
    out: set[int] = set()
    for t in tokens:
        if t.type == "html_block" and t.content.lstrip().startswith("<!--") and t.map:
            out.update(range(t.map[0] + 1, t.map[1] + 1))
    return out


def _error(source: str, line: int, message: str, *, column: int | None = None) -> FileInputError:
    where = f"{source} rad {line}" + (f", kolumn {column}" if column else "")
    return FileInputError(f"{where}: {message}", field=FIELD, file=source)


class _Sections:
    def __init__(self, source: str, tokens: list[Token], lines: list[str]) -> None:
        self.source, self.tokens, self.lines = source, tokens, lines
        levels = [int(t.tag[1]) for t in tokens if t.type == "heading_open"]
        self.top = min(levels) if levels else 1
        self.sections: list[TextSection] = []
        self.current: tuple[str, str, int] | None = None  # id, title, first line
        self.blocks: list[Block] = []

    def parse(self) -> list[TextSection]:
        i = 0
        while i < len(self.tokens):
            i = self._block(i)
        self._close()
        return self.sections

    def _line(self, token: Token) -> int:
        return token.map[0] + 1 if token.map else 1

    def _block(self, i: int) -> int:
        t = self.tokens[i]
        if t.type == "heading_open":
            title = self.tokens[i + 1].content.strip()
            if int(t.tag[1]) == self.top:
                self._open(title, self._line(t))
            else:
                self._add(t, Block("h", _runs(self.tokens[i + 1]), level=2 if int(t.tag[1]) == self.top + 1 else 3))
            return i + 3
        if t.type == "paragraph_open":
            self._add(t, Block("p", _runs(self.tokens[i + 1])))
            return i + 3
        if t.type in ("bullet_list_open", "ordered_list_open"):
            return self._list(i)
        if t.type in ("fence", "code_block"):
            self._add(t, Block("p", (Run(t.content.rstrip("\n")),)))
        elif t.type == "html_block" and not t.content.lstrip().startswith("<!--"):
            raise _error(self.source, self._line(t), "HTML stöds inte i texten – skriv vanlig text eller Markdown.")
        return i + 1

    def _list(self, i: int) -> int:
        opening = self.tokens[i]
        close = opening.type.replace("_open", "_close")
        depth, items = 0, []
        j = i
        while True:
            t = self.tokens[j]
            if t.type == opening.type:
                depth += 1
            elif t.type == close:
                depth -= 1
                if depth == 0:
                    break
            elif t.type == "inline":
                items.append(_runs(t))
            j += 1
        self._add(opening, Block("ol" if opening.type.startswith("ordered") else "ul", items=tuple(items)))
        return j + 1

    def _open(self, title: str, line: int) -> None:
        kind = kind_of_heading(title)
        if kind is None:
            raise _error(self.source, line, f'rubriken "{title}" är inget känt avsnitt – kända är {known_titles()}.')
        if any(s.id == kind for s in self.sections) or (self.current and self.current[0] == kind):
            raise _error(self.source, line, f'avsnittet "{title}" finns redan tidigare i filen.')
        self._close()
        self.current = (kind, _without_number(title), line)

    def _add(self, token: Token, block: Block) -> None:
        if self.current is None:
            raise _error(self.source, self._line(token),
                         "texten står före första rubriken – börja med en rubrik som namnger avsnittet, "
                         "t.ex. # Sammanfattning av året.")
        self.blocks.append(block)

    def _close(self) -> None:
        if self.current is None:
            return
        kind, title, line = self.current
        end = len(self.lines)
        body = "\n".join(self.lines[line:end])
        following = [s for s in range(line, end) if self._is_top_heading(s)]
        if following:
            body = "\n".join(self.lines[line:following[0]])
        self.sections.append(TextSection(kind, title, tuple(self.blocks), body.strip("\n")))
        self.current, self.blocks = None, []

    def _is_top_heading(self, index: int) -> bool:
        return any(t.type == "heading_open" and int(t.tag[1]) == self.top and t.map and t.map[0] == index
                   for t in self.tokens)


def _without_number(title: str) -> str:
    parts = title.split(maxsplit=1)
    if len(parts) == 2 and parts[0].rstrip(".").replace(".", "").isdigit():
        return parts[1]
    return title


def _runs(inline: Token) -> tuple[Run, ...]:
    """The inline token's text as runs; links keep their text, images their alt text."""
    runs: list[Run] = []
    bold = italic = 0
    for child in inline.children or []:
        if child.type == "strong_open":
            bold += 1
        elif child.type == "strong_close":
            bold -= 1
        elif child.type == "em_open":
            italic += 1
        elif child.type == "em_close":
            italic -= 1
        elif child.type in ("text", "code_inline"):
            _append(runs, Run(child.content, bold > 0, italic > 0))
        elif child.type == "softbreak":
            _append(runs, Run(" ", bold > 0, italic > 0))
        elif child.type == "hardbreak":
            _append(runs, Run("\n", bold > 0, italic > 0))
        elif child.type == "image":
            _append(runs, Run(child.content, bold > 0, italic > 0))
    return tuple(runs)


def _append(runs: list[Run], run: Run) -> None:
    if runs and (runs[-1].bold, runs[-1].italic) == (run.bold, run.italic):
        runs[-1] = Run(runs[-1].text + run.text, run.bold, run.italic)
    else:
        runs.append(run)
