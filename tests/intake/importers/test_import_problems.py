"""A refused import lists every problem of the file (file, line, field, Swedish message),
not only the first; at most SHOWN_PROBLEMS of them, then how many more; nothing is written."""

from __future__ import annotations

import pytest

from import_helpers import TODAY, make_service
from intake.cli import app as cli
from intake.importers import ImportFailure, import_costs, import_decisions, import_history, import_stats
from intake.importers.runner import ImportProblems
from ledger.errors import SHOWN_PROBLEMS
from ledger.store import LedgerStore

HEAD = "insats;månad;påbörjade_kvinnor;avslutade_kvinnor;till_arbete;volym\n"


@pytest.fixture
def service(sqlite_url):
    svc = make_service(sqlite_url)
    yield svc
    svc.store.close()


def refused(service, importer, path, **kw) -> ImportFailure:
    before = service.store.event_count()
    with pytest.raises(ImportFailure) as info:
        importer(service, path, **kw)
    assert service.store.event_count() == before
    assert info.value.exit_code == 3
    return info.value


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


STATS = HEAD + (
    "4.0;2024-01;3;0;0;\n"      # line 2: fine
    "4.0;2024-02;2,5;0;0;\n"    # line 3: not a count
    "9.9;2024-02;1;0;0;\n"      # line 4: no such insats (the ledger says so)
    "4.0;2024-03;0;9;9;\n"      # line 5: ends nine of three active (the ledger's rule)
    "4.0;2024-01;1;0;0;\n"      # line 6: January twice
    "SIP;2024-13;;;;4\n"        # line 7: no such month
)


@pytest.mark.parametrize("dry_run", [False, True])
def test_every_problem_of_a_statistics_file_is_named_in_line_order(service, tmp_path, dry_run):
    error = refused(service, import_stats, write(tmp_path, "statistik.csv", STATS), dry_run=dry_run)
    assert isinstance(error, ImportProblems)
    lines = error.message.splitlines()
    assert lines[0] == "statistik.csv: 5 problem – inget sparat:"
    assert [p.line for p in error.problems] == [3, 4, 5, 6, 7]
    assert lines[1].startswith('  statistik.csv rad 3, fält "påbörjade_kvinnor": antal måste vara ett heltal')
    assert lines[2].startswith('  statistik.csv rad 4, fält "insats": insatsen "9.9" finns inte')
    assert lines[3].startswith('  statistik.csv rad 5, fält "avslutade_kvinnor": 9 kvinnor kan inte avslutas')
    assert lines[4].startswith('  statistik.csv rad 6, fält "månad": 4.0 2024-01 finns redan på rad 2')
    assert lines[5].startswith('  statistik.csv rad 7, fält "månad":')


def test_one_problem_alone_is_refused_exactly_as_before(service, tmp_path):
    error = refused(service, import_stats, write(tmp_path, "statistik.csv", HEAD + "4.0;2024-02;2,5;0;0;\n"))
    assert not isinstance(error, ImportProblems)
    assert error.message == ('statistik.csv rad 2, fält "påbörjade_kvinnor": antal måste vara ett heltal ≥ 0, '
                             'inte "2,5".')


def test_two_bad_cells_of_one_row_are_both_named(service, tmp_path):
    path = write(tmp_path, "kostnader.csv", "datum;insats;belopp;text\n2024-02-30;4.0;12 000 kr;Hyra\n")
    error = refused(service, import_costs, path)
    assert [p.field for p in error.problems] == ["datum", "belopp"]


def test_every_problem_of_an_earlier_years_file_is_named(service, tmp_path):
    path = write(tmp_path, "historik.csv", "ar;intakter;kostnader;resultat;soliditet;anstallda\n"
                 "2020;5971971;-5845502;125388;51;0\n"    # line 2: fine
                 "2021;tolv;-6077235;-405155;hög;0\n"     # line 3: neither an amount nor a percentage
                 "2020;5971971;-5845502;125388;51;0\n")   # line 4: 2020 twice
    error = refused(service, import_history, path)
    assert isinstance(error, ImportProblems)
    assert [(p.line, p.field) for p in error.problems] == [(3, "intakter"), (3, "soliditet"), (4, "ar")]


def test_more_problems_than_are_shown_are_counted(service, tmp_path):
    rows = "".join(f"4.0;2024-01;x{i};0;0;\n" for i in range(SHOWN_PROBLEMS + 50))
    error = refused(service, import_stats, write(tmp_path, "statistik.csv", HEAD + rows))
    lines = error.message.splitlines()
    assert lines[0] == f"statistik.csv: {SHOWN_PROBLEMS + 50} problem – inget sparat:"
    assert len(lines) == 1 + SHOWN_PROBLEMS + 1 and lines[-1] == "  … och 50 till."
    assert len(error.problems) == SHOWN_PROBLEMS + 50


def test_every_bad_decision_of_a_toml_file_is_named_with_its_meeting_and_paragraph(service, tmp_path):
    path = write(tmp_path, "beslut.toml", """
[[sammantrade]]
datum = 2024-03-28
[[sammantrade.beslut]]
paragraf = 5
typ = "inget_sådant"
text = "Okänd typ"
[[sammantrade.beslut]]
paragraf = 6
typ = "övrigt"
text = "Bra beslut"

[[sammantrade]]
datum = 2024-06-13
[[sammantrade.beslut]]
paragraf = 2
typ = "övrigt"
""")
    error = refused(service, import_decisions, path)
    assert error.message.splitlines() == [
        "beslut.toml: 2 problem – inget sparat:",
        '  beslut.toml: sammanträde 2024-03-28 § 5, fält "typ": "inget_sådant" är ingen beslutstyp – välj en av '
        + error.problems[0].message.split("välj en av ", 1)[1],
        '  beslut.toml: sammanträde 2024-06-13 § 2, fält "text": saknas.',
    ]


def test_the_command_line_lists_every_problem_exits_3_and_writes_nothing(sqlite_url, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("FINSAM_TODAY", TODAY.isoformat())
    svc = make_service(sqlite_url)
    before = svc.store.event_count()
    svc.store.close()
    path = write(tmp_path, "statistik.csv", STATS)
    assert cli.run(["--db", sqlite_url, "import", "stats", str(path)]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "Fel: statistik.csv: 5 problem – inget sparat:"
    assert [line.split(",")[0] for line in err[1:]] == [f"  statistik.csv rad {n}" for n in (3, 4, 5, 6, 7)]
    store = LedgerStore(sqlite_url)
    assert store.event_count() == before
    store.close()
