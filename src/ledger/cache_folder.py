"""The user's cache folder for one database that is not a SQLite file (PostgreSQL): where the
projections' facts cache (`projections.cache`) and the booked vouchers' file
(`ledger.booked_days`) of that database are kept, named by a hash of its URL without the
password (as SQLAlchemy renders it, "anna:***@host"), so no secret is written to disk."""

from __future__ import annotations

import hashlib
from pathlib import Path


def cache_folder_of_rendered(rendered_url: str) -> Path:
    """The per-URL folder in the user's cache dir for a database URL as SQLAlchemy renders it
    (without its password)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("finsam")) / hashlib.sha256(rendered_url.encode()).hexdigest()[:16]


def cache_folder_of(url: str) -> Path:
    """The folder for the database at `url` (not a SQLite file)."""
    from sqlalchemy.engine import make_url

    return cache_folder_of_rendered(make_url(url).render_as_string(hide_password=True))  # "u:***@host": no secret
