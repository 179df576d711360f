"""Which insats the user means: by code, by name (case, spacing and å/ä/ö aside), by the
short name before a dash ("SIP" for "SIP – samordnad individuell plan"), by the initials of
its name ("FM"), or by a fuzzy name ("forsteg motla"); several near names are
a question, never a guess."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from ledger.domain.insats import Insats
from ledger.suggestions import CUTOFF, squeezed

_FOLD = str.maketrans("åäöéÅÄÖÉ", "aaoeaaoe")
#: A fuzzy match is taken alone only when it leads the next one by this much (0–100).
LEAD = 8


def _plain(text: str) -> str:
    return utils.default_process(squeezed(text).translate(_FOLD))


def short_name(name: str) -> str:
    """What a name is called before its explanation: "SIP – samordnad individuell plan" → "sip"."""
    for dash in (" – ", " — ", " - "):
        if dash in name:
            return _plain(name.split(dash, 1)[0])
    return ""


def initials(name: str) -> str:
    return "".join(word[0] for word in _plain(name).split() if word)


@dataclass(frozen=True)
class Match:
    """The insats found (`chosen`), or the candidates to ask about (none: nothing is near)."""

    chosen: Insats | None
    candidates: tuple[Insats, ...] = ()
    fuzzy: bool = False


def find(said: str, tokens: list[str], insatser: list[Insats]) -> Match:
    """The insats `said` (the leading words of an utterance) or one of `tokens` names."""
    by_code = [i for i in insatser if any(t == i.kod.casefold() for t in tokens)]
    if len(by_code) == 1:
        return Match(by_code[0])
    said_plain = _plain(said)
    if not said_plain:
        return Match(None)
    exact = [i for i in insatser if said_plain in (_plain(i.namn), _plain(i.kod))]
    if len(exact) == 1:
        return Match(exact[0])
    by_short = [i for i in insatser if short_name(i.namn) == said_plain]
    if len(by_short) == 1:
        return Match(by_short[0])
    inside = [i for i in insatser if _plain(i.namn) and f" {_plain(i.namn)} " in f" {said_plain} "]
    if len(inside) == 1:
        return Match(inside[0])
    by_initials = [i for i in insatser if len(said_plain) >= 2 and initials(i.namn) == said_plain.replace(" ", "")]
    if len(by_initials) == 1:
        return Match(by_initials[0])
    names = {i.namn: i for i in insatser}
    found = process.extract(said, list(names), scorer=fuzz.WRatio, processor=_plain, score_cutoff=CUTOFF, limit=4)
    if not found:
        return Match(None)
    if len(found) == 1 or found[0][1] - found[1][1] >= LEAD:
        return Match(names[found[0][0]], fuzzy=True)
    best = found[0][1]
    return Match(None, tuple(names[name] for name, score, _ in found if best - score < LEAD))
