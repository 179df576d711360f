"""The one error the SIE codec raises.

A `SieError` is rejected input (exit code 3, nothing written): it carries a Swedish message
and, where there is one, the file, line and field, so that the coordinator can find the
problem in the file. `text()` (and `str(error)`) reads like `fil.se rad 12, fält "belopp": …`.
"""

from __future__ import annotations

from ledger.errors import InputError, listed_problems


class SieError(InputError):
    """A SIE file (or a model to be written as one) that cannot be accepted."""

    def __init__(
        self,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        filename: str | None = None,
    ) -> None:
        super().__init__(message, field=field)
        self.message = message
        self.line = line
        self.field = field
        self.filename = filename

    def text(self, label: str | None = None) -> str:
        """The located form, `fil.se rad 12, fält "belopp": …`."""
        place = self.filename or ""
        if self.line is not None:
            place = f"{place} rad {self.line}".lstrip()
        field = label or self.field
        if field:
            place = f'{place}, fält "{field}"' if place else f'fält "{field}"'
        return f"{place}: {self.message}" if place else self.message


class SieProblems(SieError):
    """Every problem found in one file (two or more), in file order, each a `SieError` with its
    line and field. Located at the first; `text()` lists the first SHOWN_PROBLEMS, one a line."""

    def __init__(self, problems: list[SieError]) -> None:
        first = problems[0]
        super().__init__(first.message, line=first.line, field=first.field, filename=first.filename)
        self.problems = list(problems)

    def text(self, label: str | None = None) -> str:
        return listed_problems(f"{self.filename or 'filen'}: {len(self.problems)} problem:",
                               [problem.text() for problem in self.problems])
