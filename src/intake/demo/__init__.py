"""The demo förbund: a scripted client of the ledger service, modelled on a real förbund.

It records two years of flows, costs, vouchers and board decisions through the same use
cases a coordinator uses (`load_demo`), so the demo is checked by every rule of the ledger.
"""

from .load import load_demo

__all__ = ["load_demo"]
