"""Names the user probably meant: lenient matching of names, and close names for a refusal.

A name typed by a person matches a known one regardless of case and spacing
(`same_name`). When nothing matches, `closest` offers the known names that are near
(rapidfuzz's weighted ratio, with å/ä/ö folded so "forsteg" is near "Försteg").
"""

from __future__ import annotations

from collections.abc import Iterable

from .text import same_text_key

#: How alike (0–100) a known name must be to be suggested: "Förstg" ~ "Försteg Exempel" is 82,
#: "9.9" ~ "4.0" is 33.
CUTOFF = 75
_FOLD = str.maketrans("åäöéÅÄÖÉ", "aaoeaaoe")


def squeezed(text: str) -> str:
    """The name as compared: NFC, case-folded, surrounding space dropped, inner runs of space
    one – two names that look the same are the same name."""
    return same_text_key(text)


def same_name(typed: str, known: str) -> bool:
    """True when `typed` is `known` apart from case and spacing."""
    return squeezed(typed) == squeezed(known)


def _comparable(text: str) -> str:
    from rapidfuzz import utils

    return utils.default_process(squeezed(text).translate(_FOLD))


def closest(typed: str, known: Iterable[str], *, limit: int = 3) -> list[str]:
    """The known names near `typed`, nearest first (at most `limit`; none when nothing is near)."""
    from rapidfuzz import fuzz, process  # only once a name is unknown: not on every command's start-up

    choices = list(dict.fromkeys(known))
    found = process.extract(typed, choices, scorer=fuzz.WRatio, processor=_comparable,
                            score_cutoff=CUTOFF, limit=limit)
    return [name for name, _score, _index in found]


def either(quoted: list[str]) -> str:
    """'"A"', '"A" eller "B"', '"A", "B" eller "C"'."""
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " eller " + quoted[-1]



def _quoted(name: str) -> str:
    return f'"{name}"'


def unknown_insats(typed: str, known: Iterable[tuple[str, str]]) -> str:
    """The refusal for an insats reference that matches no (code, name) in `known`."""
    by_word: dict[str, tuple[str, str]] = {}
    for kod, namn in known:
        by_word.setdefault(namn, (kod, namn))
        by_word.setdefault(kod, (kod, namn))
    near = dict.fromkeys(by_word[word] for word in closest(typed, by_word))
    if not near:
        return f'insatsen "{typed}" finns inte i förbundets katalog. Se alla med finsam status.'
    guesses = either([f"{_quoted(namn)} ({kod})" for kod, namn in near])
    return f'insatsen "{typed}" finns inte – menade du {guesses}? Se alla med finsam status.'


def unknown_member(typed: str, known: Iterable[str]) -> str:
    """The refusal for a member name that matches none of `known` (the förbund's members)."""
    members = list(known)
    if not members:
        return f'medlemmen "{typed}" finns inte i förbundet (inga medlemmar registrerade).'
    near = closest(typed, members)
    guess = f" – menade du {either([_quoted(n) for n in near])}?" if near else "."
    return f'medlemmen "{typed}" finns inte i förbundet{guess} Medlemmarna är {", ".join(members)}.'
