"""The Swedish words a coordinator uses in the chat: numbers, genders, outcomes, months and
the few answers that steer the dialog (ja, nej, avbryt, hjälp).

Every lookup takes a word already lower-cased; `fold` drops å/ä/ö so "man" and "män",
"mars" and "Mars" meet the same key where that is harmless.
"""

from __future__ import annotations

NUMBERS = {
    "noll": 0, "inga": 0, "ingen": 0, "inget": 0,
    "en": 1, "ett": 1, "ena": 1, "två": 2, "tva": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6,
    "sju": 7, "åtta": 8, "atta": 8, "nio": 9, "tio": 10, "elva": 11, "tolv": 12,
}

#: Gender words the ledger knows; "ej angivet" is two words and is found before tokenising.
GENDERS = {
    "kvinna": "kvinna", "kvinnor": "kvinna", "kvinnorna": "kvinna",
    "man": "man", "män": "man", "männen": "man",
    "ej_angivet": "ej_angivet",
}

#: Words that sound like a gender but are not the ledger's: asked about, never guessed.
LOOSE_GENDERS = {"tjej": "kvinna", "tjejer": "kvinna", "kille": "man", "killar": "man",
                 "flickor": "kvinna", "pojkar": "man"}

#: Outcome words (first word of a phrase) -> the ledger's outcome.
OUTCOMES = {
    "arbete": "arbete", "jobb": "arbete", "anställning": "arbete",
    "studier": "studier", "studera": "studier", "utbildning": "studier", "studie": "studier",
    "arbetssökande": "arbetssokande", "arbetssokande": "arbetssokande",
    "annan": "annan_insats", "rehabilitering": "annan_insats", "rehab": "annan_insats",
    "övrigt": "ovrigt", "ovrigt": "ovrigt", "annat": "ovrigt",
}

STARTED = {"började", "borjade", "påbörjade", "paborjade", "startade", "nya", "ny", "påbörjat", "började,",
           "kom", "skrevs"}
ENDED = {"slutade", "avslutade", "avslutades", "avslutat", "avslutad", "gick", "slutat", "lämnade"}

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "maj": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augusti": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "december": 12, "dec": 12,
}
MONTH_NAMES = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december")

#: Units of a volume; a number followed by one of them is the volume.
VOLUME_UNITS = {"möte", "möten", "mote", "moten", "tillfälle", "tillfällen", "tillfallen",
                "deltagare", "unika", "st", "stycken"}

YES = {"ja", "j", "spara", "japp", "jajamen", "ok", "okej", "stämmer"}
NO = {"nej", "n", "nä", "nope"}
CANCEL = {"avbryt", "avbryt.", "glöm", "strunta"}
HELP = {"hjälp", "hjalp", "?", "help"}
CORRECT = {"rätta", "ratta", "rättelse", "korrigera", "ändra"}
COST = {"kostnad", "kostnaden", "faktura"}
UNDO = {"ångra", "angra", "ångra!", "ångrar"}
#: After "rätta": a decision's correction ("rätta beslut 2024-03-15 § 7 …").
DECISION = {"beslut", "beslutet", "paragraf", "§"}


def number(word: str) -> int | None:
    """The count a word or digits say ("tre" -> 3, "12" -> 12); None for anything else."""
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


def month_name(month: int) -> str:
    return MONTH_NAMES[month - 1]
