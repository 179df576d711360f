"""The import contract: `ledger` never loads Textual or polars; `projections` never Textual.

Each check imports every module of the package in a fresh interpreter (so nothing the
test process already imported can hide a dependency) and lists what got loaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

PROBE = """
import importlib, json, pkgutil, sys
package = importlib.import_module(sys.argv[1])
modules = [package.__name__]
for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
    importlib.import_module(info.name)
    modules.append(info.name)
forbidden = sys.argv[2].split(",")
loaded = sorted({m.split(".")[0] for m in sys.modules if m.split(".")[0] in forbidden})
print(json.dumps({"modules": modules, "loaded": loaded}))
"""


def probe(package: str, forbidden: list[str]) -> dict:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, package, ",".join(forbidden)],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_importing_every_ledger_module_loads_neither_textual_nor_polars():
    result = probe("ledger", ["textual", "polars"])

    # The walk really covered the package (store, service, domain …).
    assert {"ledger.store", "ledger.service", "ledger.service.statistics", "ledger.domain.insats"} <= set(
        result["modules"]
    )
    assert result["loaded"] == []


def test_the_probe_notices_a_forbidden_import():
    # Asked about a package that pulls in a listed one (email imports base64), it says so;
    # an empty "loaded" above therefore means something.
    result = probe("email", ["base64", "textual"])
    assert result["loaded"] == ["base64"]


def test_importing_every_projections_module_does_not_load_textual():
    if not (SRC / "projections" / "__init__.py").exists():
        pytest.skip("src/projections has no package yet")
    result = probe("projections", ["textual"])

    assert "projections" in result["modules"]
    assert result["loaded"] == []


def test_importing_the_dialog_engine_loads_neither_textual_nor_typer():
    result = probe("intake.dialog", ["textual", "typer"])

    assert "intake.dialog.engine" in result["modules"]
    assert result["loaded"] == []
