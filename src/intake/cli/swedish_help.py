"""Typer's own words on the help screens (panel titles, the --help flag) in Swedish.

Typer has no Swedish catalogue, so the few fixed labels are replaced when help is about to
be shown. Only help rendering is touched; if a Typer release renames these internals the
help simply stays partly English.
"""

from __future__ import annotations

HELP_FLAG_TEXT = "Visa den här hjälpen och avsluta."
USAGE_PREFIX = "Användning: "

#: Passed to every `typer.Typer(...)` of the CLI: the usage line's placeholders.
SWEDISH_METAVARS = {"options_metavar": "[FLAGGOR]", "subcommand_metavar": "KOMMANDO [ARGUMENT]...",
                    "rich_markup_mode": "markdown"}  # markdown: a docstring paragraph wraps as one

_LABELS = {
    "ARGUMENTS_PANEL_TITLE": "Argument",
    "OPTIONS_PANEL_TITLE": "Flaggor",
    "COMMANDS_PANEL_TITLE": "Kommandon",
    "ERRORS_PANEL_TITLE": "Fel",
    "ABORTED_TEXT": "Avbrutet.",
    "DEFAULT_STRING": "[standard: {}]",
    "ENVVAR_STRING": "[miljövariabel: {}]",
    "REQUIRED_LONG_STRING": "[krävs]",
    "RICH_HELP": "Se [blue]'{command_path} {help_option}'[/] för hjälp.",
}


def use_swedish_help_labels() -> None:
    try:
        from typer import rich_utils
        from typer._click import decorators, formatting
    except ImportError:  # pragma: no cover - another Typer layout
        return
    for name, text in _LABELS.items():
        if hasattr(rich_utils, name):
            setattr(rich_utils, name, text)
    write_usage = formatting.HelpFormatter.write_usage
    if not getattr(write_usage, "_finsam", False):
        def swedish_write_usage(self, prog, args="", prefix=None):  # type: ignore[no-untyped-def]
            return write_usage(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

        swedish_write_usage._finsam = True  # type: ignore[attr-defined]
        formatting.HelpFormatter.write_usage = swedish_write_usage  # type: ignore[method-assign]
    original = decorators.help_option
    if getattr(original, "_finsam", False):
        return

    def help_option(param_decls):  # type: ignore[no-untyped-def]
        apply = original(param_decls)

        def decorator(command):  # type: ignore[no-untyped-def]
            result = apply(command)
            command.params[-1].help = HELP_FLAG_TEXT
            return result

        return decorator

    help_option._finsam = True  # type: ignore[attr-defined]
    decorators.help_option = help_option
