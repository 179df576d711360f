"""Import: pick a file (typed with completion, or from the folder tree), choose its kind,
see the trial run's summary, or every problem of a refused file with its line and field (a
table, the importers' `ImportProblems`), then confirm.

The trial and the import run in a thread worker with a progress bar; the import is the
importers' own (`intake.importers.kinds.run_import`): one transaction, all or nothing, so
a refused file writes nothing. Only a file whose trial passed, unchanged since, can be read in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, DirectoryTree, Footer, Header, Input, Label, ProgressBar, Select, Static

from intake.app.widgets.importing_path import PathSuggester
from intake.importers.kinds import KINDS, ImportRequest, guess_kind, run_import
from intake.importers.result import ImportResult
from intake.importers.runner import ImportFailure, ImportProblems
from ledger.errors import SHOWN_PROBLEMS, LedgerError
from ledger.service import LedgerService

OPTIONS = {  # option id: label, placeholder
    "map": ("Objekt → insats (valfritt)", "t.ex. 10=9.0 99=-  (*=- för alla övriga)"),
    "dimension": ("Dimension (valfritt)", "t.ex. 1"),
    "beslut": ("Budgetbeslut", "ÅÅÅÅ-MM-DD §N, t.ex. 2024-03-28 §5"),
    "text": ("Beslutstext (valfritt)", "Budget ÅÅÅÅ"),
}
ERRORS = ("path", "kind", "beslut", "map")


class ImportScreen(Screen):
    """Read a file into the ledger the service is open on."""

    TITLE = "Import"
    DEFAULT_CSS = """
    ImportScreen #import-tree { width: 36; height: 1fr; border-right: solid $primary; }
    ImportScreen #import-form { width: 1fr; height: 1fr; padding: 0 1; }
    ImportScreen #import-fields { height: auto; }
    ImportScreen .import-option { height: auto; display: none; }
    ImportScreen .import-option.shown { display: block; }
    ImportScreen .field-error { color: $error; height: auto; }
    ImportScreen #import-buttons { height: auto; margin: 1 0; }
    ImportScreen #import-buttons Button { margin-right: 2; }
    ImportScreen #import-progress { display: none; }
    ImportScreen #import-progress.running { display: block; }
    ImportScreen #import-result { height: 1fr; border: round $primary; padding: 0 1; }
    ImportScreen #import-result.refused { border: round $error; }
    """
    BINDINGS = [
        Binding("f5", "trial", "Provkör", id="import.trial"),
        Binding("ctrl+s", "run", "Läs in", id="import.run"),
        Binding("ctrl+o", "browse", "Bläddra", id="import.browse"),
    ]

    def __init__(self, svc: LedgerService, *, folder: Path | None = None) -> None:
        super().__init__()
        self.svc = svc
        self.folder = folder or Path.cwd()
        self._tried: tuple[ImportRequest, float] | None = None  # the request whose trial passed

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield DirectoryTree(self.folder, id="import-tree")
            with Vertical(id="import-form"):
                with Vertical(id="import-fields"):
                    yield Label("Fil")
                    yield Input(placeholder="sökväg till filen (→ fyller i)", suggester=PathSuggester(), id="path")
                    yield Static("", id="path-error", classes="field-error")
                    yield Label("Slag av fil")
                    yield Select([(k.title, k.id) for k in KINDS.values()], prompt="Välj slag", id="kind")
                    yield Static("", id="kind-error", classes="field-error")
                    for name, (label, hint) in OPTIONS.items():
                        with Vertical(classes="import-option", id=f"option-{name}"):
                            yield Label(label)
                            yield Input(placeholder=hint, id=name)
                            if name in ERRORS:
                                yield Static("", id=f"{name}-error", classes="field-error")
                with Horizontal(id="import-buttons"):
                    yield Button("Provkör (F5)", variant="primary", id="trial")
                    yield Button("Läs in (Ctrl+S)", variant="success", id="run", disabled=True)
                yield ProgressBar(id="import-progress", show_eta=False)
                with VerticalScroll(id="import-result"):
                    yield Static("Välj en fil och dess slag och provkör: inget sparas förrän du läser in.",
                                 id="import-summary")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    # -- the request -------------------------------------------------------------------------
    def _request(self) -> ImportRequest:
        kind = self.query_one("#kind", Select)
        path = Path(self.query_one("#path", Input).value.strip())
        return ImportRequest("" if kind.is_blank() else str(kind.value), path,
                             {name: self.query_one(f"#{name}", Input).value for name in OPTIONS})

    def _show_options(self, kind: str) -> None:
        wanted = KINDS[kind].options if kind in KINDS else ()
        for name in OPTIONS:
            self.query_one(f"#option-{name}").set_class(name in wanted, "shown")

    def _changed(self) -> None:
        """Anything edited: the trial no longer speaks for the file."""
        self._tried = None
        self.query_one("#run", Button).disabled = True

    def on_select_changed(self, event: Select.Changed) -> None:
        self._show_options("" if event.select.is_blank() else str(event.value))
        self._changed()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "path" and (kind := guess_kind(event.value)) is not None:
            self.query_one("#kind", Select).value = kind
        self._changed()

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.query_one("#path", Input).value = str(event.path)
        self.query_one("#kind", Select).focus()

    def on_input_submitted(self) -> None:
        self.action_trial()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_trial() if event.button.id == "trial" else self.action_run()

    def action_browse(self) -> None:
        self.query_one("#import-tree", DirectoryTree).focus()

    # -- trial and import --------------------------------------------------------------------
    def action_trial(self) -> None:
        self._start(self._request(), dry_run=True)

    def action_run(self) -> None:
        request = self._request()
        if self._tried is None or self._tried != (request, _stamp(request.path)):
            self.notify("Provkör filen först – den läses in först när provkörningen gått igenom.",
                        severity="warning")
            return
        self._start(request, dry_run=False)

    def _start(self, request: ImportRequest, *, dry_run: bool) -> None:
        for name in ERRORS:
            self.query_one(f"#{name}-error", Static).update("")
        self.query_one("#run", Button).disabled = True
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.add_class("running")
        self.query_one("#import-summary", Static).update("Provkör …" if dry_run else "Läser in …")
        self._work(request, dry_run)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def _work(self, request: ImportRequest, dry_run: bool) -> None:
        bar = self.query_one("#import-progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            if done == total or done % max(1, total // 100) == 0:  # a hundred steps at most
                self.app.call_from_thread(bar.update, total=total, progress=done)

        try:
            result = run_import(self.svc, request, dry_run=dry_run, progress=progress)
        except LedgerError as exc:
            self.app.call_from_thread(self._refused, exc)
        except Exception as exc:  # noqa: BLE001 – a broken file must not end in a traceback
            self.app.call_from_thread(self._refused, LedgerError(f"filen kunde inte läsas: {exc}"))
        else:
            self.app.call_from_thread(self._done, request, result, dry_run)

    def _refused(self, exc: LedgerError) -> None:
        self.query_one("#import-progress", ProgressBar).remove_class("running")
        field = {"--map": "map", "--beslut": "beslut"}.get(exc.field or "", exc.field)
        if field in ("path", "kind", "beslut") and not getattr(exc, "file", ""):
            self.query_one(f"#{field}-error", Static).update(exc.message)
            self.query_one("#import-summary", Static).update("")
            return
        if field == "map":
            self.query_one("#map-error", Static).update(exc.message)
        self.query_one("#import-result").add_class("refused")
        if isinstance(exc, ImportProblems):
            self.query_one("#import-summary", Static).update(problem_table(exc))
            return
        summary = f"[b]Filen vägrades – inget sparat.[/b]\n\n{_escape(exc.message)}"
        self.query_one("#import-summary", Static).update(summary)

    def _done(self, request: ImportRequest, result: ImportResult, dry_run: bool) -> None:
        self.query_one("#import-progress", ProgressBar).remove_class("running")
        self.query_one("#import-result").remove_class("refused")
        text = _escape(result.text())
        if dry_run and not result.nothing_new:
            self._tried = (request, _stamp(request.path))
            self.query_one("#run", Button).disabled = False
            text += "\n\n[b]Läs in med Ctrl+S (eller knappen Läs in).[/b]"
        elif not dry_run:
            self.notify(f"{request.path.name} är inläst.", title="Import klar")
        self.query_one("#import-summary", Static).update(text)


def problem_table(exc: ImportProblems) -> Group:
    """Every problem of a refused file: where (line, or meeting and §), field and what is wrong."""
    head = Text.assemble((f"Filen vägrades – inget sparat. {exc.file}: {len(exc.problems)} problem", "bold"),
                         " – rätta dem och provkör igen.")
    table = Table(box=None, padding=(0, 1), expand=True, show_edge=False)
    table.add_column("Var", no_wrap=True)
    table.add_column("Fält", no_wrap=True)
    table.add_column("Problem", ratio=1, overflow="fold")
    for problem in exc.problems[:SHOWN_PROBLEMS]:
        table.add_row(_where(problem, exc.file), problem.field or "", _what(problem))
    parts: list[Any] = [head, Text(""), table]
    if len(exc.problems) > SHOWN_PROBLEMS:
        parts.append(Text(f"… och {len(exc.problems) - SHOWN_PROBLEMS} till."))
    return Group(*parts)


def _where(problem: ImportFailure, file: str) -> str:
    """'rad 7' (or 'sammanträde 2024-03-28 § 5') without the file's name, which the heading says."""
    place = problem.place.removeprefix(file).lstrip(":, ") or "filen"
    return place


def _what(problem: ImportFailure) -> str:
    """The problem's own words (the message without its place and field)."""
    return problem.cause.message if problem.cause is not None else problem.message


def _stamp(path: Path) -> float:
    """When the file last changed (0 when it is gone): a trial speaks only for that version."""
    try:
        return path.expanduser().stat().st_mtime
    except OSError:
        return 0.0


def _escape(text: str) -> str:
    """Plain text inside Textual markup (file contents may hold "[")."""
    return text.replace("[", r"\[")
