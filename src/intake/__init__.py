"""finsam's intake: the command line, the importers (SIE, CSV/XLSX, TOML) and, later, the
Textual app. Depends on `ledger` and `projections`, never the other way round."""
