"""The kinds of board decision the ledger knows, with their Swedish names."""

DECISION_KINDS = {
    "budget": "budget antagen",
    "budgetrevidering": "budget reviderad",
    "medfinansiering": "medfinansiering beviljad",
    "insats_startad": "insats startad",
    "insats_namnbyte": "insats bytt namn",
    "insats_avslutad": "insats avslutad",
    "insats_ersatt": "insats ersatt",
    "overforing": "överföring av outnyttjade medel",
    "prognos": "prognos antagen",
    "rapport_godkand": "rapport godkänd",
    "ovrigt": "övrigt beslut",
}
