"""`import_decisions`: meetings and numbered decisions from TOML, all or nothing, idempotent."""

from __future__ import annotations

from datetime import date

import pytest

from import_helpers import fixture, make_service
from intake.importers import ImportFailure, import_decisions
from ledger.domain.meeting import Meeting
from ledger.errors import Conflict, RuleViolation

MARCH, JUNE = date(2024, 3, 28), date(2024, 6, 13)


@pytest.fixture
def service(sqlite_url):
    svc = make_service(sqlite_url)
    yield svc
    svc.store.close()


def meeting(service, day: date) -> Meeting | None:
    return service.load(Meeting.create_id(service.forbund().id, day))


def toml(tmp_path, text: str):
    path = tmp_path / "beslut.toml"
    path.write_text(text, encoding="utf-8")
    return path


def refused(service, path) -> ImportFailure:
    before = service.store.event_count()
    with pytest.raises(ImportFailure) as info:
        import_decisions(service, path)
    assert service.store.event_count() == before
    return info.value


HEAD = '[[sammantrade]]\ndatum = 2024-03-28\n\n[[sammantrade.beslut]]\nparagraf = 5\n'


def test_meetings_and_decisions_are_recorded_with_parsed_amounts_on_both_databases(db_url):
    service = make_service(db_url)
    try:
        result = import_decisions(service, fixture("beslut_2024.toml"))
        assert result.recorded == 7 and result.encoding == "UTF-8"
        march, june = meeting(service, MARCH), meeting(service, JUNE)
        assert (march.namn, june.namn) == ("Styrelsemöte", "Styrelsesammanträde")
        budget = march.decisions["5"]["data"]
        # "9 500 000" (Swedish string) and 2000000 (TOML integer, kronor) both become öre.
        assert budget["budgetram"] == 950_000_000 and budget["eget_kapital"] == 150_000_000
        assert budget["insatser"] == {"4.0": {"kostnadsbudget": 295_000_000, "volym": 120},
                                      "SIP": {"kostnadsbudget": 80_000_000, "volym": None}}
        assert budget["medlemsbidrag"]["Arbetsförmedlingen"] == 200_000_000
        assert march.decisions["6"]["data"] == {"insats": "4.0", "belopp": 9_100_000,
                                                "fran": date(2024, 4, 1), "till": date(2025, 3, 31)}
        assert june.decisions["4"]["data"] == {"ar": 2024, "insatser": {"4.0": 280_000_050, "1.0": 115_000_000}}
        # A lifecycle decision changes the catalogue in the same transaction.
        assert service.insats(service.forbund(), "5.1").namn == "Nätverket Väst"
    finally:
        service.store.close()


def test_importing_the_same_file_twice_is_a_no_op_that_says_so(service):
    import_decisions(service, fixture("beslut_2024.toml"))
    before = service.store.event_count()
    again = import_decisions(service, fixture("beslut_2024.toml"))
    assert service.store.event_count() == before and again.nothing_new
    assert again.skipped[:2] == ["beslut_2024.toml: sammanträde 2024-03-28: sammanträdet redan registrerat",
                                 "beslut_2024.toml: sammanträde 2024-03-28 § 5: beslutet redan registrerat"]


def test_a_meeting_already_recorded_under_another_name_is_used_and_the_name_noted(service, tmp_path):
    service.record_meeting(MARCH, "Extra styrelsemöte")
    result = import_decisions(service, toml(tmp_path, HEAD + 'typ = "ovrigt"\ntext = "Information"\n'))
    assert result.skipped == ['beslut.toml: sammanträde 2024-03-28: sammanträdet redan registrerat '
                              '(som "Extra styrelsemöte")']
    assert result.recorded == 1


def test_a_different_decision_under_a_recorded_paragraph_is_refused(service, tmp_path):
    import_decisions(service, fixture("beslut_2024.toml"))
    text = fixture("beslut_2024.toml").read_text(encoding="utf-8").replace('"Information från förbundschefen"',
                                                                          '"Information från ordföranden"')
    error = refused(service, toml(tmp_path, text))
    assert isinstance(error.cause, Conflict)
    assert error.message.startswith('beslut.toml: sammanträde 2024-03-28 § 7, fält "paragraf": § 7 i sammanträdet '
                                    '2024-03-28 finns redan med annat innehåll (övrigt beslut: '
                                    '"Information från förbundschefen")')


def test_a_dry_run_writes_nothing_but_lists_what_it_would_record(service):
    before = service.store.event_count()
    result = import_decisions(service, fixture("beslut_2024.toml"), dry_run=True)
    assert service.store.event_count() == before and meeting(service, MARCH) is None
    assert len(result.would_record) == 7
    assert service.insats(service.forbund(), "5.1").namn == "Nätverket"


def test_a_paragraph_used_twice_in_a_meeting_is_refused(service, tmp_path):
    text = HEAD + 'typ = "ovrigt"\ntext = "A"\n\n[[sammantrade.beslut]]\nparagraf = "§ 5"\ntyp = "ovrigt"\ntext = "B"\n'
    error = refused(service, toml(tmp_path, text))
    assert error.message == (
        'beslut.toml: sammanträde 2024-03-28 § 5, fält "paragraf": § 5 används två gånger i sammanträdet.'
    )


