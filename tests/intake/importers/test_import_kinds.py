"""One entry to every importer by kind (the app's import screen), checked before any file is read."""

from __future__ import annotations

import pytest

from import_helpers import fixture, make_service
from intake.importers.kinds import KINDS, ImportRequest, check_request, guess_kind, run_import
from ledger.errors import InputError
from paths import FIXTURES


def test_every_kind_of_finsam_import_is_offered():
    from intake.cli.import_cmd import import_app

    commands = {c.name for c in import_app.registered_commands} | {"sie"}
    assert set(KINDS) == commands


@pytest.mark.parametrize(("name", "kind"), [("bok.SE", "sie"), ("bok.si", "sie"), ("beslut.toml", "decisions"),
                                            ("statistik.csv", None), ("budget.xlsx", None)])
def test_the_suffix_chooses_the_kind_only_when_it_is_unambiguous(name, kind):
    assert guess_kind(name) == kind


def test_a_missing_file_and_a_budget_without_a_decision_are_refused_on_their_fields(tmp_path):
    with pytest.raises(InputError) as missing:
        check_request(ImportRequest("stats", tmp_path / "saknas.csv"))
    assert missing.value.field == "path"
    with pytest.raises(InputError) as budget:
        check_request(ImportRequest("budget", FIXTURES / "import" / "budget_2024.csv", {"beslut": " "}))
    assert budget.value.field == "beslut"


def test_a_trial_by_kind_writes_nothing_and_the_import_records(sqlite_url):
    svc = make_service(sqlite_url)
    store = svc.store
    try:
        before = store.event_count()
        request = ImportRequest("costs", fixture("kostnader.csv"))
        trial = run_import(svc, request, dry_run=True)
        assert trial.dry_run and len(trial.would_record) == 4 and store.event_count() == before
        done = run_import(svc, request, dry_run=False)
        assert done.recorded == 4 and store.event_count() > before
    finally:
        store.close()
