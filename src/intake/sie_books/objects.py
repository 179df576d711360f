"""Which insats each #TRANS row of an SIE file is booked on.

Two ways, per row:
- finsam's own export names the insats directly: it declares `#DIM 20 "Insats (finsam)"`
  (SIE leaves dimensions from 20 up free) and gives every insats line `{… 20 "<insats
  kod>"}`. A row with such an object is booked on that insats; a code the förbund does not
  have is refused. Insatser may then share a bookkeeping object (kostnadsställe) freely.
- otherwise the object of the configured dimension (`--dimension`, else the förbund's
  setting `siedimension`, else 1, kostnadsställe): `{1 "40"}` maps to the insats whose
  `objekt` is "40" (an insats without an `objekt` is found by its code). The coordinator
  decides for objects no insats claims, or several insatser claim: `--map 10=9.0` books
  them on insats 9.0, `--map 10=-` on no insats (e.g. objects the kommun puts on balance
  accounts). `--map '*=-'` answers every object no insats claims at once (a förbund's cost
  centres are not all insatser); the import summary lists them. It does not answer objects
  several insatser claim: that choice stays the coordinator's.

An explicit `--dimension N` reads dimension N only, even in a file with dimension 20. Until
every used object has an answer the import stops and lists them all at once – unclaimed
objects, shared objects and unknown insats codes together – so one run tells the whole story.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ledger.domain.forbund import Forbund
from ledger.errors import InputError, LedgerError
from ledger.service import LedgerService

from ..importers.runner import Problems
from ..sie import SieFile, SieTrans, SieVoucher
from ..sie.model import Objects
from .checks import SieSource

DEFAULT_DIMENSION = "1"
INSATS_DIMENSION, INSATS_DIMENSION_NAME = "20", "Insats (finsam)"
NO_INSATS = "-"
EVERY_OTHER = "*"


@dataclass
class ObjectMap:
    """Object number -> insats code (None: no insats) for one dimension, and the dimension
    (when the file has one) whose objects ARE insats codes, which comes first."""

    dimension: str
    table: dict[str, str | None] = field(default_factory=dict)
    insats_dimension: str | None = None
    default: str | None = None  # what `--map '*=…'` gave
    by_default: list[tuple[str, int]] = field(default_factory=list)  # (object as named, first line)
    unanswered: set[str] = field(default_factory=set)  # objects of `dimension` without an answer: refused
    unknown_codes: set[str] = field(default_factory=set)  # insats codes the förbund has not: refused
    # The answers per object list, remembered: a file has a few lists and thousands of rows
    # (the map is complete when `map_objects` makes it, and never changed after).
    _answered_by: dict[Objects, bool] = field(default_factory=dict, init=False, compare=False, repr=False)
    _insats_by: dict[Objects, str | None] = field(default_factory=dict, init=False, compare=False, repr=False)

    def answers(self, voucher: SieVoucher) -> bool:
        """True when every #TRANS row of the voucher has its insats (or none) decided."""
        return all(self._answered(row) for row in voucher.lines if row.kind == "TRANS")

    def _answered(self, row: SieTrans) -> bool:
        if not row.objects:  # most rows of a balance account: nothing to decide
            return True
        known = self._answered_by.get(row.objects)
        if known is None:
            objects = dict(row.objects)
            if self.insats_dimension is not None and self.insats_dimension in objects:
                known = objects[self.insats_dimension] not in self.unknown_codes
            else:
                known = objects.get(self.dimension) not in self.unanswered
            self._answered_by[row.objects] = known
        return known

    def insats_of(self, row: SieTrans) -> str | None:
        if not row.objects:
            return None
        if row.objects in self._insats_by:
            return self._insats_by[row.objects]
        objects = dict(row.objects)
        if self.insats_dimension is not None and self.insats_dimension in objects:
            kod = objects[self.insats_dimension]
        else:
            obj = objects.get(self.dimension)
            kod = None if obj is None else self.table[obj]
        self._insats_by[row.objects] = kod
        return kod


def dimension_of(forbund: Forbund, dimension: str | None) -> str:
    """`--dimension`, else the förbund's setting `siedimension`, else 1 (kostnadsställe)."""
    return str(dimension or forbund.settings.get("siedimension") or DEFAULT_DIMENSION).strip()


def declares_insatser(sie: SieFile) -> bool:
    """True when the file declares finsam's insats dimension: `#DIM 20 "Insats (finsam)"`."""
    name = sie.dims.get(INSATS_DIMENSION)
    return name is not None and name.strip().casefold() == INSATS_DIMENSION_NAME.casefold()


