"""What a förbund is made of, as the catalogue use cases take it: name, members, insatser,
extra accounts and settings. File readers (the förbund TOML) build it; the service applies it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

ORGNR = re.compile(r"^\d{6}-\d{4}$")


@dataclass(frozen=True)
class MemberSpec:
    namn: str
    typ: str
    andel: int | None  # basis points of the funding (2500 = 25 %)


@dataclass(frozen=True)
class InsatsSpec:
    kod: str
    namn: str
    niva: str
    matt: str
    typ: str
    agare: str
    start: date
    objekt: str
    slut: date | None = None


@dataclass(frozen=True)
class ForbundSpec:
    namn: str
    orgnr: str
    kontoplan: str
    medlemmar: tuple[MemberSpec, ...]
    insatser: tuple[InsatsSpec, ...]
    konton: dict[str, str] = field(default_factory=dict)
    installningar: dict[str, Any] = field(default_factory=dict)
