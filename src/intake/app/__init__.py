"""The Textual app: the chat, the monthly checklist, forms, reports, history and import.

It calls only the application service (`ledger.service`) and the read models
(`projections`); the dialog engine (`intake.dialog`) and the importers are headless and
shared with the command line.
"""
