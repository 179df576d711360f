"""The invariant of issue 8, as a property (bad-input #25–#27, #32): whatever text and numbers
go into the fields of a `record` command, an importer or the förbund file, the result is a
clean refusal (exit 2 or 3, the log exactly as it was) or an accepted entry after which every
report in every format, the SIE export and the history still build with exit 0.

The CLI runs in-process (`intake.cli.app.run`, the same code as the `finsam` entry point) on
a copy of one prepared ledger per example; hypothesis is derandomized with a bounded number
of examples, so the test is the same in every run and stays within its time budget.
"""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cli_helpers import ACTOR, EXAMPLE_TOML, prepared_ledger
from intake.cli.app import run
from ledger.store import LedgerStore
from projections import reports
from projections.cache import FactsCache
from projections.render import render

TODAY = date(2024, 5, 10)
BUDGET = settings(derandomize=True, max_examples=8, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
REPORTS = (("delarsrapport", "--cutoff", "2024-04-30"),)
FORMATS = ("text", "md", "html", "json", "xlsx", "pdf")

# Text as people and programs produce it: letters, digits of any script, punctuation, spaces,
# control and invisible characters, look-alike dashes – and, as often, plain Swedish text.
ANY_TEXT = st.text(alphabet=st.one_of(
    st.characters(codec="utf-8", exclude_categories=("Cs",)),
    st.sampled_from(list("0123456789 -–+,.:;\"'\\{}#\t\n\x00\x1b\x7f\u202e\u200b\u00a0åäöÅÄÖ")),
), max_size=30)
PLAIN_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöÅÄÖ ABCXYZ-.,0123456789", min_size=1, max_size=25)
TEXT = st.one_of(PLAIN_TEXT, ANY_TEXT)
COUNT_TEXT = st.one_of(st.integers(min_value=0, max_value=40).map(str), st.integers(min_value=-10**22).map(str))
NUMBER_TEXT = st.one_of(
    st.integers(min_value=1, max_value=10**13).map(lambda n: f"{n // 100},{n % 100:02d}"),
    st.integers(min_value=-10**22, max_value=10**22).map(str),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.sampled_from(["1.50", "1,50", "1 234,50", "1.234,50", "−500", "1e9", "0", "-0", "99999999999999"]),
    ANY_TEXT,
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("mall")
    db = folder / "finsam.sqlite"
    prepared_ledger(f"sqlite:///{db}", folder)
    return db


@pytest.fixture
def finsam(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """`finsam ARGS` in-process: the exit code (output is swallowed)."""
    monkeypatch.setenv("FINSAM_TODAY", TODAY.isoformat())
    monkeypatch.setenv("FINSAM_ACTOR", ACTOR)
    for name in ("FINSAM_DB", "FINSAM_FORBUND"):
        monkeypatch.delenv(name, raising=False)

    def call(db: Path, *args: str, today: date = TODAY) -> int:
        monkeypatch.setenv("FINSAM_TODAY", today.isoformat())
        code = run(["--db", f"sqlite:///{db}", *args])
        capsys.readouterr()
        return code

    return call


def fresh(template: Path, work: Path) -> Path:
    """A copy of the prepared ledger (a new one for every example)."""
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    db = work / "finsam.sqlite"
    shutil.copyfile(template, db)
    return db


def log_state(db: Path) -> tuple[int, int, str | None]:
    """The number of events, the last position and the chain's head: equal means nothing was written."""
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro", uri=True)
    try:
        count, last = conn.execute("SELECT count(*), coalesce(max(id), 0) FROM finsam_events").fetchone()
        head = conn.execute("SELECT head FROM finsam_chain ORDER BY position DESC LIMIT 1").fetchone()
        return count, last, head[0] if head else None
    finally:
        conn.close()


def attempt(finsam, db: Path, *args: str) -> None:
    """Run a writing command: a clean refusal leaves the log as it was; an acceptance leaves
    a ledger every report, the export and the history can still be built from."""
    before = log_state(db)
    code = finsam(db, *args)
    event(f"exit {code}")
    assert code in (0, 2, 3), f"exit {code} för {args!r}"
    if code != 0:
        assert log_state(db) == before, f"en vägran ({code}) ändrade loggen: {args!r}"
        return
    everything_builds(finsam, db)


def everything_builds(finsam, db: Path, *, books: bool = True) -> None:
    """Through the CLI: a report, the history, the status and the SIE export (exit 0); then
    every report in every format in-process, from the same facts (the CLI only adds the
    file writing the other tests cover)."""
    out = db.parent / "ut"
    out.mkdir(exist_ok=True)
    assert finsam(db, "report", *REPORTS[0], "--format", "json") == 0
    assert finsam(db, "history") == 0
    assert finsam(db, "history", "--format", "json") == 0
    assert finsam(db, "status") == 0
    export = out / "ut.se"
    export.unlink(missing_ok=True)
    if books:  # a year without bookkeeping is not exported (3), by contract
        assert finsam(db, "export", "sie", "--year", "2024", "-o", str(export), today=date(2025, 1, 20)) == 0
    store = LedgerStore(f"sqlite:///{db}", read_only=True)
    try:
        facts = FactsCache(store).load()
    finally:
        store.close()
    built = [reports.delarsrapport(facts, date(2024, 4, 30), None), reports.uppfoljning(facts, date(2024, 4, 30), None),
             reports.arsredovisning(facts, 2023, None)]
    for report in built:
        for fmt in FORMATS:
            assert render(report, fmt)


@BUDGET
@given(text=TEXT, serie=st.one_of(st.sampled_from(["A", "B", "K"]), ANY_TEXT),
       nummer=st.one_of(st.integers(1, 10**6).map(str), ANY_TEXT), amount=NUMBER_TEXT)
def test_a_voucher_from_the_terminal_is_refused_cleanly_or_every_report_still_builds(
        template, finsam, tmp_path, text, serie, nummer, amount):
    db = fresh(template, tmp_path / "v")
    attempt(finsam, db, "record", "voucher", "--datum", "2024-04-30", "--serie", serie or "A", "--nummer",
            nummer or "1", "--text", text, "--rad", f"4610:{amount}:4.0", "--rad", f"2440:-{amount}")


@BUDGET
@given(text=TEXT, paragraf=st.one_of(st.integers(6, 99).map(str), ANY_TEXT), budgetram=NUMBER_TEXT)
def test_a_decision_from_the_terminal_is_refused_cleanly_or_every_report_still_builds(
        template, finsam, tmp_path, text, paragraf, budgetram):
    db = fresh(template, tmp_path / "d")
    attempt(finsam, db, "record", "decision", "--sammantrade", "2024-03-28", "--paragraf", paragraf or "7",
            "--typ", "budget", "--text", text, "--ar", "2024", "--budgetram", budgetram)


@BUDGET
@given(counts=st.lists(st.one_of(COUNT_TEXT, NUMBER_TEXT), min_size=2, max_size=2))
def test_a_flow_from_the_terminal_is_refused_cleanly_or_every_report_still_builds(template, finsam, tmp_path, counts):
    db = fresh(template, tmp_path / "f")
    attempt(finsam, db, "record", "flow", "--insats", "4.0", "--manad", "2024-04",
            "--paborjade-kvinnor", counts[0], "--paborjade-man", counts[1])


@BUDGET
@given(text=TEXT, amount=NUMBER_TEXT)
def test_a_costs_file_is_refused_cleanly_or_every_report_still_builds(template, finsam, tmp_path, text, amount):
    db = fresh(template, tmp_path / "k")
    path = db.parent / "kostnader.csv"
    quoted = text.replace('"', '""')
    path.write_bytes(f'datum;insats;belopp;text\n2024-04-15;4.0;"{amount}";"{quoted}"\n'.encode("utf-8", "replace"))
    attempt(finsam, db, "import", "costs", str(path))


@BUDGET
@given(text=TEXT, budgetram=st.one_of(st.integers(min_value=0, max_value=10**11), st.integers(-10**21, 10**21)),
       paragraf=st.one_of(st.integers(6, 99), st.integers(-5, 10**12)))
def test_a_decisions_file_is_refused_cleanly_or_every_report_still_builds(
        template, finsam, tmp_path, text, budgetram, paragraf):
    db = fresh(template, tmp_path / "b")
    path = db.parent / "beslut.toml"
    escaped = text.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    path.write_text(f'[[sammantrade]]\ndatum = 2024-04-25\n\n[[sammantrade.beslut]]\nparagraf = {paragraf}\n'
                    f'typ = "budget"\ntext = "{escaped}"\nar = 2024\nbudgetram = {budgetram}\n', encoding="utf-8")
    attempt(finsam, db, "import", "decisions", str(path))


@BUDGET
@given(member=TEXT, insats=TEXT, objekt=TEXT)
def test_a_forbund_file_is_refused_cleanly_or_every_report_still_builds(tmp_path, finsam, member, insats, objekt):
    work = tmp_path / "n"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir()
    db = work / "finsam.sqlite"
    text = EXAMPLE_TOML.read_text(encoding="utf-8")

    def toml(value: str) -> str:
        return '"' + value.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'

    text = (text.replace('namn = "Exempels kommun"', f"namn = {toml(member)}", 1)
                .replace('agare = "Exempels kommun"', f"agare = {toml(member)}")
                .replace('namn = "Försteg Exempel"', f"namn = {toml(insats)}", 1)
                .replace('objekt = "40"', f"objekt = {toml(objekt)}", 1))
    path = work / "forbund.toml"
    path.write_text(text, encoding="utf-8")
    code = finsam(db, "init", str(path))
    event(f"exit {code}")
    assert code in (0, 2, 3), f"exit {code}"
    if code == 0:
        everything_builds(finsam, db, books=False)
