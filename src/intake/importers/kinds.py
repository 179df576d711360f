"""Every kind of file `finsam import` reads, by one name, for callers that let the user
choose the kind (the app's import screen): what each is called, which options it takes,
and one `run_import` that calls the right importer.

The importers themselves are unchanged: each reads the whole file and records it in one
transaction or refuses it (`ImportFailure` naming file, line and field), writing nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ledger.errors import InputError
from ledger.service import LedgerService

from .result import ImportResult

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ImportKind:
    """One kind of file: its Swedish name, the suffixes it usually has and its options."""

    id: str
    title: str
    suffixes: tuple[str, ...]
    options: tuple[str, ...] = ()


KINDS = {k.id: k for k in (
    ImportKind("sie", "SIE 4 (bokföring)", (".se", ".si", ".sie"), ("map", "dimension")),
    ImportKind("stats", "Månadsstatistik", (".csv", ".xlsx")),
    ImportKind("opening", "Ingående deltagare", (".csv", ".xlsx")),
    ImportKind("budget", "Budget (som budgetbeslut)", (".csv", ".xlsx"), ("beslut", "text")),
    ImportKind("decisions", "Styrelsebeslut (TOML)", (".toml",)),
    ImportKind("costs", "Kostnader (utan SIE)", (".csv", ".xlsx")),
    ImportKind("historik", "Tidigare års nyckeltal (femårsöversikten)", (".csv", ".xlsx")),
)}


@dataclass(frozen=True)
class ImportRequest:
    """A file, its kind and the kind's options (all as typed; empty means not given)."""

    kind: str
    path: Path
    options: dict[str, str] = field(default_factory=dict)


def guess_kind(path: str | Path) -> str | None:
    """The kind a file's suffix points to unambiguously (SIE, TOML), else None."""
    suffix = Path(path).suffix.lower()
    found = [k.id for k in KINDS.values() if suffix in k.suffixes]
    return found[0] if len(found) == 1 else None


def check_request(request: ImportRequest) -> None:
    """Refuse (InputError naming the field: "kind", "path", "beslut", "map") what no importer should see."""
    if request.kind not in KINDS:
        raise InputError("välj vilket slags fil det är.", field="kind")
    if not str(request.path).strip() or not request.path.expanduser().is_file():
        raise InputError(f"filen {request.path} finns inte.", field="path")
    if request.kind == "budget" and not request.options.get("beslut", "").strip():
        raise InputError('ange budgetbeslutet: sammanträdets datum och paragraf, t.ex. "2024-03-28 §5".',
                         field="beslut")


def run_import(svc: LedgerService, request: ImportRequest, *, dry_run: bool,
               progress: Progress | None = None) -> ImportResult:
    """The import (or with `dry_run` the trial, writing nothing) of `request`; raises the
    importer's refusal (a `LedgerError`) unchanged."""
    check_request(request)
    path, options = request.path.expanduser(), request.options
    if request.kind == "sie":
        from intake.sie_books.importer import import_sie
        from intake.sie_books.objects import parse_map

        mapping = parse_map(options.get("map", "").replace(",", " ").split())
        return import_sie(svc, path, dry_run=dry_run, mapping=mapping,
                          dimension=options.get("dimension", "").strip() or None, progress=progress)
    if request.kind == "budget":
        from .budget import import_budget

        return import_budget(svc, path, beslut=options["beslut"].strip(), text=options.get("text", "").strip() or None,
                             dry_run=dry_run, progress=progress)
    from . import import_costs, import_decisions, import_history, import_opening, import_stats

    importer = {"stats": import_stats, "opening": import_opening, "decisions": import_decisions,
                "costs": import_costs, "historik": import_history}[request.kind]
    return importer(svc, path, dry_run=dry_run, progress=progress)
