"""The förbund file (`finsam init`): registering a förbund and recording only what changed.

An insats with history is never removed: it is closed with an end date.
"""

from __future__ import annotations

from datetime import date

import pytest
from eventsourcing.utils import get_topic

from helpers import (  # noqa: F401  (fixtures)
    FLOW_INSATS,
    ORGNR,
    VOLUME_INSATS,
    assert_names_field,
    count_unchanged,
    example_forbund,
    example_ledger,
    flow,
    service_for,
    sqlite_ledger,
)
from intake.importers.forbund_toml import parse_forbund_dict
from ledger.domain.forbund import Forbund, Registry
from ledger.domain.insats import Insats
from ledger.errors import InputError, NotFound, RuleViolation
from ledger.store import LedgerStore


def new_events(store, after):
    """(topic, insats code or None) of every event stored after position `after`."""
    fid = Forbund.create_id(ORGNR)
    codes = {Insats.create_id(fid, k): k for k in ("4.0", "5.0", "6.0", "7.0", "9.0")}
    return [(get_topic(type(n.event)), codes.get(n.event.originator_id)) for n in store.read(after + 1)]


def test_init_registers_the_forbund_its_members_and_insatser(db_url):
    # A fresh database knows no förbund: every use case says how to register one.
    store = LedgerStore(db_url)
    service = service_for(store)
    with count_unchanged(store), pytest.raises(NotFound) as refused:
        service.report_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"man": 1}))
    assert refused.value.field is None and "finsam init" in refused.value.message

    # The README's file is applied.
    outcome = service.apply_forbund_spec(parse_forbund_dict(example_forbund()))

    # The registry lists the förbund; the förbund lists its members and four insatser.
    assert store.get(Registry.ID).forbund == {ORGNR: "Samordningsförbundet Exempel"}
    forbund = store.get(Forbund.create_id(ORGNR))
    assert sorted(forbund.active_members()) == ["Exempels kommun", "Försäkringskassan"]
    assert forbund.insats_codes == ["4.0", "5.0", "6.0", "9.0"]
    försteg = store.get(Insats.create_id(forbund.id, FLOW_INSATS))
    assert (försteg.namn, försteg.niva, försteg.matt, försteg.agare, försteg.start, försteg.objekt) == (
        "Försteg Exempel", "individ", "deltagare", "Exempels kommun", date(2024, 1, 1), "40",
    )
    assert outcome.events == store.event_count()
    store.close()


def test_running_init_again_with_the_same_file_records_nothing(example_ledger):
    store, service = example_ledger

    with count_unchanged(store):
        outcome = service.apply_forbund_spec(parse_forbund_dict(example_forbund()))
    assert outcome.events == 0
    assert "Inga ändringar" in outcome.summary


def test_running_init_again_with_changes_records_only_the_differences(example_ledger):
    store, service = example_ledger
    start = store.max_position()

    # The file is edited: Försteg is renamed, SIP ends 2024-12-31, Steg 2 is added.
    spec = example_forbund()
    spec["insats"][0]["namn"] = "Försteg"
    spec["insats"][1]["slut"] = date(2024, 12, 31)
    spec["insats"].append({"kod": "7.0", "namn": "Steg 2", "niva": "individ", "matt": "deltagare",
                           "typ": "rehab mot arbete", "agare": "Försäkringskassan",
                           "start": date(2025, 1, 1), "objekt": "70"})
    outcome = service.apply_forbund_spec(parse_forbund_dict(spec))

    # Exactly the four differences are stored, and the file as applied (what the next run
    # compares with), nothing else.
    assert sorted(new_events(store, start)) == sorted([
        ("finsam.insats:Renamed", FLOW_INSATS),
        ("finsam.insats:Closed", VOLUME_INSATS),
        ("finsam.forbund:InsatsListed", None),
        ("finsam.insats:Registered", "7.0"),
        ("finsam.forbund:CatalogueFileApplied", None),
    ])
    assert outcome.events == 5
    assert len(outcome.details) == 3

    # And the catalogue reads as the file says.
    fid = Forbund.create_id(ORGNR)
    assert store.get(Insats.create_id(fid, FLOW_INSATS)).namn == "Försteg"
    assert store.get(Insats.create_id(fid, VOLUME_INSATS)).slut == date(2024, 12, 31)
    assert store.get(fid).insats_codes == ["4.0", "5.0", "6.0", "9.0", "7.0"]

    # Running the edited file once more changes nothing.
    with count_unchanged(store):
        service.apply_forbund_spec(parse_forbund_dict(spec))


