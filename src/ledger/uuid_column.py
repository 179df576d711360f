"""eventsourcing-sqlalchemy's one use of sqlalchemy-utils (`UUIDType`), without the rest of it.

`eventsourcing_sqlalchemy.models` imports `sqlalchemy_utils.types.uuid`, and importing that
module runs the `sqlalchemy_utils` package first, which loads every type it has (pendulum,
arrow, babel, dateutil, phone numbers, …): about a sixth of a `finsam record`'s start-up.
`load()` puts the real modules `sqlalchemy_utils.types.uuid` and the one it imports into
`sys.modules` from their files, unchanged, without running their packages. The library then
finds them there; should anything import `sqlalchemy_utils` itself later, the package is
loaded as usual and reuses these very modules (the same `UUIDType` class).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_MODULES = ("sqlalchemy_utils.types.scalar_coercible", "sqlalchemy_utils.types.uuid")


def load() -> None:
    """Load `UUIDType`'s modules alone, once; a no-op when they are loaded (or when the
    package cannot be found: the library's own import then says why)."""
    if all(name in sys.modules for name in _MODULES):
        return
    found = importlib.util.find_spec("sqlalchemy_utils")
    if found is None or not found.submodule_search_locations:
        return
    folder = Path(next(iter(found.submodule_search_locations))) / "types"
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
