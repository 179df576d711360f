"""Use cases of the förbund's own chart of accounts: accounts added beyond the built-in chart.

An SIE file declares its accounts with #KONTO; those the förbund's chart (kommunbas or bas
plus earlier additions) does not know are added here, as one `AccountsAdded` event, so the
vouchers of the same import can post to them. Accounts already known keep their names.
"""

from __future__ import annotations

import re

from ..charts import chart
from ..errors import InputError
from ..personnummer import check_free_text
from .base import Outcome, ServiceBase

_ACCOUNT = re.compile(r"^\d{4}$")


class AccountUseCases(ServiceBase):
    def add_accounts(self, accounts: dict[str, str], *, dry_run: bool = False) -> Outcome:
        """Add the accounts the chart does not know yet; the outcome lists them (none: 0 events)."""
        checked: dict[str, str] = {}
        for konto, namn in accounts.items():
            konto = str(konto).strip()
            if not _ACCOUNT.match(konto):
                raise InputError(f'"{konto}" är inget kontonummer (fyra siffror).', field="konto")
            namn = str(namn).strip()
            check_free_text(namn, field="kontonamn")
            checked[konto] = namn
        with self.writing():
            f = self.forbund()
            known = chart(f.kontoplan, f.accounts)
            new = {k: v for k, v in sorted(checked.items()) if k not in known}
            if not new:
                return self.commit(Outcome("Inga nya konton – kontoplanen har redan alla."), dry_run=dry_run)
            f.add_accounts(new, actor=self.actor, effective=self.today())
            outcome = Outcome(f"{len(new)} konton tillagda i kontoplanen",
                              details=[f"{k} {v}".rstrip() for k, v in new.items()])
            return self.commit(outcome, f, dry_run=dry_run)
