"""The förbund: name, organisation number, members, chart settings and its insats index."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID, uuid5

from ..errors import Conflict, NotFound
from ..suggestions import same_name, unknown_member
from .base import FINSAM_NAMESPACE, LedgerAggregate, forbund_id, recorded, topic

A = "forbund"


class Forbund(LedgerAggregate):
    TOPIC = topic(A, "Forbund")

    class Event(LedgerAggregate.Event):
        TOPIC = topic(A, "Event")

    class Created(Event, LedgerAggregate.Created):
        TOPIC = topic(A, "Created")  # never stored; named so no topic is shared

    @staticmethod
    def create_id(orgnr: str) -> UUID:
        return forbund_id(orgnr)

    @recorded("Registered", A)
    def __init__(self, orgnr: str, namn: str, kontoplan: str, actor: str, effective: date) -> None:
        self.orgnr = orgnr
        self.namn = namn
        self.kontoplan = kontoplan
        self.members: dict[str, dict[str, Any]] = {}
        self.settings: dict[str, Any] = {}
        self.accounts: dict[str, str] = {}
        self.insats_codes: list[str] = []
        self.applied_catalogue: dict[str, dict[str, Any]] = {}

    @recorded("Renamed", A)
    def rename(self, namn: str, actor: str, effective: date) -> None:
        self.namn = namn

    @recorded("ChartChanged", A)
    def change_chart(self, kontoplan: str, actor: str, effective: date) -> None:
        self.kontoplan = kontoplan

    @recorded("MemberAdded", A)
    def add_member(self, namn: str, typ: str, andel: int | None, actor: str, effective: date) -> None:
        self.members[namn] = {"typ": typ, "andel": andel, "aktiv": True}

    @recorded("MemberChanged", A)
    def change_member(self, namn: str, typ: str, andel: int | None, actor: str, effective: date) -> None:
        self.members[namn] = {"typ": typ, "andel": andel, "aktiv": True}

    @recorded("MemberLeft", A)
    def remove_member(self, namn: str, actor: str, effective: date) -> None:
        self.members[namn] = {**self.members[namn], "aktiv": False}

    @recorded("SettingsChanged", A)
    def change_settings(self, settings: dict[str, Any], actor: str, effective: date) -> None:
        self.settings = dict(settings)

    @recorded("AccountsAdded", A)
    def add_accounts(self, accounts: dict[str, str], actor: str, effective: date) -> None:
        self.accounts.update(accounts)

    @recorded("CatalogueFileApplied", A)
    def apply_catalogue_file(self, insatser: dict[str, dict[str, Any]], actor: str, effective: date) -> None:
        """The insats entries of the förbund file as last applied (what a re-run compares with)."""
        self.applied_catalogue = {k: dict(v) for k, v in insatser.items()}

    @recorded("InsatsListed", A)
    def list_insats(self, kod: str, actor: str, effective: date) -> None:
        self.insats_codes.append(kod)

    # -- queries ---------------------------------------------------------------------------
    def active_members(self) -> dict[str, dict[str, Any]]:
        return {n: m for n, m in self.members.items() if m["aktiv"]}

    def check_member(self, namn: str, *, field: str = "medlem") -> str:
        """The member's name as registered (case and spacing aside); refused with the
        closest names when there is none."""
        for known in self.active_members():
            if same_name(namn, known):
                return known
        raise NotFound(unknown_member(namn.strip(), self.active_members()), field=field)

    def check_new_insats(self, kod: str) -> None:
        if kod in self.insats_codes:
            raise Conflict(f'insatsen med kod "{kod}" finns redan.', field="kod")


class Registry(LedgerAggregate):
    """Which förbund this database holds (a database may hold many)."""

    TOPIC = topic("registry", "Registry")
    ID = uuid5(FINSAM_NAMESPACE, "registry")

    class Event(LedgerAggregate.Event):
        TOPIC = topic("registry", "Event")

    class Created(Event, LedgerAggregate.Created):
        TOPIC = topic("registry", "Created")  # never stored; named so no topic is shared

    @staticmethod
    def create_id() -> UUID:
        return Registry.ID

    @recorded("Started", "registry")
    def __init__(self, actor: str, effective: date) -> None:
        self.forbund: dict[str, str] = {}

    @recorded("ForbundListed", "registry")
    def list_forbund(self, orgnr: str, namn: str, actor: str, effective: date) -> None:
        self.forbund[orgnr] = namn
