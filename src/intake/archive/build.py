"""Write one year's archive for the auditor into a new folder.

The folder is written beside its final name and renamed into place when complete, so a
failed run leaves no half archive. An existing non-empty folder (or a file) is refused.
What is written: `handelser.jsonl` (the events dated in the year, exactly as stored, with
their links), the SIE 4 export, every report of the year the board approved (JSON as
approved, byte for byte, and PDF), `godkannanden.json`, `kedja.json`, the README with the
check script, `kontrollera.py` and `SHA256SUMS`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text

from ledger.audit import chain
from ledger.errors import InputError, LedgerError
from ledger.service import LedgerService
from ledger.store import LedgerStore

from .readme import CHECK_SCRIPT, readme


@dataclass(frozen=True)
class ArchiveResult:
    directory: Path
    events: int
    reports: int
    sie: bool

    def text(self) -> str:
        noun = "godkänd rapport" if self.reports == 1 else "godkända rapporter"
        return (f"Arkivet skrevs till {self.directory}: {self.events} händelser, {self.reports} {noun}"
                f"{', SIE-fil' if self.sie else ''}, README.md med kontrollen.")


def check_target(directory: Path) -> None:
    """Refuse a target that is a file or a folder with something in it (nothing is written)."""
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        raise InputError(f"{directory} finns och är ingen mapp – ange en ny mapp.", field="-o")
    if directory.is_dir() and any(directory.iterdir()):
        raise InputError(f"mappen {directory} finns och är inte tom – arkivet skrivs bara till en ny "
                         "eller tom mapp.", field="-o")


def write_archive(service: LedgerService, year: int, directory: str | Path) -> ArchiveResult:
    """Write the archive of `year` for the service's förbund into `directory`."""
    from projections.approved import approvals_of, approved_version
    from projections.built import json_bytes, with_chain
    from projections.cache import FactsCache
    from projections.render import render
    from projections.views.timeline import history

    directory = Path(directory)
    check_target(directory)
    store = service.store
    f = service.forbund()
    facts = FactsCache(store).load()
    entries = [e for e in history(store, forbund=f.orgnr) if e.effective.year == year]
    approved = [a for a in approvals_of(facts, f.orgnr) if a.period[1].year == year]
    work = directory.parent / f".{directory.name}.arkiv-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    (work / "rapporter").mkdir(parents=True)
    try:
        _events(store, entries, work / "handelser.jsonl")
        sie = _sie(service, year, work / f"bokforing-{year}.se")
        listed, lines = [], []
        for a in approved:
            report = with_chain(approved_version(facts, a, f.orgnr), store)
            base = (f"{a.kind}-{a.period[0].isoformat()}-{a.period[1].isoformat()}-godkand-"
                    f"{a.approval.sammantrade.isoformat()}-p{a.approval.paragraf}")
            data = json_bytes(report)
            (work / "rapporter" / f"{base}.json").write_bytes(data)
            (work / "rapporter" / f"{base}.pdf").write_bytes(render(report, "pdf"))  # type: ignore[arg-type]
            digest = hashlib.sha256(data).hexdigest()
            listed.append({"rapport": a.kind, "period": {"start": a.period[0].isoformat(),
                                                         "end": a.period[1].isoformat()},
                           "sammantrade": a.approval.sammantrade.isoformat(), "paragraf": a.approval.paragraf,
                           "beslut_position": a.approval.position, "rapport_position": a.position,
                           "digest": a.approval.digest, "huvud": a.approval.huvud,
                           "digest_stammer": None if a.approval.digest is None else digest == a.approval.digest,
                           "json": f"rapporter/{base}.json", "pdf": f"rapporter/{base}.pdf"})
            state = "kontrollsumman stämmer" if digest == a.approval.digest else (
                "ingen kontrollsumma frystes" if a.approval.digest is None else "KONTROLLSUMMAN STÄMMER INTE")
            lines.append(f"`rapporter/{base}.json` (och `.pdf`) – {report.title}, {a.approval.text().lower()}, "
                         f"byggd på händelser t.o.m. #{a.position}; {state}.")
        _json(work / "godkannanden.json", listed)
        head = store.chain_head()
        mark = chain.mark_of(store, head.position) if head else chain.Mark(0, chain.GENESIS, 0)
        _json(work / "kedja.json", {"position": mark.position, "huvud": mark.head, "handelser": mark.events})
        (work / "kontrollera.py").write_text(CHECK_SCRIPT, encoding="utf-8")
        (work / "README.md").write_text(readme(namn=f.namn, orgnr=f.orgnr, year=year, events=len(entries),
                                               head=(mark.position, mark.head), sie=sie.name if sie else None,
                                               approvals=lines), encoding="utf-8")
        _sums(work)
        if directory.is_dir():
            directory.rmdir()  # empty (checked above)
        os.replace(work, directory)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return ArchiveResult(directory, len(entries), len(approved), sie is not None)


def _events(store: LedgerStore, entries: list[Any], path: Path) -> None:
    """The chosen events exactly as stored, each with its link and the link before it."""
    wanted = {e.position: e for e in entries}
    with store.datastore.transaction(commit=False) as session, path.open("w", encoding="utf-8") as out:
        links = session.execute(text(f"SELECT position, head FROM {chain.CHAIN_TABLE} ORDER BY position"))
        previous, heads = (0, chain.GENESIS), {}
        for position, head in links:
            if position in wanted:
                heads[position] = (previous, head)
            previous = (int(position), head)
        start = 1
        while True:
            page = store.app.recorder.select_notifications(start=start, limit=5_000)
            for n in page:
                if n.id in wanted and n.id in heads:
                    (before, before_head), head = heads[n.id]
                    e = wanted[n.id]
                    row = {"position": n.id, "originator_id": str(chain.canonical_id(n.originator_id)),
                           "originator_version": n.originator_version, "topic": n.topic,
                           "state": bytes(n.state).decode("utf-8"), "foregaende_position": before,
                           "foregaende_huvud": before_head, "huvud": head,
                           "registrerad": e.recorded.isoformat(), "av": e.actor,
                           "galler": e.effective.isoformat(), "handelse": e.summary}
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
            if len(page) < 5_000:
                break
            start = page[-1].id + 1


def _sie(service: LedgerService, year: int, path: Path) -> Path | None:
    from intake.sie_books.export import export_sie

    try:
        export_sie(service, year, path)
    except LedgerError:
        return None
    return path


def _json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _sums(work: Path) -> None:
    files = sorted(p for p in work.rglob("*") if p.is_file())
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(work).as_posix()}" for p in files]
    (work / "SHA256SUMS").write_text("\n".join(lines) + "\n", encoding="utf-8")
