"""What the chat says: the greeting, one question per slot, and "hjälp" for each moment."""

from __future__ import annotations

from ledger.decision_kinds import DECISION_KINDS
from ledger.domain.insats import Insats
from ledger.values import LABELS

from .entries import Entry

GREETING = (
    'Vad vill du registrera? Skriv t.ex. "Försteg Motala mars: 3 kvinnor och 2 män började, '
    'en man slutade till arbete" eller "SIP januari: 6 möten". Skriv "hjälp" när som helst.'
)

SLOT_NAMES = {
    "insats": "insatsen", "manad": "månaden", "paborjade": "påbörjade", "avslutade": "avslutade",
    "utfall": "utfallen", "volym": "antalet", "bekräfta": "sammanfattningen",
    "andring": "ändringen", "orsak": "orsaken", "belopp": "beloppet",
}

_STEER = '"nej" (eller "nej, fyra") ändrar senaste svaret, "avbryt" slänger posten.'


def question(slot: str, entry: Entry) -> str:
    """The question that asks for `slot`."""
    if slot == "insats" and entry.correction:
        return 'Vilken insats ska rättas? Skriv namnet eller koden, t.ex. "ISA" eller "4.0".'
    if slot == "insats":
        return 'Vilken insats gäller det? Skriv namnet eller koden, t.ex. "Försteg Motala" eller "4.0".'
    if slot == "manad":
        return f'Vilken månad gäller {entry.insats.label() if entry.insats else "det"}? T.ex. "mars" eller "2024-03".'
    if slot == "paborjade":
        return 'Hur många påbörjade? T.ex. "2 kvinnor och 1 man", eller "inga".'
    if slot == "avslutade":
        return 'Hur många avslutade? T.ex. "1 man", eller "inga".'
    if slot == "andring":
        return 'Vad ska det vara? T.ex. "4 kvinnor började" eller "1 man slutade".'
    if slot == "belopp":
        return 'Hur stort är beloppet? T.ex. "245 000 kr".'
    if slot == "orsak":
        return 'Varför rättas det? Orsaken sparas med rättelsen, t.ex. "felräknat".'
    if slot == "utfall":
        n = entry.ended()
        who = "den som avslutades" if n == 1 else f"de {n} som avslutades"
        return (f"Vart gick {who}? Arbete, studier, arbetssökande, annan insats eller övrigt – "
                't.ex. "arbete" eller "1 arbete och 1 studier".')
    unit = LABELS.get(entry.insats.matt, "deltagare") if entry.insats else "deltagare"
    return f"Hur många {unit}? T.ex. 6."


def help_text(slot: str | None, insatser: list[Insats]) -> str:
    """What can be said now."""
    if slot is None:
        names = ", ".join(i.label() for i in insatser)
        return (
            "Registrera en månads flöde eller volym för en insats, i en mening eller en sak i taget: "
            '"Försteg Motala mars: 3 kvinnor och 2 män började, en man slutade till arbete", '
            f'"SIP januari 2024: 6 möten", eller bara insatsens namn. En kostnad: "Försteg Motala mars 245 000 kr". '
            'En rättelse börjar med "rätta": '
            f'"rätta ISA mars: det var 4 kvinnor". Ett sammanträde med beslut: "styrelsemöte 2024-03-15 § 7: '
            'budget 2025 4 200 000 kr"; en rättelse av ett beslut: "rätta beslut 2024-03-15 § 7: budgetram '
            '4 500 000 kr". "ångra" direkt efter att något sparats visar rättelsen som tar tillbaka det. '
            f"Insatserna: {names}. Inget sparas förrän du svarat ja på sammanfattningen."
        )
    if slot == "insats":
        names = ", ".join(i.label() for i in insatser)
        return f"Skriv insatsens namn (eller en del av det) eller kod. Insatserna: {names}. {_STEER}"
    if slot == "manad":
        return ('Skriv månaden som namn ("mars", "mars 2024"), "förra månaden" eller ÅÅÅÅ-MM. Utan år menas '
                f"den senaste månaden med det namnet som har tagit slut. {_STEER}")
    if slot in ("paborjade", "avslutade"):
        return ('Skriv antal per kön – kvinnor, män eller ej angivet – med siffror eller ord: '
                f'"tre kvinnor och en man", "2 män", "inga". {_STEER}')
    if slot == "utfall":
        return ('Skriv vart de avslutade gick: arbete, studier, arbetssökande, annan insats eller övrigt, '
                f'med antal när de är flera ("1 arbete och 1 studier"). {_STEER}')
    if slot == "andring":
        return ('Skriv de rätta värdena med vad de gäller: "det var 4 kvinnor som började", "2 män slutade". '
                f"Det du inte nämner behåller sitt registrerade värde. {_STEER}")
    if slot == "belopp":
        return ('Skriv beloppet på svenskt vis: "245 000 kr", "12 500:-", "1 234,50"; en kreditering är negativ. '
                + _STEER)
    if slot == "orsak":
        return f"Skriv med egna ord varför det rättas (utan personnummer). {_STEER}"
    if slot == "volym":
        return f'Skriv antalet som en siffra eller ett ord: "6", "sex möten". {_STEER}'
    return ('"ja", "j" eller "spara" sparar det som står i sammanfattningen; '
            f"{_STEER}")


def board_help(slot: str | None) -> str:
    """What can be said now in a meeting entry or a decision's correction."""
    kinds = ", ".join(DECISION_KINDS.values())
    if slot in ("datum", None):
        return ('Skriv sammanträdets datum: "2024-03-15", "15 mars" eller "15 mars 2024". Ett helt beslut i en '
                f'mening: "styrelsemöte 2024-03-15 § 7: budget 2025 4 200 000 kr". {_STEER}')
    if slot == "typ":
        return f"Skriv vad som beslutades – {kinds}. {_STEER}"
    if slot == "andring":
        return ('Skriv det som ska ändras med sitt värde: "budgetram 4 500 000 kr", "till 2024-12-31", '
                f'eller en ny text inom citattecken. Det du inte nämner behåller sitt värde. {_STEER}')
    if slot == "bekräfta":
        return ('"ja" sparar det som står i sammanfattningen; "§ 8 …" lägger till ett beslut till i samma '
                f"sammanträde. {_STEER}")
    return f"Svara på frågan – med siffror, ett datum (ÅÅÅÅ-MM-DD), ett belopp med kr eller ett namn. {_STEER}"
