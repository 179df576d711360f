"""The `finsam` command line: the same use cases as the app, for people, scripts and CI."""

from .app import main, run

__all__ = ["main", "run"]
