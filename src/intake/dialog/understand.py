"""One utterance of the chat, read into the slots it fills: month, started and ended per
gender, outcomes, a volume, a lone number, and the words that may name an insats.

Reading is forgiving and never guesses: "3 tjejer" is kept under the key "?tjejer" (the
engine asks what it means), a number without a gender is a lone number (the engine asks or, for a volume,
takes it). Pairs are tied to the verb next to them: "3 kvinnor och 2 män började, en man
slutade" and "påbörjade 3 kvinnor, avslutade 1 man" both read as one would say them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ledger.values import month_end

from . import words

_TOKEN = re.compile(r"\d{4}-\d{2}|\d+(?:[.,]\d+)?|[^\W\d]+|\?", re.UNICODE)


@dataclass
class Reading:
    """What one utterance says. Counts are per ledger key ("kvinna", "arbete"); `None`
    means the utterance did not speak of that slot at all."""

    tokens: list[str]
    prefix: str = ""  # the leading words, before anything recognised: maybe an insats
    month: date | None = None
    started: dict[str, int] | None = None
    ended: dict[str, int] | None = None
    outcomes: dict[str, int] | None = None
    free: dict[str, int] | None = None  # counts per gender said without a verb
    volume: int | None = None
    lone: int | None = None  # a number said alone ("3", "fyra")
    lone_verb: str | None = None  # the verb a lone number was said with ("3 började"): started/ended
    outcome_words: list[str] = field(default_factory=list)  # outcomes said without a count

    def says_counts(self) -> bool:
        return any(x is not None for x in (self.started, self.ended, self.outcomes, self.free))


def tokens_of(text: str) -> list[str]:
    """The utterance as lower-case words and numbers; "ej angivet" becomes one word."""
    text = re.sub(r"\bej\s+angiv(et|na)\b", "ej_angivet", text.lower())
    return _TOKEN.findall(text)


def previous_month(today: date) -> date:
    first = today.replace(day=1)
    return date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)


def latest_ended(month: int, today: date) -> date:
    """The most recent month with this number that has ended by `today`."""
    candidate = date(today.year, month, 1)
    return candidate if month_end(candidate) < today else date(today.year - 1, month, 1)


def _is_year(token: str) -> bool:
    return bool(re.fullmatch(r"(19|20)\d\d", token))


class _Reader:
    def __init__(self, tokens: list[str], today: date, expect_insats: bool) -> None:
        self.t = tokens
        self.today = today
        self.r = Reading(tokens)
        self.pending: list[tuple[str, int]] = []
        self.forward: str | None = None  # a verb said before its pairs ("påbörjade 3 kvinnor")
        self.last_verb: str | None = None
        self.last_ended: int | None = None  # total of the latest pairs tied to "slutade"
        # An answer to any question but the insats names no insats: every word counts.
        self.prefix_done = not expect_insats or len(tokens) == 1 and tokens[0] in words.NUMBERS
        self.prefix: list[str] = []

    def counts(self, name: str) -> dict[str, int]:
        current = getattr(self.r, name)
        if current is None:
            current = {}
            setattr(self.r, name, current)
        return current

    def tie(self, verb: str, pairs: list[tuple[str, int]]) -> None:
        target = self.counts("started" if verb == "started" else "ended")
        for gender, n in pairs:
            target[gender] = target.get(gender, 0) + n
        if verb == "ended" and pairs:
            self.last_ended = sum(n for _, n in pairs)

    def stop_prefix(self) -> None:
        self.prefix_done = True

    def read(self) -> Reading:
        t, i = self.t, 0
        while i < len(t):
            i = self.step(i)
        if self.pending:
            verb = self.forward or self.last_verb
            if verb:
                self.tie(verb, self.pending)
            else:
                free = self.counts("free")
                for gender, n in self.pending:
                    free[gender] = free.get(gender, 0) + n
        self.r.prefix = " ".join(self.prefix)
        return self.r

    def step(self, i: int) -> int:  # noqa: C901 - one dispatch over the kinds of word
        t = self.t
        word = t[i]
        nxt = t[i + 1] if i + 1 < len(t) else ""
        if re.fullmatch(r"\d{4}-\d{2}", word):
            year, month = map(int, word.split("-"))
            if 1 <= month <= 12:
                self.r.month = date(year, month, 1)
            self.stop_prefix()
            return i + 1
        if word in words.MONTHS and (word in words.MONTH_NAMES or self.prefix_done or _is_year(nxt) or not nxt):
            month = words.MONTHS[word]
            if _is_year(nxt):
                self.r.month = date(int(nxt), month, 1)
                i += 1
            else:
                self.r.month = latest_ended(month, self.today)
            self.stop_prefix()
            return i + 1
        if word == "förra" and nxt.startswith("månad"):
            self.r.month = previous_month(self.today)
            self.stop_prefix()
            return i + 2
        if word in words.STARTED or word in words.ENDED:
            verb = "started" if word in words.STARTED else "ended"
            self.stop_prefix()
            if words.number(nxt) is not None and not self.pending:
                self.forward = verb
            elif self.pending:
                self.tie(verb, self.pending)
                self.pending, self.forward = [], None
            else:
                self.forward = verb
            self.last_verb = verb
            return i + 1
        if word == "till" and nxt in words.OUTCOMES:
            return self.outcome(words.OUTCOMES[nxt], None, i + 2)
        n = words.number(word)
        if n is not None and (word.isdigit() or self.prefix_done or nxt in words.GENDERS
                              or nxt in words.LOOSE_GENDERS or nxt in words.VOLUME_UNITS):
            return self.after_number(n, i + 1)
        if word in words.GENDERS:  # "man" alone: one of that gender ("kvinna slutade")
            self.stop_prefix()
            self.pair(words.GENDERS[word], 1 if word in ("kvinna", "man") else 0)
            return i + 1
        if word in words.OUTCOMES and self.prefix_done:
            return self.outcome(words.OUTCOMES[word], None, i + 1)
        if not self.prefix_done and not _is_year(word):
            self.prefix.append(word)
        return i + 1

    def after_number(self, n: int, i: int) -> int:
        t = self.t
        self.stop_prefix()
        if i < len(t) and t[i] in ("st", "stycken"):
            i += 1
        word = t[i] if i < len(t) else ""
        if word in words.GENDERS:
            self.pair(words.GENDERS[word], n)
            return i + 1
        if word in words.LOOSE_GENDERS:  # kept under "?tjejer": the engine asks what it means
            self.pair(f"?{word}", n)
            return i + 1
        if word in words.VOLUME_UNITS:
            self.r.volume = n
            return i + 1
        if word == "till" and i + 1 < len(t) and t[i + 1] in words.OUTCOMES:
            return self.outcome(words.OUTCOMES[t[i + 1]], n, i + 2)
        if word in words.OUTCOMES:
            return self.outcome(words.OUTCOMES[word], n, i + 1)
        verb = "started" if word in words.STARTED else "ended" if word in words.ENDED else self.forward
        after = t[i + 1] if i + 1 < len(t) else ""
        if word in (words.STARTED | words.ENDED) and after in words.GENDERS:  # "2 nya kvinnor"
            self.tie(verb, [(words.GENDERS[after], n)])  # type: ignore[arg-type]
            self.stop_prefix()
            return i + 2
        if verb and n == 0:  # "inga började", "avslutade: inga"
            self.counts(verb)
        elif verb:  # "3 började": a count without its gender, to be asked about
            self.r.lone, self.r.lone_verb = n, verb
        else:
            self.r.lone = n
        return i

    def pair(self, gender: str, n: int) -> None:
        if self.forward:
            self.tie(self.forward, [(gender, n)])
        else:
            self.pending.append((gender, n))

    def outcome(self, key: str, n: int | None, i: int) -> int:
        self.stop_prefix()
        if key == "annan_insats" and i < len(self.t) and self.t[i] == "insats":
            i += 1
        if n is None and self.pending and self.last_verb is None and self.forward is None:
            # "en man till arbete" said as the answer to avslutade: the pairs are the ended
            n = sum(c for _, c in self.pending)
        if n is None:
            n = self.last_ended
        if n is None:
            self.r.outcome_words.append(key)
            return i
        target = self.counts("outcomes")
        target[key] = target.get(key, 0) + n
        return i


def read(text: str, today: date, *, expect_insats: bool = True) -> Reading:
    """What `text` says, with month names resolved against `today` (the most recent ended
    month of that name when no year is given). Only with `expect_insats` are the leading
    words kept aside as a possible insats name."""
    return _Reader(tokens_of(text), today, expect_insats).read()