@pytest.mark.parametrize("body, expected", [
    ('typ = "ovrigt"\ntext = "A"\ndatum = 2024-04-02\n',
     'sammanträde 2024-03-28 § 5, fält "datum": beslutet (2024-04-02) kan inte vara daterat efter sammanträdet'),
    ('typ = "insats_avslutad"\ntext = "A"\ninsats = "9.9"\nslut = 2024-06-30\n',
     'sammanträde 2024-03-28 § 5, fält "insats": insatsen "9.9" finns inte i förbundets katalog.'),
    ('typ = "ovrigt"\ntext = "A"\nbelopp = 5\n',
     'sammanträde 2024-03-28 § 5, fält "belopp": okänt fält för ovrigt – tillåtna är paragraf, typ, text, datum.'),
    ('typ = "beslut"\ntext = "A"\n', 'sammanträde 2024-03-28 § 5, fält "typ": "beslut" är ingen beslutstyp'),
    ('typ = "overforing"\ntext = "A"\nar = 2024\nbelopp = 1500.5\n',
     'sammanträde 2024-03-28 § 5, fält "belopp": skriv beloppet som heltal (kronor) eller text'),
    ('typ = "overforing"\ntext = "A"\nar = 2024\nbelopp = "1.234,50"\n',
     'sammanträde 2024-03-28 § 5, fält "belopp": "1.234,50" är tvetydigt'),
    ('typ = "overforing"\ntext = "A"\n"år" = 2024\nbelopp = "-500"\n',
     'sammanträde 2024-03-28 § 5, fält "belopp": beloppet får inte vara negativt.'),
    ('typ = "overforing"\ntext = "A"\nbelopp = "500"\n', 'sammanträde 2024-03-28 § 5, fält "år": saknas för beslutet.'),
    ('typ = "medfinansiering"\ntext = "A"\ninsats = "4.0"\nbelopp = 1\nfran = 2024-05-01\ntill = 2024-04-01\n',
     'sammanträde 2024-03-28 § 5, fält "till": perioden slutar före den börjar.'),
    ('typ = "budget"\ntext = "A"\nar = 2024\nbudgetram = 1\ninsatser = { "4.0" = { volym = 3 } }\n',
     'sammanträde 2024-03-28 § 5, fält "insatser."4.0".kostnadsbudget": saknas.'),
    ('typ = "ovrigt"\ntext = "Gäller 19811218-9876"\n', 'sammanträde 2024-03-28 § 5, fält "text": '),
    ('typ = "ovrigt"\n', 'sammanträde 2024-03-28 § 5, fält "text": saknas.'),
])
def test_decisions_that_break_a_rule_are_refused_naming_meeting_paragraph_and_field(service, tmp_path, body, expected):
    # § 4 is fine and recorded inside the transaction first; § 5 refuses the whole file.
    text = HEAD.replace("paragraf = 5",
                        'paragraf = 4\ntyp = "ovrigt"\ntext = "Ok"\n\n[[sammantrade.beslut]]\nparagraf = 5')
    error = refused(service, toml(tmp_path, text + body))
    assert error.message.startswith("beslut.toml: " + expected), error.message
    assert meeting(service, MARCH) is None


@pytest.mark.parametrize("text, expected", [
    ("[[sammantrade]]\ndatum = 2024-03-28\n[[sammantrade]]\ndatum = 2024-03-28\n",
     'beslut.toml: sammanträde 2024-03-28, fält "datum": sammanträdet finns två gånger i filen.'),
    ("[[sammantrade]]\nnamn = \"Möte\"\n", 'beslut.toml: sammanträde nr 1, fält "datum": saknas.'),
    ("[[sammantrade]]\ndatum = 2024-03-28\nplats = \"Motala\"\n",
     'beslut.toml: sammanträde nr 1, fält "plats": okänt fält – tillåtna är beslut, datum, namn.'),
    ("[[mote]]\ndatum = 2024-03-28\n", 'beslut.toml, fält "mote": okänd tabell'),
    ("[[sammantrade]]\ndatum = 2024-03-28\nnamn = \n",
     "beslut.toml rad 3, kolumn 8: filen är inte giltig TOML – ogiltigt värde"),
    ("", "beslut.toml: filen har inga sammanträden"),
])
def test_broken_files_are_refused(service, tmp_path, text, expected):
    assert refused(service, toml(tmp_path, text)).message.startswith(expected)


def test_a_file_that_is_not_utf8_is_refused(service, tmp_path):
    path = tmp_path / "beslut.toml"
    path.write_bytes('[[sammantrade]]\ndatum = 2024-03-28\nnamn = "Styrelsemöte"\n'.encode("cp1252"))
    assert refused(service, path).message == "beslut.toml: filen är inte UTF-8-kodad (TOML ska vara UTF-8)."


def test_a_rule_of_the_board_is_reported_as_such(service, tmp_path):
    body = 'typ = "medfinansiering"\ntext = "A"\ninsats = "4.0"\nbelopp = 1\nfran = 2024-05-01\ntill = 2024-04-01\n'
    assert isinstance(refused(service, toml(tmp_path, HEAD + body)).cause, RuleViolation)