def map_objects(service: LedgerService, forbund: Forbund, sie: SieFile, source: SieSource,
                dimension: str | None, mapping: dict[str, str | None] | None,
                warnings: list[str], problems: Problems | None = None) -> ObjectMap:
    """The map for every object the file's #TRANS rows use; refuses, listing every
    unanswered object at once, when one is unanswered. With `problems` the refusal is kept
    there and the map returned, its unanswered objects in `unanswered` (their vouchers are
    not to be recorded)."""
    dim = dimension_of(forbund, dimension)
    explicit = bool(dimension and str(dimension).strip())
    insats_dim = INSATS_DIMENSION if declares_insatser(sie) and (not explicit or dim == INSATS_DIMENSION) else None
    insatser = service.all_insatser(forbund)
    codes = {insats.kod for insats in insatser}
    first_use: dict[str, int] = {}  # objects of `dim` on rows that do not name their insats
    named: set[str] = set()  # objects of `dim` on rows that do (dimension 20)
    unknown: dict[str, int] = {}  # dimension-20 codes that are no insats of the förbund
    for voucher in sie.vouchers:
        for row in voucher.lines:
            if row.kind != "TRANS" or not row.objects:
                continue
            objects = dict(row.objects)
            obj = objects.get(dim)
            if insats_dim is not None and insats_dim in objects:
                if objects[insats_dim] not in codes:
                    unknown.setdefault(objects[insats_dim], row.lineno)
                if obj is not None:
                    named.add(obj)
            elif obj is not None:
                first_use.setdefault(obj, row.lineno)
    given = _resolve_given(service, forbund, mapping or {}, source)
    wildcard = EVERY_OTHER in given
    default = given.pop(EVERY_OTHER, None)
    for obj in sorted(set(given) - set(first_use)):
        if obj in named:
            warnings.append(f"--map {obj}: raderna med objekt {obj} anger sin insats i dimension "
                            f"{INSATS_DIMENSION} ({INSATS_DIMENSION_NAME}); --map behövs inte")
        else:
            warnings.append(f"--map {obj}: objektet används inte i dimension {dim} i filen")
    claims: dict[str, list[str]] = {}
    for insats in insatser:
        claims.setdefault(insats.objekt or insats.kod, []).append(insats.kod)
    table: dict[str, str | None] = {}
    by_default: list[tuple[str, int]] = []
    unmapped: list[tuple[int, str]] = [
        (line, (f"insatskod {code}{_name(sie, INSATS_DIMENSION, code)} i dimension {INSATS_DIMENSION} "
                f"(rad {line}) är ingen insats i förbundet – lägg till insatsen i förbundsfilen, eller "
                f"läs filen med --dimension {DEFAULT_DIMENSION} (och --map) för att gå på kostnadsställena"))
        for code, line in unknown.items()]
    for obj, line in first_use.items():
        if obj in given:
            table[obj] = given[obj]
        elif len(claims.get(obj, [])) == 1:
            table[obj] = claims[obj][0]
        elif obj not in claims and wildcard:
            table[obj] = default
            by_default.append((f"{obj}{_name(sie, dim, obj)}", line))
        elif obj in claims:
            unmapped.append((line, (f"objekt {obj}{_name(sie, dim, obj)} i dimension {dim} (rad {line}) är "
                                    f"objekt för flera insatser ({', '.join(claims[obj])}) – ange vilken "
                                    f"med --map {obj}=INSATSKOD")))
        else:
            unmapped.append((line, (f"objekt {obj}{_name(sie, dim, obj)} i dimension {dim} (rad {line}) "
                                    f"motsvarar ingen insats – ange vad det ska bokföras på med "
                                    f"--map {obj}=INSATSKOD, eller --map {obj}=- för ingen insats "
                                    "(t.ex. objekt på balanskonton)")))
    unanswered: set[str] = set()
    unknown_codes: set[str] = set()
    if unmapped:
        unmapped.sort()
        refusal = source.refuse(
            unmapped[0][0], "objektlista",
            f"{len(unmapped)} objekt kan inte kopplas till en insats: "
            + "; ".join(text for _line, text in unmapped) + ". Inget har sparats.",
        )
        if problems is None:
            raise refusal
        problems.add(refusal)
        unanswered, unknown_codes = {obj for obj in first_use if obj not in table}, set(unknown)
    if wildcard and not by_default:
        warnings.append(f"--map {EVERY_OTHER}: varje objekt i dimension {dim} motsvarar en insats; "
                        f"--map {EVERY_OTHER} behövs inte")
    by_default.sort(key=lambda item: item[1])
    return ObjectMap(dim, table, insats_dim, default, by_default, unanswered, unknown_codes)


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
    """` "Kansli"`, or nothing for an object without a name of its own (named by its number)."""
    name = sie.objekt.get((dim, obj), "")
    return f' "{name}"' if name and name != obj else ""


def parse_map(values: list[str]) -> dict[str, str | None]:
    """`["10=9.0", "20=-", "*=-"]` -> `{"10": "9.0", "20": None, "*": None}`; a value without `=`
    is refused. `*` stands for every object no insats claims."""
    out: dict[str, str | None] = {}
    for raw in values:
        obj, sep, ref = raw.partition("=")
        if not sep or not obj.strip() or not ref.strip():
            raise InputError(f'"{raw}" – skriv OBJEKT=INSATSKOD, t.ex. 10=9.0, '
                             "OBJEKT=- för ingen insats, eller *=- för alla objekt som ingen insats har.",
                             field="--map")
        out[obj.strip()] = None if ref.strip() == NO_INSATS else ref.strip()
    return out
