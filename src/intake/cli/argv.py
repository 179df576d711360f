"""The command line before Click reads it: global options accepted after the subcommand.

`--db`, `--actor` and `--forbund` belong to the root command (its callback opens the
session), so Click only knows them before the subcommand. `hoist_global_options` moves them,
with their values (`--db URL` and `--db=URL`), in front of the first subcommand, so
`finsam record flow --forbund 222000-0000 …` and `finsam history --db URL` work too.

The command tree is followed token by token, so the value of another option (`--insats
--db`) is never taken for a global option, and nothing after `--` is touched. A command that
declares an option of the same name keeps it.
"""

from __future__ import annotations

from typing import Any

GLOBAL_OPTIONS = frozenset({"--db", "--actor", "--forbund"})


def hoist_global_options(root: Any, args: list[str]) -> tuple[list[str], Any]:
    """`args` with the global options after a subcommand moved in front of it, and the
    (sub)command the arguments lead to (a group when its subcommand is missing)."""
    head: list[str] = []   # the root's own options, before the first subcommand
    moved: list[str] = []  # global options found after it
    tail: list[str] = []   # the first subcommand and everything after it
    command, i = root, 0
    while i < len(args):
        token = args[i]
        out = head if command is root else tail
        if token == "--":
            out.extend(args[i:])
            break
        name, has_value, _ = token.partition("=")
        if command is not root and name in GLOBAL_OPTIONS and name not in option_names(command):
            step = 1 if has_value else 2
            moved.extend(args[i:i + step])
            i += step
            continue
        if token.startswith("-") and not has_value and takes_value(command, token):
            out.extend(args[i:i + 2])  # the option and its value, whatever the value looks like
            i += 2
            continue
        sub = None if token.startswith("-") else getattr(command, "commands", {}).get(token)
        if sub is not None:
            command = sub
            tail.append(token)
        else:
            out.append(token)
        i += 1
    return head + moved + tail, command


def option_names(command: Any) -> set[str]:
    return {opt for p in command.params for opt in (*getattr(p, "opts", ()), *getattr(p, "secondary_opts", ()))}


def takes_value(command: Any, token: str) -> bool:
    """Whether `token` is an option of `command` that reads the next token as its value."""
    for param in command.params:
        if token in getattr(param, "opts", ()) and getattr(param, "param_type_name", "") == "option":
            return not (param.is_flag or param.count) and param.nargs != 0
    return False
