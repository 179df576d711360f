"""Every rule the CLI must enforce: exit code 3, a Swedish message naming the field, and
nothing written. Usage errors exit with 2.

All refusals run against one prepared SQLite ledger (a refusal writes nothing, and each
test proves it by the event count), so the module costs one subprocess per rule.
"""

from __future__ import annotations

import pytest

from cli_helpers import event_count, finsam, prepared_ledger, valid_personnummer

FLOW = ("record", "flow", "--insats", "4.0")
VOUCHER = ("record", "voucher", "--datum", "2024-04-30", "--serie", "A", "--text", "Faktura april")
DECISION = ("record", "decision", "--sammantrade", "2024-03-28", "--typ", "ovrigt")
EMPLOYEES = ("record", "employees")

# (description, arguments, words the message must contain — the field first)
REFUSALS = [
    ("a non-integer count", FLOW + ("--manad", "2024-04", "--paborjade-kvinnor", "2,5"),
     ["--paborjade-kvinnor", "heltal", "2,5"]),
    ("a negative count", FLOW + ("--manad", "2024-04", "--avslutade-man", "-1"), ["--avslutade-man", "heltal"]),
    ("more participants ending than are active", FLOW + ("--manad", "2024-04", "--avslutade-kvinnor", "3",
     "--till-arbete", "3"), ['Fältet "--avslutade-kvinnor"', "bara 2 var aktiva"]),
    ("outcomes that do not add up to the ended", FLOW + ("--manad", "2024-04", "--avslutade-kvinnor", "1"),
     ['Fältet "--till-…"', "utfall"]),
    ("a month that has not ended", FLOW + ("--manad", "2024-05"), ["manad", "inte tagit slut"]),
    ("a second flow for the same month", FLOW + ("--manad", "2024-03"), ["manad", "rättelse"]),
    ("an unknown insats", ("record", "flow", "--insats", "Okänd insats", "--manad", "2024-03"),
     ["insats", "Okänd insats"]),
    ("a month that does not exist", FLOW + ("--manad", "2024-13"), ["--manad", "ÅÅÅÅ-MM"]),
    ("a volume for an insats measured in participants", ("record", "volume", "--insats", "4.0",
     "--manad", "2024-03", "--volym", "4"), ["insats", "deltagare"]),
    ("an unbalanced voucher", VOUCHER + ("--rad", "4610:100,00", "--rad", "2440:-90,00"),
     ["rader", "balanserar inte"]),
    ("a voucher with one line", VOUCHER + ("--rad", "4610:100,00",), ["rader", "minst två rader"]),
    ("a voucher with only zero amounts", VOUCHER + ("--rad", "4610:0", "--rad", "2440:0"), ["rader", "nollbelopp"]),
    ("an amount with three decimals", VOUCHER + ("--rad", "4610:100,005", "--rad", "2440:-100,005"),
     ["--rad 1 belopp", "två decimaler"]),
    ("an ambiguous amount", VOUCHER + ("--rad", "4610:1,234.50", "--rad", "2440:-1 234,50"),
     ["--rad 1 belopp", "tvetydigt"]),
    ("a currency word in a voucher line", VOUCHER + ("--rad", "4610:100 kr", "--rad", "2440:-100"),
     ["--rad 1 belopp", "utan valuta"]),
    ("a voucher line without an amount", VOUCHER + ("--rad", "4610", "--rad", "2440:-100"),
     ["--rad 1", "KONTO:BELOPP"]),
    ("an account outside the chart", VOUCHER + ("--rad", "4999:100", "--rad", "2440:-100"),
     ["rad 1 konto", "4999"]),
    ("a duplicate series and number", VOUCHER + ("--nummer", "12", "--rad", "4610:100", "--rad", "2440:-100"),
     ["nummer", "A12"]),
    ("a posting in a locked period", ("record", "cost", "--insats", "4.0", "--manad", "2024-02",
     "--belopp", "1 000 kr"), ["datum", "stängd"]),
    ("an impossible date", ("record", "meeting", "--datum", "2025-02-30"), ["--datum", "finns inte"]),
    ("an ambiguous date", ("record", "meeting", "--datum", "03/04/2025"), ["--datum", "entydigt"]),
    ("a decision dated after its meeting", DECISION + ("--paragraf", "6", "--text", "Info",
     "--datum", "2024-03-29"), ["datum", "efter"]),
    ("a § number used twice in a meeting", DECISION + ("--paragraf", "5", "--text", "Info"), ["paragraf", "§ 5"]),
    ("a decision for an unknown meeting", ("record", "decision", "--sammantrade", "2024-04-01",
     "--paragraf", "1", "--typ", "ovrigt", "--text", "Info"), ["sammantrade", "2024-04-01"]),
    ("a flag that does not belong to the decision kind", DECISION + ("--paragraf", "6", "--text", "Info",
     "--budgetram", "100"), ["--budgetram", "ovrigt"]),
    ("an unknown member in a budget", ("record", "decision", "--sammantrade", "2024-03-28", "--paragraf", "7",
     "--typ", "budget", "--text", "Budget", "--ar", "2024", "--budgetram", "100",
     "--medlemsbidrag", "Okänd kommun=100"), ["medlem", "Okänd kommun"]),
    ("a personnummer in free text", DECISION + ("--paragraf", "6", "--text", f"Gäller {valid_personnummer()}"),
     ["text", "personnummer"]),
    ("a correction without a reason", ("record", "correction", "flow", "--insats", "4.0", "--manad", "2024-03",
     "--orsak", " "), ["orsak"]),
    ("a correction of a month never reported", ("record", "correction", "flow", "--insats", "4.0",
     "--manad", "2024-01", "--orsak", "fel"), ["manad", "2024-01"]),
    ("a reversal of a missing voucher", ("record", "correction", "voucher", "--ar", "2024", "--serie", "A",
     "--nummer", "99", "--orsak", "fel", "--datum", "2024-04-30"), ["verifikation", "A99"]),
    ("a negative number of employees", EMPLOYEES + ("--ar", "2024", "--antal", "-1"), ["--antal", "heltal"]),
    ("a year not written with four digits", EMPLOYEES + ("--ar", "24", "--antal", "2"), ["--ar", "fyra siffror"]),
    ("employees for a year not begun", EMPLOYEES + ("--ar", "2025", "--antal", "2"), ["ar", "2025", "inte börjat"]),
    ("the same number of employees again", EMPLOYEES + ("--ar", "2023", "--antal", "2"),
     ["antal", "redan registrerat som 2"]),
    ("another number of employees without a correction", EMPLOYEES + ("--ar", "2023", "--antal", "3"),
     ["antal", "finsam record correction employees"]),
    ("a correction of employees without a reason", ("record", "correction", "employees", "--ar", "2023",
     "--antal", "3", "--orsak", " "), ["orsak"]),
    ("a correction of employees never recorded", ("record", "correction", "employees", "--ar", "2022",
     "--antal", "3", "--orsak", "fel"), ["ar", "2022", "inte registrerat"]),
    ("closing a month that has not ended", ("close-period", "2024-05"), ["period", "2024-05"]),
    ("a förbund file with a bad value", ("init", "/nonexistent/forbund.toml"), ["finns inte"]),
]


