"""The Click command tree of the `finsam` Typer app, each command built when first looked up.

Typer builds every command of every group up front: it reads each function's signature and
type hints into Click parameters, ≈ 20 ms for finsam's ~42 commands, paid by every run. A run
names one command, so `command_of(app)` builds the root group alone and each of its entries
(a command, or a group built the same way) the first time Click looks it up: `finsam record
cost` builds the root, the `record` group and `cost`; `finsam --help` builds the top-level
entries it lists, not their subcommands. Each entry is built by typer's own functions with
the arguments `typer.main.get_command` gives them, in the same order, so help, error
messages and exit codes are those of the eagerly built tree.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import typer
from typer.main import (
    TyperInfo,
    get_command_from_info,
    get_command_name,
    get_group_from_info,
    solve_typer_info_defaults,
)


class LazyCommands(MutableMapping[str, Any]):
    """A group's `commands`: name -> command, each built by its factory on first access."""

    def __init__(self, factories: dict[str, Callable[[], Any]]) -> None:
        self._factories = factories
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            self._built[name] = self._factories[name]()  # KeyError for a name not in the group
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._factories[name] = lambda: command
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._factories[name]
        self._built.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(self._factories)

    def __len__(self) -> int:
        return len(self._factories)


def command_of(app: typer.Typer) -> Any:
    """What `typer.main.get_command(app)` returns for a Typer app with a callback (a group),
    its commands built on demand."""
    assert app.registered_callback is not None and not app._add_completion, "a group without completion"
    settings = {"pretty_exceptions_short": app.pretty_exceptions_short, "rich_markup_mode": app.rich_markup_mode}
    return lazy_group(TyperInfo(app), settings, suggest_commands=app.suggest_commands)


def lazy_group(info: TyperInfo, settings: dict[str, Any], *, suggest_commands: bool) -> Any:
    """The group `info` describes, as `typer.main.get_group_from_info` builds it, with
    `LazyCommands` of its commands and subgroups (in typer's order: commands, then groups)."""
    instance = info.typer_instance
    assert instance is not None
    shell = copy.copy(instance)  # the group itself: its callback and settings, no entries
    shell.registered_commands, shell.registered_groups = [], []
    shell_info = copy.copy(info)
    shell_info.typer_instance = shell
    group = get_group_from_info(shell_info, suggest_commands=suggest_commands, **settings)
    factories: dict[str, Callable[[], Any]] = {}
    for command_info in instance.registered_commands:
        assert command_info.callback is not None
        name = command_info.name or get_command_name(command_info.callback.__name__)
        factories[name] = lambda c=command_info: get_command_from_info(c, **settings)
    for sub_info in instance.registered_groups:
        name = solve_typer_info_defaults(sub_info).name
        assert name, "every finsam group has a name"
        factories[name] = lambda s=sub_info: lazy_group(s, settings, suggest_commands=suggest_commands)
    group.commands = LazyCommands(factories)
    return group
