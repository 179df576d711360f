"""The invariant of issue 8, as a property (bad-input #25–#27, #32, #35): whatever text and numbers
go into the fields of a `record` command, an importer (CSV and TOML files, XLSX cells, a field of
an SIE 4 file) or the förbund file, the result is a clean refusal (exit 2 or 3, the log exactly as
it was) or an accepted entry after which every report in every format, the SIE export and the
history still build with exit 0.

The CLI runs in-process (`intake.cli.app.run`, the same code as the `finsam` entry point) on
a copy of one prepared ledger per example; hypothesis is derandomized with a bounded number
of examples, so the test is the same in every run and stays within its time budget.
"""

from __future__ import annotations

import shutil
import sqlite3
import zipfile
from datetime import date
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cli_helpers import ACTOR, EXAMPLE_TOML, prepared_ledger
from intake.cli.app import run
from intake.sie import SieError
from ledger.store import LedgerStore
from projections import reports
from projections.cache import FactsCache
from projections.render import render
from sie_helpers import open_sie_service, plain, replaced, with_ksumma, year_lines

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


# --- The SIE import: one field of a valid SIE 4 year file replaced by generated text ---

SIE_TODAY = date(2025, 1, 20)  # after the file's year, so its dates are in the past
SIE_AMOUNT = st.one_of(
    st.integers(min_value=1, max_value=10**9).map(lambda n: f"{n // 100}.{n % 100:02d}"),
    st.integers(min_value=-10**22, max_value=10**22).map(lambda n: f"{n // 100}.{n % 100:02d}"),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(["1.005", "0.0000001", "1e9", "-0", "1,50", "1 000.00", "99999999999999999999.99"]),
    ANY_TEXT,
)
SIE_DATE = st.one_of(
    st.dates(min_value=date(2023, 1, 1), max_value=date(2025, 12, 31)).map(lambda d: f"{d:%Y%m%d}"),
    st.dates(min_value=date(1, 1, 1)).map(lambda d: f"{d.year:04d}{d.month:02d}{d.day:02d}"),
    st.integers(min_value=-10**9, max_value=10**12).map(str),
    st.sampled_from(["20240230", "20241301", "2024-04-30", "00000000", "2024043"]),
    ANY_TEXT,
)
SIE_FIELD = st.one_of(
    st.tuples(st.sampled_from(["vertext", "fnamn", "kontonamn", "objekt", "serie"]), TEXT),
    st.tuples(st.just("objekt"), st.sampled_from(["10", "40", "50", "60", "99", "P1", ""])),
    st.tuples(st.sampled_from(["nummer", "konto", "orgnr"]), st.one_of(
        st.integers(min_value=1, max_value=9999).map(str), st.integers(min_value=-10**20, max_value=10**20).map(str),
        TEXT)),
    st.tuples(st.sampled_from(["belopp", "ib"]), SIE_AMOUNT),
    st.tuples(st.sampled_from(["verdatum", "rar"]), SIE_DATE),
)