@pytest.fixture(scope="module")
def ledger_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("refusals")
    url = f"sqlite:///{tmp / 'finsam.sqlite'}"
    prepared_ledger(url, tmp)
    return url


@pytest.mark.parametrize("args, words", [pytest.param(a, w, id=d) for d, a, w in REFUSALS])
def test_refused_input_exits_3_names_the_field_and_writes_nothing(ledger_url: str, args: tuple[str, ...],
                                                                  words: list[str]) -> None:
    before = event_count(ledger_url)
    result = finsam(ledger_url, *args)
    assert result.returncode == 3, result.stdout + result.stderr
    message = result.stderr.strip()
    assert message.startswith("Fel: "), message
    assert "Traceback" not in message
    for word in words:
        assert word in message, f"{word!r} saknas i {message!r}"
    assert result.stdout == ""
    assert event_count(ledger_url) == before


def test_a_dry_run_checks_everything_and_writes_nothing(ledger_url: str) -> None:
    before = event_count(ledger_url)
    result = finsam(ledger_url, *FLOW, "--manad", "2024-04", "--paborjade-man", "1", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Provkörning – inget sparat: Flöde Försteg Exempel (4.0) 2024-04")
    assert event_count(ledger_url) == before


@pytest.mark.parametrize("args, words", [
    pytest.param(FLOW + ("--manad", "2024-04", "--okand-flagga", "1"), ["okänd flagga --okand-flagga"],
                 id="an unknown flag"),
    pytest.param(("record", "flow", "--manad", "2024-04"), ["--insats", "måste anges"], id="a missing required flag"),
    pytest.param(("export", "sie", "--year", "2024"), ["Fel: flaggan -o / --output måste anges\n"],
                 id="a missing flag with two names"),
    pytest.param(("rapportera",), ["okänt kommando"], id="an unknown command"),
    pytest.param(("export", "sie", "--ar", "2024", "-o", "x.se"), ["okänd flagga --ar – menade du någon av --year"],
                 id="an unknown flag near a known one"),
])
def test_a_usage_error_exits_2_with_a_swedish_message_and_writes_nothing(ledger_url: str, args: tuple[str, ...],
                                                                         words: list[str]) -> None:
    before = event_count(ledger_url)
    result = finsam(ledger_url, *args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "Användning: finsam" in result.stderr
    for word in words:
        assert word in result.stderr
    assert event_count(ledger_url) == before
