"""The förbund's text for a report (`--text FIL.md`): sections named by headings, the report's
figures put in for placeholders, and every refusal naming the file, line and what is wrong."""

from __future__ import annotations

import pytest

from intake.importers.narrative_md import parse_narrative, read_narrative
from intake.importers.runner import FileInputError
from projections.document.template import template
from render_helpers import golden_report

TEXT = """\
# 1.1 Sammanfattning av verksamhetsåret

Det ekonomiska resultatet är {resultat} och **budgetramen** {budgetram}.
Deltagarna var *{deltagare}*.

## Insatser

- Försteg
- ISA och {{SIP}}

# ORDFÖRANDE HAR ORDET

Ett år har gått.

# God ekonomisk hushållning

1. Målet är uppfyllt.
"""


def test_headings_name_the_sections_whatever_their_numbering_or_case():
    sections = parse_narrative(TEXT, golden_report(), "text.md")
    assert [s.id for s in sections] == ["sammanfattning", "ordforande", "hushallning"]
    assert sections[0].title == "Sammanfattning av verksamhetsåret"
    kinds = [b.kind for b in sections[0].blocks]
    assert kinds == ["p", "h", "ul"]
    assert sections[2].blocks[0].kind == "ol"


def test_placeholders_become_the_reports_own_figures():
    first = parse_narrative(TEXT, golden_report(), "text.md")[0]
    paragraph = first.blocks[0]
    assert paragraph.text == ("Det ekonomiska resultatet är 1 129 829 kr och budgetramen 29 500 000 kr. "
                              "Deltagarna var 197.")
    assert [r.text for r in paragraph.runs if r.bold] == ["budgetramen"]
    assert [r.text for r in paragraph.runs if r.italic] == ["197"]
    assert first.blocks[2].items[1][0].text == "ISA och {SIP}"
    assert "1 129 829 kr" in first.markdown and "{resultat}" not in first.markdown


def test_an_unknown_placeholder_is_refused_with_the_file_line_and_column():
    with pytest.raises(FileInputError) as caught:
        parse_narrative("# Uppdrag\n\nVi hade {resulatet} i år.\n", golden_report(), "text.md")
    assert caught.value.message.startswith("text.md rad 3, kolumn 9: {resulatet} är ingen känd platshållare")
    assert caught.value.exit_code == 3


def test_a_placeholder_the_report_lacks_is_refused_rather_than_left_empty():
    with pytest.raises(FileInputError) as caught:
        parse_narrative("# Uppdrag\n\nSoliditet {summa_skulder}.\n", golden_report(), "text.md")
    assert "rad 3" in caught.value.message and "finns inte i Delårsrapport 2021" in caught.value.message


def test_an_unknown_heading_is_refused_naming_the_line_and_the_known_sections():
    with pytest.raises(FileInputError) as caught:
        parse_narrative("# Uppdrag\n\nText.\n\n# Våra tankar\n\nMer.\n", golden_report(), "text.md")
    message = caught.value.message
    assert message.startswith('text.md rad 5: rubriken "Våra tankar" är inget känt avsnitt')
    assert "Förväntad utveckling" in message


def test_text_before_the_first_heading_and_a_repeated_section_are_refused():
    with pytest.raises(FileInputError, match="rad 1: texten står före första rubriken"):
        parse_narrative("Hej.\n\n# Uppdrag\n", golden_report(), "t.md")
    with pytest.raises(FileInputError, match="rad 3: avsnittet \"uppdrag\" finns redan"):
        parse_narrative("# Uppdrag\n\n# uppdrag\n", golden_report(), "t.md")


def test_a_missing_file_is_refused_with_its_name(tmp_path):
    with pytest.raises(FileInputError, match="finns inte"):
        read_narrative(tmp_path / "saknas.md", golden_report())


def test_the_template_reads_back_with_every_section_and_the_figures_put_in(tmp_path):
    report = golden_report()
    path = tmp_path / "mall.md"
    path.write_text(template(report), encoding="utf-8")
    sections = read_narrative(path, report)
    assert [s.id for s in sections] == ["ordforande", "sammanfattning", "organisation", "uppdrag", "styrning",
                                        "hushallning", "personal", "utveckling", "principer"]
    summary = " ".join(b.text for b in sections[1].blocks)
    assert "1 129 829 kr" in summary and "29 500 000 kr" in summary and "197 deltagare" in summary


def test_the_template_offers_no_sentence_quoting_a_figure_the_report_lacks():
    text = template(golden_report())
    assert "{resultat}" in text
    assert "{soliditet}" not in text.split("-->", 1)[1]  # no balance figures in this report


def test_a_control_character_is_refused_with_its_line_and_column():
    with pytest.raises(FileInputError) as caught:
        parse_narrative("# Uppdrag\n\nEtt\x0bfel.\n", golden_report(), "t.md")
    assert caught.value.message.startswith("t.md rad 3, kolumn 4: otillåtet styrtecken (U+000B)")