@pytest.fixture(scope="module")
def sie_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A ledger with the Testbygden förbund (tests/sie_helpers.py) the SIE file belongs to."""
    db = tmp_path_factory.mktemp("sie-mall") / "finsam.sqlite"
    store, _service = open_sie_service(f"sqlite:///{db}")
    store.close()
    return db


def sie_bytes(field: str, value: str, quoted: bool) -> bytes:
    """A small valid year file (tests/sie_helpers.py) with `field` set to `value`, escaped as
    SIE quotes it when `quoted`, else put between the quotes as it is. With #KSUMMA when the
    lines can be checksummed, so the value reaches the record it was written into."""
    lines = year_lines(2024, invoices=3)
    text = '"' + (value.replace("\\", "\\\\").replace('"', '\\"') if quoted else value) + '"'
    first = next(i for i, line in enumerate(lines) if line.startswith("#VER B 1 "))
    ver = ["B", "1", "20240131", '"Faktura Försteg"', "20240131"]
    rows = [lines[first + 2], lines[first + 3]]
    if field == "fnamn":
        lines = replaced(lines, "#FNAMN", f"#FNAMN {text}")
    elif field == "orgnr":
        lines = replaced(lines, "#ORGNR", f"#ORGNR {value}")
    elif field == "kontonamn":
        lines = replaced(lines, "#KONTO 6540", f"#KONTO 6540 {text}")
    elif field == "rar":
        lines = replaced(lines, "#RAR 0", f"#RAR 0 {value} 20241231")
    elif field == "ib":
        lines = replaced(lines, "#IB 0 1930", f"#IB 0 1930 {value}")
    elif field in ("vertext", "serie", "nummer", "verdatum"):
        slot = {"serie": 0, "nummer": 1, "verdatum": 2, "vertext": 3}[field]
        ver[slot] = text if field in ("vertext", "serie") else value
        lines[first] = "#VER " + " ".join(ver)
    elif field == "belopp":
        negated = value[1:] if value.startswith("-") else f"-{value}"
        lines[first + 2] = rows[0].rsplit(" ", 1)[0] + f" {value}"
        lines[first + 3] = rows[1].rsplit(" ", 1)[0] + f" {negated}"
    elif field == "konto":
        lines[first + 2] = rows[0].replace("#TRANS 4610", f"#TRANS {value}", 1)
    elif field == "objekt":
        lines[first + 2] = rows[0].replace('{1 "40"', "{1 " + text, 1)
    try:
        "\n".join(lines).encode("cp437")
        encoding = "cp437"
    except UnicodeEncodeError:
        lines = [line.replace("#FORMAT PC8", "#FORMAT UTF8") for line in lines]
        encoding = "utf-8"
    try:
        return with_ksumma(lines, encoding=encoding)
    except SieError:  # the lines no longer tokenize: the reader gets them without a checksum
        return plain(lines, encoding=encoding) if encoding == "cp437" else ("\n".join(lines) + "\n").encode("utf-8")


@settings(BUDGET, max_examples=24)
@given(change=SIE_FIELD, quoted=st.booleans())
def test_an_sie_file_is_refused_cleanly_or_every_report_still_builds(sie_template, finsam, tmp_path, change, quoted):
    field, value = change
    db = fresh(sie_template, tmp_path / "s")
    path = db.parent / "bokforing.se"
    path.write_bytes(sie_bytes(field, value, quoted))
    before = log_state(db)
    code = finsam(db, "import", "sie", str(path), "--map", "99=-", today=SIE_TODAY)
    event(f"sie {field}: exit {code}")
    assert code in (0, 2, 3), f"exit {code} för {field}={value!r}"
    if code != 0:
        assert log_state(db) == before, f"en vägran ({code}) ändrade loggen: {field}={value!r}"
        return
    everything_builds(finsam, db)


# --- XLSX input: generated cells in the costs and the statistics sheets ---

CELL = st.one_of(
    st.tuples(st.just("number"), st.one_of(st.integers(min_value=0, max_value=40),
                                           st.integers(min_value=0, max_value=10**8).map(lambda n: n / 100))),
    st.tuples(st.just("text"), st.one_of(TEXT, NUMBER_TEXT)),
    st.tuples(st.just("number"), st.one_of(
        st.integers(min_value=-10**22, max_value=10**22), st.floats(allow_nan=True, allow_infinity=True),
        st.decimals(allow_nan=False, allow_infinity=False, places=4).map(float))),
    st.tuples(st.just("formula"), st.sampled_from(["=1/0", "=NA()", "=A1+1", "=2+1", "=SUM(A1:A3)"]),
              st.one_of(st.none(), st.sampled_from(["#DIV/0!", "#N/A", "#VALUE!", "3", "0", "x"]))),
    st.tuples(st.just("bool"), st.booleans()),
    st.tuples(st.just("blank")),
)


def xlsx_file(path: Path, header: list[str], row: list[tuple]) -> Path:
    """A one-sheet workbook: the header and one row of generated cells. A formula whose
    cached value is None is written as a program that never computes writes it (no <v>)."""
    book = xlsxwriter.Workbook(str(path), {"nan_inf_to_errors": True, "strings_to_formulas": False,
                                           "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, header)
    uncached = False
    for col, cell in enumerate(row):
        kind = cell[0]
        if kind == "text":
            sheet.write_string(1, col, cell[1])
        elif kind == "number":
            sheet.write_number(1, col, cell[1])
        elif kind == "formula":
            uncached |= cell[2] is None
            sheet.write_formula(1, col, cell[1], None, "UNCACHED" if cell[2] is None else cell[2])
        elif kind == "bool":
            sheet.write_boolean(1, col, cell[1])
        else:
            sheet.write_blank(1, col, None)
    book.close()
    if uncached:
        with zipfile.ZipFile(path) as src:
            items = [(item, src.read(item.filename)) for item in src.infolist()]
        with zipfile.ZipFile(path, "w") as dst:
            for item, data in items:
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = data.replace(b'<v>UNCACHED</v>', b"")
                dst.writestr(item, data)
    return path


@settings(BUDGET, max_examples=12)
@given(datum=st.one_of(st.just(("text", "2024-04-15")), CELL), belopp=CELL, text=CELL)
def test_a_costs_sheet_is_refused_cleanly_or_every_report_still_builds(template, finsam, tmp_path, datum, belopp, text):
    db = fresh(template, tmp_path / "kx")
    path = xlsx_file(db.parent / "kostnader.xlsx", ["datum", "insats", "belopp", "text"],
                     [datum, ("text", "4.0"), belopp, text])
    attempt(finsam, db, "import", "costs", str(path))


@settings(BUDGET, max_examples=12)
@given(kvinnor=CELL, man=CELL, manad=st.one_of(st.just(("text", "2024-04")), CELL))
def test_a_statistics_sheet_is_refused_cleanly_or_every_report_still_builds(
        template, finsam, tmp_path, kvinnor, man, manad):
    db = fresh(template, tmp_path / "sx")
    path = xlsx_file(db.parent / "statistik.xlsx", ["insats", "månad", "påbörjade_kvinnor", "påbörjade_män"],
                     [("text", "4.0"), manad, kvinnor, man])
    attempt(finsam, db, "import", "stats", str(path))
