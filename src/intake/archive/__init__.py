"""`finsam audit arkiv`: one year, self-contained, for the auditor (`build.py`, `readme.py`)."""

from .build import ArchiveResult, write_archive

__all__ = ["ArchiveResult", "write_archive"]