def test_running_the_same_file_again_does_not_undo_a_board_decision(sqlite_ledger):
    store, service = sqlite_ledger
    fid = Forbund.create_id(ORGNR)

    # The board renames Försteg and ends SIP after the förbund file was applied.
    service.record_meeting(date(2024, 11, 28))
    service.record_decision(date(2024, 11, 28), "4", "insats_namnbyte", "Nytt namn",
                            {"insats": FLOW_INSATS, "namn": "Försteg Norr"})
    service.record_decision(date(2024, 11, 28), "5", "insats_avslutad", "SIP avslutas",
                            {"insats": VOLUME_INSATS, "slut": date(2024, 12, 31)})

    # Yesterday's unchanged file is applied again: the minutes stand.
    with count_unchanged(store):
        service.apply_forbund_spec(parse_forbund_dict(example_forbund()))
    assert store.get(Insats.create_id(fid, FLOW_INSATS)).namn == "Försteg Norr"
    assert store.get(Insats.create_id(fid, VOLUME_INSATS)).slut == date(2024, 12, 31)

    # Editing one field of Försteg in the file changes that field only, not the name.
    spec = example_forbund()
    spec["insats"][0]["objekt"] = "41"
    service.apply_forbund_spec(parse_forbund_dict(spec))
    forsteg = store.get(Insats.create_id(fid, FLOW_INSATS))
    assert (forsteg.namn, forsteg.objekt) == ("Försteg Norr", "41")


def test_an_insats_missing_from_the_rerun_file_is_refused(example_ledger):
    store, service = example_ledger

    # SIP is deleted from the file: its history must stay, so the whole run is refused.
    spec = example_forbund()
    spec["insats"] = [s for s in spec["insats"] if s["kod"] != VOLUME_INSATS]
    spec["insats"][0]["namn"] = "Försteg"  # a change that must not slip through either
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.apply_forbund_spec(parse_forbund_dict(spec))
    assert_names_field(refused.value, "insats")
    assert VOLUME_INSATS in refused.value.message and "slut" in refused.value.message


def test_a_member_left_out_of_the_rerun_file_is_recorded_as_leaving(example_ledger):
    store, service = example_ledger
    start = store.max_position()

    # Försäkringskassan owns SIP, so it stays; a new member joins and then leaves.
    spec = example_forbund()
    spec["medlem"].append({"namn": "Region Exempel", "typ": "region", "andel": "25 %"})
    service.apply_forbund_spec(parse_forbund_dict(spec))
    service.apply_forbund_spec(parse_forbund_dict(example_forbund()))

    assert [topic for topic, _ in new_events(store, start)] == [
        "finsam.forbund:MemberAdded", "finsam.forbund:MemberLeft",
    ]
    forbund = store.get(Forbund.create_id(ORGNR))
    assert forbund.members["Region Exempel"] == {"typ": "region", "andel": 2500, "aktiv": False}


@pytest.mark.parametrize("change, field", [
    (lambda s: s["insats"][0].update(agare="Region Exempel"), "agare"),
    (lambda s: s["insats"][0].update(niva="individuell"), "niva"),
    (lambda s: s["insats"][0].update(matt="timmar"), "matt"),
    (lambda s: s["insats"][0].update(budget=100), "budget"),
    (lambda s: s["insats"][1].update(kod="4.0"), "kod"),
    (lambda s: s["insats"][0].update(slut=date(2023, 12, 31)), "slut"),
    (lambda s: s["medlem"][0].update(typ="landsting"), "typ"),
    (lambda s: s.update(organisationsnummer="2220000000"), "organisationsnummer"),
    (lambda s: s.update(kontoplan="k-bas"), "kontoplan"),
])
def test_a_bad_value_in_the_forbund_file_is_refused_naming_the_field(sqlite_ledger, change, field):
    store, _service = sqlite_ledger

    # The file is parsed before the ledger sees it; the message names file, table and field.
    spec = example_forbund()
    change(spec)
    with count_unchanged(store), pytest.raises(InputError) as refused:
        parse_forbund_dict(spec, "exempel.toml")
    assert_names_field(refused.value, field)
    assert refused.value.message.startswith("exempel.toml: ")


def test_moving_an_insats_start_or_end_past_months_already_reported_is_refused(example_ledger):
    store, service = example_ledger

    # Försteg has participants in March and July 2024.
    service.report_flow(FLOW_INSATS, date(2024, 3, 1), **flow({"man": 1}))
    service.report_flow(FLOW_INSATS, date(2024, 7, 1), **flow({"kvinna": 1}))

    # The file is edited to end Försteg in June: July would be left after its end.
    spec = example_forbund()
    spec["insats"][0]["slut"] = date(2024, 6, 30)
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.apply_forbund_spec(parse_forbund_dict(spec))
    assert_names_field(refused.value, "slut")
    assert "2024-07" in refused.value.message

    # Or to start it in April: March would be left before its start.
    spec = example_forbund()
    spec["insats"][0]["start"] = date(2024, 4, 1)
    with count_unchanged(store), pytest.raises(RuleViolation) as refused:
        service.apply_forbund_spec(parse_forbund_dict(spec))
    assert_names_field(refused.value, "start")
    assert "2024-03" in refused.value.message

    # July was a mistake: corrected to zero, the end in June is accepted.
    service.correct_flow(FLOW_INSATS, date(2024, 7, 1), **flow({"kvinna": 0}), reason="fel insats")
    spec["insats"][0]["start"] = date(2024, 1, 1)
    spec["insats"][0]["slut"] = date(2024, 6, 30)
    service.apply_forbund_spec(parse_forbund_dict(spec))
    assert store.get(Insats.create_id(Forbund.create_id(ORGNR), FLOW_INSATS)).slut == date(2024, 6, 30)
