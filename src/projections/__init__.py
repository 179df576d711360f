"""The read side: facts read from the event store, report figures as pure polars functions.

`projections` depends on `ledger` and never on `textual` (tests/test_import_contract.py).
"""
