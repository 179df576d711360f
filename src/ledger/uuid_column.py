"""eventsourcing-sqlalchemy's one use of sqlalchemy-utils (`UUIDType`), without the rest of it.

`eventsourcing_sqlalchemy.models` imports `sqlalchemy_utils.types.uuid`, and importing that
module runs the `sqlalchemy_utils` package first, which loads every type it has (pendulum,
arrow, babel, dateutil, phone numbers, …): about a sixth of a `finsam record`'s start-up.
`load()` puts the real modules `sqlalchemy_utils.types.uuid` and the one it imports into
`sys.modules` from their files, unchanged, without running their packages. The library then
finds them there; should anything import `sqlalchemy_utils` itself later, the package is
loaded as usual and reuses these very modules (the same `UUIDType` class).

`UUIDType`'s module also imports SQLAlchemy's PostgreSQL and MSSQL dialects (≈ 30 ms), for
their native uuid types, which it asks for only when the engine is one of those. It is run
with stand-ins for the two that import the real dialect on first use: a SQLite run never
loads them, a PostgreSQL run gets the very same `postgresql.UUID` as before.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

_MODULES = ("sqlalchemy_utils.types.scalar_coercible", "sqlalchemy_utils.types.uuid")
_DIALECTS = ("mssql", "postgresql")  # what `UUIDType`'s module imports for native uuid columns


def load() -> None:
    """Load `UUIDType`'s modules alone, once; a no-op when they are loaded (or when the
    package cannot be found: the library's own import then says why)."""
    if all(name in sys.modules for name in _MODULES):
        return
    found = importlib.util.find_spec("sqlalchemy_utils")
    if found is None or not found.submodule_search_locations:
        return
    folder = Path(next(iter(found.submodule_search_locations))) / "types"
    with dialects_on_first_use():
        _load_from(folder)


def _load_from(folder: Path) -> None:
    for name in _MODULES:
        if name in sys.modules:
            continue
        spec = importlib.util.spec_from_file_location(name, folder / f"{name.rsplit('.', 1)[1]}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        try:
            spec.loader.exec_module(module)
        except BaseException:
            del sys.modules[name]
            raise


class DialectOnFirstUse:
    """Stands for the module `sqlalchemy.dialects.<name>`: imports it when an attribute is
    first asked for, and answers with the real module's."""

    def __init__(self, name: str) -> None:
        self.module = f"sqlalchemy.dialects.{name}"

    def __getattr__(self, attribute: str) -> Any:
        return getattr(importlib.import_module(self.module), attribute)


@contextmanager
def dialects_on_first_use() -> Iterator[None]:
    """While `UUIDType`'s module runs, `from sqlalchemy.dialects import mssql, postgresql`
    finds stand-ins (as attributes of the package, so nothing is imported); afterwards the
    package is as it was."""
    import sqlalchemy.dialects as package

    stand_ins = {name: DialectOnFirstUse(name) for name in _DIALECTS if name not in vars(package)}
    for name, stand_in in stand_ins.items():
        setattr(package, name, stand_in)
    try:
        yield
    finally:
        for name, stand_in in stand_ins.items():
            if vars(package).get(name) is stand_in:
                delattr(package, name)
