"""`finsam record …`, `record correction …` and `close-period`: the happy path of every
command, told as one month in the life of a förbund, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from cli_helpers import ACTOR, event_count, example_with_sip, finsam, history_json, ok
from paths import FIXTURES


def test_a_month_is_recorded_corrected_and_closed_through_the_cli(db_url: str, tmp_path: Path) -> None:
    def record(*args: str) -> str:
        return ok(finsam(db_url, *args))

    record("init", str(example_with_sip(tmp_path)))

    # Opening balances, then January's flow (counts not given are 0) and SIP's meetings.
    assert "Ingående deltagare Försteg Exempel (4.0) per 2024-01-01" in record(
        "record", "opening", "--insats", "4.0", "--datum", "2024-01-01", "--aktiva-kvinnor", "2", "--aktiva-man", "1")
    assert "Flöde Försteg Exempel (4.0) 2024-01" in record(
        "record", "flow", "--insats", "Försteg Exempel", "--manad", "2024-01", "--paborjade-kvinnor", "3",
        "--paborjade-man", "2", "--avslutade-kvinnor", "4", "--avslutade-ej-angivet", "0",
        "--till-arbete", "1", "--till-studier", "2", "--till-ovrigt", "1")
    assert "Volym SIP (5.0) 2024-01: 6" in record("record", "volume", "--insats", "SIP", "--manad", "2024-01",
                                                  "--volym", "6")

    # Vouchers: numbered by hand, numbered automatically, and the simple cost form.
    assert "A12" in record("record", "voucher", "--datum", "2024-01-31", "--serie", "A", "--nummer", "12",
                           "--text", "Faktura januari", "--rad", "4610:245 000,00:4.0", "--rad", "2440:−245 000,00")
    assert "B1" in record("record", "voucher", "--datum", "2024-01-31", "--serie", "B", "--text", "Bankavgift",
                          "--rad", "8590:1 234,50", "--rad", "1930:-1 234,50")
    assert "245 000,00 kr" in record("record", "cost", "--insats", "Försteg Exempel", "--manad", "2024-01",
                                     "--belopp", "245 000 kr")

    # The board meets and decides: a budget, co-financing and a rename.
    assert "Sammanträde 2024-01-25" in record("record", "meeting", "--datum", "2024-01-25")
    record("record", "decision", "--sammantrade", "2024-01-25", "--paragraf", "1", "--typ", "budget",
           "--text", "Budget 2024", "--ar", "2024", "--budgetram", "10 010 000", "--eget-kapital", "1 366 000",
           "--insats-budget", "4.0=2 950 000", "--insats-volym", "4.0=120", "--insats-budget", "SIP=400 000",
           "--medlemsbidrag", "Försäkringskassan=4 897 000", "--mal-individ", "333", "--mal-struktur", "900")
    record("record", "decision", "--sammantrade", "2024-01-25", "--paragraf", "§ 2", "--typ", "medfinansiering",
           "--text", "Medfinansiering", "--insats", "4.0", "--belopp", "91 000 kr", "--fran", "2024-01-01",
           "--till", "2024-12-31", "--datum", "2024-01-20")
    record("record", "decision", "--sammantrade", "2024-01-25", "--paragraf", "3", "--typ", "insats_namnbyte",
           "--text", "Nytt namn", "--insats", "SIP", "--namn", "SIP Exempel")

    # Corrections name what they correct and why; a voucher is reversed, never changed.
    record("record", "correction", "flow", "--insats", "4.0", "--manad", "2024-01", "--paborjade-kvinnor", "4",
           "--paborjade-man", "2", "--avslutade-kvinnor", "4", "--till-arbete", "2", "--till-studier", "2",
           "--till-ovrigt", "0", "--orsak", "Felräknat")
    record("record", "correction", "volume", "--insats", "SIP Exempel", "--manad", "2024-01", "--volym", "7",
           "--orsak", "Ett möte saknades")
    record("record", "correction", "decision", "--sammantrade", "2024-01-25", "--paragraf", "1", "--orsak", "Fel ram",
           "--ar", "2024", "--budgetram", "10 000 000", "--insats-budget", "4.0=2 950 000")
    assert "vänder A12 (2024)" in record("record", "correction", "voucher", "--ar", "2024", "--serie", "A",
                                         "--nummer", "12", "--orsak", "Fel insats", "--datum", "2024-02-05")
    assert "2024-01 är stängd" in record("close-period", "2024-01")

    # The year's number of employees: recorded once; another number is a correction with a reason.
    assert "Provkörning – inget sparat: Antal anställda 2023: 2" in record(
        "record", "employees", "--ar", "2023", "--antal", "2", "--dry-run")
    assert "Antal anställda 2023: 2" in record("record", "employees", "--ar", "2023", "--antal", "2")
    assert "Rättelse av antal anställda 2023" in record(
        "record", "correction", "employees", "--ar", "2023", "--antal", "3", "--orsak", "Vikarien räknades inte")

    events = history_json(db_url)
    assert len(events) == event_count(db_url)
    assert {e["actor"] for e in events} == {ACTOR}
    counts = Counter(e["event"] for e in events)
    assert counts["FlowReported"] == counts["FlowCorrected"] == counts["VolumeCorrected"] == 1
    assert counts["DecisionRecorded"] == 3 and counts["DecisionCorrected"] == 1
    assert counts["Posted"] == 4 and counts["Reversed"] == 1 and counts["MonthClosed"] == 1
    assert counts["EmployeesRecorded"] == counts["EmployeesCorrected"] == 1
    summaries = "\n".join(e["summary"] for e in events)
    flow = next(e for e in events if e["event"] == "FlowReported")
    assert f"Rättelse av flöde Försteg Exempel (4.0) 2024-01 (rättar #{flow['position']})" in summaries
    assert "orsak: Felräknat" in summaries
    assert "Insats SIP (5.0) byter namn till SIP Exempel" in summaries
    employees = next(e for e in events if e["event"] == "EmployeesRecorded")
    assert (employees["effective"], employees["data"]) == ("2023-12-31", {"antal": 2})
    assert "Antal anställda 2023: 2" in summaries
    assert (f"Rättelse av antal anställda 2023 (rättar #{employees['position']}): 3 – orsak: Vikarien räknades inte"
            in summaries)
    budget = next(e for e in events if e["event"] == "DecisionRecorded")
    assert budget["data"]["data"]["budgetram"] == 1_001_000_000  # öre
    assert budget["data"]["data"]["insatser"]["5.0"] == {"kostnadsbudget": 40_000_000, "volym": None}


def test_the_actor_flag_is_recorded_an_unknown_forbund_is_refused_and_a_dead_database_exits_4(sqlite_url: str) -> None:
    ok(finsam(sqlite_url, "--actor", "kansliet", "init", str(FIXTURES / "forbund_exempel.toml")))
    assert {e["actor"] for e in history_json(sqlite_url)} == {"kansliet"}

    result = finsam(sqlite_url, "--forbund", "999999-9999", "record", "meeting", "--datum", "2024-01-25")
    assert result.returncode == 3
    assert 'Fel: Fältet "--forbund": förbundet 999999-9999 finns inte' in result.stderr

    dead = finsam("postgresql://nobody@127.0.0.1:1/finsam", "status")
    assert dead.returncode == 4
    assert dead.stderr.startswith('Fel: Fältet "--db": kunde inte ansluta till PostgreSQL-databasen 127.0.0.1:1/finsam')
    assert "Traceback" not in dead.stderr
