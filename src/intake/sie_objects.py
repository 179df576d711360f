"""Which insats each object of an SIE file's cost-centre dimension stands for.

An object (`{1 "40"}`) maps to the insats whose `objekt` is "40". The coordinator decides
for objects no insats claims: `--map 10=9.0` books them on insats 9.0, `--map 10=-` on no
insats (e.g. objects the kommun puts on balance accounts). Until every used object has an
answer the import stops and lists them all at once, so one run tells the whole story.
An insats without an `objekt` is found by its code (that is how `finsam export sie`
writes it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ledger.domain.forbund import Forbund
from ledger.errors import InputError, LedgerError
from ledger.service import LedgerService

from .sie import SieFile, SieTrans
from .sie_checks import SieSource

DEFAULT_DIMENSION = "1"
NO_INSATS = "-"


@dataclass
class ObjectMap:
    """Object number -> insats code (None: no insats) for one dimension."""

    dimension: str
    table: dict[str, str | None] = field(default_factory=dict)

    def insats_of(self, row: SieTrans) -> str | None:
        obj = dict(row.objects).get(self.dimension)
        return None if obj is None else self.table[obj]


def dimension_of(forbund: Forbund, dimension: str | None) -> str:
    """`--dimension`, else the förbund's setting `siedimension`, else 1 (kostnadsställe)."""
    return str(dimension or forbund.settings.get("siedimension") or DEFAULT_DIMENSION).strip()


def map_objects(service: LedgerService, forbund: Forbund, sie: SieFile, source: SieSource,
                dimension: str | None, mapping: dict[str, str | None] | None,
                warnings: list[str]) -> ObjectMap:
    """The map for every object the file's #TRANS rows use; refuses when one is unanswered."""
    dim = dimension_of(forbund, dimension)
    first_use: dict[str, int] = {}
    for voucher in sie.vouchers:
        for row in voucher.lines:
            obj = dict(row.objects).get(dim)
            if row.kind == "TRANS" and obj is not None:
                first_use.setdefault(obj, row.lineno)
    given = _resolve_given(service, forbund, mapping or {}, source)
    for obj in sorted(set(given) - set(first_use)):
        warnings.append(f"--map {obj}: objektet används inte i dimension {dim} i filen")
    claims: dict[str, list[str]] = {}
    for insats in service.all_insatser(forbund):
        claims.setdefault(insats.objekt or insats.kod, []).append(insats.kod)
    table: dict[str, str | None] = {}
    unanswered: list[str] = []
    for obj, line in first_use.items():
        if obj in given:
            table[obj] = given[obj]
        elif len(claims.get(obj, [])) == 1:
            table[obj] = claims[obj][0]
        elif obj in claims:
            raise source.refuse(line, "objektlista", f"objekt {obj} i dimension {dim} är objekt för "
                                f"flera insatser ({', '.join(claims[obj])}); ange vilken med --map {obj}=KOD.")
        else:
            unanswered.append(obj)
    if unanswered:
        listed = ", ".join(f"{obj}{_name(sie, dim, obj)} (rad {first_use[obj]})" for obj in unanswered)
        raise source.refuse(
            first_use[unanswered[0]], "objektlista",
            f"{len(unanswered)} objekt i dimension {dim} motsvarar ingen insats: {listed}. Ange vad "
            "de ska bokföras på med --map OBJ=INSATSKOD, eller --map OBJ=- för ingen insats "
            "(t.ex. objekt på balanskonton). Inget har sparats.",
        )
    return ObjectMap(dim, table)


def _resolve_given(service: LedgerService, forbund: Forbund, mapping: dict[str, str | None],
                   source: SieSource) -> dict[str, str | None]:
    resolved: dict[str, str | None] = {}
    for obj, ref in mapping.items():
        if ref is None or ref.strip() == NO_INSATS:
            resolved[obj] = None
            continue
        try:
            resolved[obj] = service.insats(forbund, ref, field="--map").kod
        except LedgerError as exc:
            raise source.at(None).wrap(exc, "--map") from exc
    return resolved


def _name(sie: SieFile, dim: str, obj: str) -> str:
    name = sie.objekt.get((dim, obj), "")
    return f' "{name}"' if name else ""


def parse_map(values: list[str]) -> dict[str, str | None]:
    """`["10=9.0", "20=-"]` -> `{"10": "9.0", "20": None}`; a value without `=` is refused."""
    out: dict[str, str | None] = {}
    for raw in values:
        obj, sep, ref = raw.partition("=")
        if not sep or not obj.strip() or not ref.strip():
            raise InputError(f'Fältet "--map": "{raw}" – skriv OBJEKT=INSATSKOD, t.ex. 10=9.0, '
                                "eller OBJEKT=- för ingen insats.", field="--map")
        out[obj.strip()] = None if ref.strip() == NO_INSATS else ref.strip()
    return out
