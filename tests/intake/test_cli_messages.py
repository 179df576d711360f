"""Messages that tell the user what to do next, through the real `finsam` entry point:
close names for an unknown insats or member, TOML syntax errors in Swedish with line and
column, members' shares that do not add up, and the right command for how an insats is
measured. Every refusal exits 3 and writes nothing.

The refusals share one prepared SQLite ledger per module (a refusal writes nothing, and each
test proves it by the event count); successes that would write run with --dry-run.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cli_helpers import EXAMPLE_TOML, finsam, ok, prepared_ledger
from cli_helpers import refused as refused_with_stderr


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp = tmp_path_factory.mktemp("messages")
    url = f"sqlite:///{tmp / 'finsam.sqlite'}"
    prepared_ledger(url, tmp)
    return url


def refused(url: str, *args: str) -> str:
    """Run a command that must be refused (exit 3, nothing written); return its stderr on one line."""
    return " ".join(refused_with_stderr(url, *args).split())


FLOW_APRIL = ("record", "flow", "--manad", "2024-04", "--paborjade-kvinnor", "1")
BUDGET = ("record", "decision", "--sammantrade", "2024-03-28", "--paragraf", "9", "--typ", "budget",
          "--text", "Budget 2024", "--ar", "2024", "--budgetram", "100")


# -- unknown insats or member -----------------------------------------------------------------

def test_a_misspelt_insats_is_answered_with_the_closest_name_and_where_to_list_them(ledger: str) -> None:
    message = refused(ledger, *FLOW_APRIL, "--insats", "Förstg")
    assert 'insatsen "Förstg" finns inte – menade du "Försteg Exempel" (4.0)? Se alla med finsam status.' in message


def test_an_insats_like_no_other_gets_only_the_way_to_list_them(ledger: str) -> None:
    message = refused(ledger, *FLOW_APRIL, "--insats", "9.9")
    assert 'insatsen "9.9" finns inte i förbundets katalog. Se alla med finsam status.' in message
    assert "menade du" not in message


def test_an_insats_named_in_another_case_and_spacing_is_still_found(ledger: str) -> None:
    out = ok(finsam(ledger, *FLOW_APRIL, "--insats", "  försteg   EXEMPEL ", "--dry-run"))
    assert "Försteg Exempel (4.0)" in out


def test_a_misspelt_member_is_answered_with_the_closest_name_and_the_members(ledger: str) -> None:
    message = refused(ledger, *BUDGET, "--medlemsbidrag", "Exempel kommun=100")
    assert 'medlemmen "Exempel kommun" finns inte i förbundet – menade du "Exempels kommun"?' in message
    assert "Medlemmarna är Försäkringskassan, Exempels kommun." in message


def test_a_member_named_in_another_case_and_spacing_is_still_found(ledger: str) -> None:
    ok(finsam(ledger, *BUDGET, "--medlemsbidrag", "exempels   KOMMUN=100", "--dry-run"))


# -- TOML syntax ------------------------------------------------------------------------------

def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_syntax_error_in_the_forbund_file_is_told_in_swedish_with_line_and_column(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ny.sqlite'}"
    text = EXAMPLE_TOML.read_text(encoding="utf-8").replace(
        'namn = "Samordningsförbundet Exempel"', "namn = Samordningsförbundet Exempel")
    message = refused(url, "init", str(write(tmp_path, "forbund.toml", text)))
    assert "forbund.toml rad 1, kolumn 8: filen är inte giltig TOML – ogiltigt värde" in message
    assert "citattecken" in message
    assert "Invalid" not in message


def test_an_unquoted_key_with_a_swedish_letter_gets_the_hint_to_quote_it_or_fold_it(
        ledger: str, tmp_path: Path) -> None:
    text = ('[[sammantrade]]\ndatum = 2024-04-25\n\n[[sammantrade.beslut]]\nparagraf = 1\n'
            'typ = "overforing"\ntext = "Överföring"\når = 2024\nbelopp = "100"\n')
    message = refused(ledger, "import", "decisions", str(write(tmp_path, "beslut.toml", text)))
    assert "beslut.toml rad 8, kolumn 1: filen är inte giltig TOML" in message
    assert '"år" = 2024' in message and "ar = 2024" in message


def test_a_syntax_error_at_the_end_of_a_file_still_names_line_and_column(ledger: str, tmp_path: Path) -> None:
    text = '[[sammantrade]]\ndatum = 2024-04-25\nnamn = "Möte'
    message = refused(ledger, "import", "decisions", str(write(tmp_path, "beslut.toml", text)))
    assert "beslut.toml rad 3, kolumn 13: filen är inte giltig TOML – texten saknar avslutande citattecken" in message


# -- members' shares --------------------------------------------------------------------------

def with_shares(tmp_path: Path, *shares: str | None) -> Path:
    text = EXAMPLE_TOML.read_text(encoding="utf-8")
    for member, share in zip(("Försäkringskassan", "Exempels kommun"), shares):
        if share is not None:
            text = text.replace(f'namn = "{member}"', f'namn = "{member}"\nandel = "{share}"')
    return write(tmp_path, "forbund.toml", text)


def test_shares_that_do_not_add_up_to_a_hundred_percent_are_refused_naming_the_sum(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ny.sqlite'}"
    message = refused(url, "init", str(with_shares(tmp_path, "50 %", "40,5 %")))
    assert 'fältet "andel": andelarna är tillsammans 90,5 % – de ska vara 100 %.' in message


def test_shares_given_for_some_members_leave_the_rest_to_the_others(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ny.sqlite'}"
    ok(finsam(url, "init", str(with_shares(tmp_path, "50 %", None)), "--dry-run"))


def test_shares_for_some_members_that_leave_nothing_to_the_others_are_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'ny.sqlite'}"
    message = refused(url, "init", str(with_shares(tmp_path, "100 %", None)))
    assert "andelarna är tillsammans 100 %" in message
    assert "Exempels kommun" in message


# -- the command that fits how the insats is measured --------------------------------------------

def test_a_flow_for_a_volume_insats_names_the_volume_command(ledger: str) -> None:
    message = refused(ledger, "record", "flow", "--insats", "SIP", "--manad", "2024-03", "--paborjade-kvinnor", "1")
    assert "finsam record volume --insats 5.0 --manad ÅÅÅÅ-MM --volym N" in message


def test_a_volume_for_a_participant_insats_names_the_flow_command(ledger: str) -> None:
    message = refused(ledger, "record", "volume", "--insats", "4.0", "--manad", "2024-03", "--volym", "4")
    assert "finsam record flow --insats 4.0" in message
