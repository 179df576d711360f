"""What an import did (or, in a dry run, would do), with a Swedish summary for the user.

`ImportResult` is returned by every importer; `text()` is what `finsam import …` prints.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ImportResult:
    """One import of one file.

    `recorded` counts the records written (flows, volumes, vouchers, meetings, decisions);
    `details` describes each of them. In a dry run nothing is written: `recorded` is 0 and
    `would_record` lists what a real run would record. `skipped` lists what was already in
    the ledger, identically, and was left alone (a re-import is a no-op that says so).
    """

    file: str
    encoding: str
    recorded: int = 0
    skipped: list[str] = field(default_factory=list)
    would_record: list[str] = field(default_factory=list)
    dry_run: bool = False
    details: list[str] = field(default_factory=list)
    kind: str = "import"

    @property
    def nothing_new(self) -> bool:
        """True when the file held nothing the ledger did not already have."""
        return not (self.details or self.would_record) and bool(self.skipped)

    def text(self) -> str:
        head = f"{self.file} ({self.encoding})"
        lines: list[str] = []
        if self.dry_run:
            lines.append(
                f"Provkörning av {head} – inget sparat. "
                f"{_count(len(self.would_record), 'post', 'poster')} skulle registreras"
                + (":" if self.would_record else ".")
            )
            lines += ["  " + item for item in self.would_record]
        elif self.nothing_new:
            lines.append(f"{head} är redan inläst – inget nytt att registrera.")
        else:
            lines.append(f"{head}: {_count(self.recorded, 'post', 'poster')} "
                         f"{'registrerad' if self.recorded == 1 else 'registrerade'}"
                         + (":" if self.details else "."))
            lines += ["  " + item for item in self.details]
        if self.skipped:
            n = len(self.skipped)
            lines.append(f"{_count(n, 'post', 'poster')} fanns redan "
                         "(oförändrade, hoppas över):")
            lines += ["  " + item for item in self.skipped]
        return "\n".join(lines)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
