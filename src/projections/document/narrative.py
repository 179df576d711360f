"""The förbund's own text as data: sections of blocks (paragraphs, lists, subheadings).

Plain frozen dataclasses a renderer walks; no Markdown left in them (the file is parsed
by `intake.importers.narrative_md`). Inline formatting is kept as runs with bold/italic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Run:
    """A piece of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    """A paragraph ("p"), a subheading ("h", `level` 2 or 3 inside the section), or a list
    ("ul"/"ol", whose `items` are each a run sequence)."""

    kind: str
    runs: tuple[Run, ...] = ()
    items: tuple[tuple[Run, ...], ...] = ()
    level: int = 0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class TextSection:
    """One section of the förbund's text: its catalogue id, the title shown, its blocks and
    the Markdown it came from with the figures put in (what the JSON carries)."""

    id: str
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    markdown: str = ""

    def to_json_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "markdown": self.markdown}


def plain(runs: tuple[Run, ...]) -> str:
    """The runs as unformatted text."""
    return "".join(r.text for r in runs)
