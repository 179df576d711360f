"""`finsam report … --mall`: a starting file with every text section and the figures the
text usually quotes as placeholders, so the text cannot disagree with the tables.

A sentence is offered only when the report has every figure it quotes (a report without
a budget decision gets no sentence about the budgetram). A comment at the top lists
every placeholder with the value it has in this report.
"""

from __future__ import annotations

import re

from ..model import Report
from .placeholders import values
from .sections import BY_ID, TEXT_KINDS

_NAME = re.compile(r"\{([a-z_]+)\}")
WRITE = "[Skriv här.]"

# Per section: sentences (with placeholders) and a prompt for what the board usually says.
SENTENCES: dict[str, tuple[str, ...]] = {
    "ordforande": ("[Ordförandens ord om året som gått: vad styrelsen prioriterat, vad som gått bra och vad "
                   "som väntar.]", "[Namn], ordförande"),
    "sammanfattning": (
        "Det ekonomiska resultatet för perioden {period} är {resultat}.",
        "Budgetramen för {ar} är {budgetram}.",
        "Av budgetramen utgörs {budget_eget_kapital} av eget kapital.",
        "Under perioden har {deltagare} deltagare tagit del av förbundets individinriktade insatser.",
        "Av dem var {deltagare_kvinnor} kvinnor och {deltagare_man} män.",
        "{paborjade} deltagare påbörjade och {avslutade} avslutade en insats.",
        "De strukturövergripande insatserna engagerade {deltagare_struktur} deltagare.",
        "[Det viktigaste som hänt under perioden.]",
    ),
    "organisation": (
        "{forbund} ({orgnr}) är ett samordningsförbund enligt lagen (2003:1210) om finansiell samordning av "
        "rehabiliteringsinsatser. [Medlemmarna, styrelsen och kansliet.]",
    ),
    "uppdrag": ("[Förbundets uppdrag enligt förbundsordningen: att stödja samverkan mellan medlemmarna och "
                "finansiera insatser på individ- och strukturnivå.]",),
    "styrning": ("Under {ar} hölls {styrelsemoten} styrelsemöten.",
                 "[Hur styrelsen styr och följer upp: verksamhetsplan och budget, uppföljning och "
                 "internkontroll.]",),
    "hushallning": (
        "Resultatet för perioden är {resultat} och balanskravsresultatet {balanskravsresultat}.",
        "Budgetförbrukningen är {budget_forbrukning_procent} mot riktpunkten {riktpunkt_procent}.",
        "Det egna kapitalet är {eget_kapital} vid periodens slut och soliditeten {soliditet}.",
        "Av de avslutade deltagarna gick {avslutade_positiv_stegforflyttning_procent} vidare till arbete, "
        "studier eller annan positiv stegförflyttning.",
        "Styrelsens bedömning: [Målen för verksamheten och de finansiella målen bedöms vara uppfyllda / "
        "delvis uppfyllda / inte uppfyllda, därför att …]",
    ),
    "personal": ("[Antal anställda i kansliet, sjukfrånvaro och annat som rör personalen.]",),
    "utveckling": ("Budgetramen för {nasta_ar} är {budgetram_nasta_ar}, där {budget_eget_kapital_nasta_ar} "
                   "utgörs av eget kapital.",
                   "[Vad som väntar: tilldelning nästa år, planerade insatser, eget kapital.]",),
    "principer": ("Rapporten är upprättad i enlighet med lagen (2018:597) om kommunal bokföring och "
                  "redovisning i tillämpliga delar.",),
}


def template(report: Report) -> str:
    """The Markdown starting file for `report` (UTF-8 text ending with a newline)."""
    available = values(report)
    head = [
        "<!--",
        f"Text till {report.title} – {report.forbund.get('namn', '')}.",
        "",
        "Varje rubrik med # är ett avsnitt; finsam placerar avsnitten i årsredovisningens ordning",
        "(förvaltningsberättelse, resultaträkning, balansräkning, kassaflödesanalys, noter,",
        "driftredovisning) med tabellerna där de hör hemma. Ta bort ett avsnitt ni inte vill ha med,",
        "och skriv om texten inom [ ] med era egna ord.",
        "",
        "Ett namn inom klamrar ersätts med rapportens egen siffra när rapporten skapas",
        "(finsam report … --text FIL.md). Skriv {{ och }} för en vanlig klammer. I den här rapporten:",
        *[f"  {{{name}}} = {value}" for name, value in sorted(available.items())],
        "-->",
    ]
    parts = ["\n".join(head)]
    for kind in TEXT_KINDS:
        sentences = [s for s in SENTENCES.get(kind.id, (WRITE,))
                     if all(name in available for name in _NAME.findall(s))]
        parts.append(f"# {BY_ID[kind.id].title}\n\n" + "\n\n".join(sentences or [WRITE]))
    return "\n\n".join(parts) + "\n"
