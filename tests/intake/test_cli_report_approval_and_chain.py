"""A report approved by the board says so on its first page, in every format, and every
report's footer witnesses the hash chain: the head, the event count and the position it
was built from – the same head `finsam verify` prints and `--huvud` takes back."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pypdf
import pytest

from audit_helpers import approve, ok, small_year
from cli_helpers import finsam
from projections_helpers import TODAY

APPROVED = "Godkänd av styrelsen 2021-10-29 § 7"
REPORT = ("report", "delarsrapport", "--cutoff", "2021-08-31")


def chain_head(url: str) -> tuple[int, str]:
    match = re.search(r"Kedjans huvud: #(\d+) ([0-9a-f]{64})", ok(finsam(url, "verify", today=TODAY)))
    assert match
    return int(match.group(1)), match.group(2)


def text_of(path: Path, fmt: str) -> str:
    """What a reader sees in the file (PDF and XLSX unpacked), whitespace removed."""
    data = path.read_bytes()
    if fmt == "pdf":
        shown = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)
    elif fmt == "xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            shown = "".join(book.read(n).decode("utf-8") for n in book.namelist() if n.endswith(".xml"))
    else:
        shown = data.decode("utf-8")
    return re.sub(r"\s+", "", shown)


@pytest.fixture(scope="module")
def approved_ledger(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('godkand') / 'finsam.sqlite'}"
    small_year(url)
    approve(url)
    return url


@pytest.mark.parametrize("fmt", ["text", "md", "html", "xlsx", "pdf"])
def test_an_approved_report_says_so_and_prints_the_chain_head_in_every_format(approved_ledger, fmt, tmp_path):
    position, head = chain_head(approved_ledger)
    out = tmp_path / f"rapport.{fmt}"
    ok(finsam(approved_ledger, *REPORT, "--format", fmt, "-o", str(out), today=TODAY))
    shown = text_of(out, fmt)
    assert re.sub(r"\s+", "", APPROVED) in shown
    expected = f"Byggd på händelser t.o.m. nr {position} i händelseloggen. Loggen hade då {position} händelser; " \
               f"kedjans huvud #{position}:{head}."
    assert re.sub(r"\s+", "", expected) in shown


def test_the_json_report_names_the_approval_and_the_footer_head_verifies(approved_ledger):
    report = json.loads(ok(finsam(approved_ledger, *REPORT, "--format", "json", today=TODAY)))
    assert report["godkand"]["text"] == APPROVED and list(report)[-1] == "godkand"
    text = ok(finsam(approved_ledger, *REPORT, today=TODAY))
    witness = re.search(r"kedjans huvud (#\d+:[0-9a-f]{64})", text).group(1)
    assert ok(finsam(approved_ledger, "verify", "--huvud", witness, today=TODAY)).startswith("Loggen stämmer")


def test_a_report_as_known_before_the_approval_neither_says_it_nor_has_the_key(approved_ledger):
    history = json.loads(ok(finsam(approved_ledger, "history", "--format", "json", today=TODAY)))
    before = history[-1]["position"] - 1
    text = ok(finsam(approved_ledger, *REPORT, "--known-at", f"#{before}", today=TODAY))
    assert "Godkänd" not in text and f"kedjans huvud #{before}:" in text
    assert "godkand" not in json.loads(ok(finsam(approved_ledger, *REPORT, "--known-at", f"#{before}",
                                                 "--format", "json", today=TODAY)))


def test_the_footers_head_is_the_one_verify_prints_on_both_databases(db_url):
    small_year(db_url)
    position, head = chain_head(db_url)
    text = ok(finsam(db_url, *REPORT, today=TODAY))
    assert f"Loggen hade då {position} händelser; kedjans huvud #{position}:{head}." in text
