"""The demo förbund reproduces seed 000 (årsredovisning 2024) from its stored events.

No projections here: the figures are summed straight from `store.iter_all()`, so this test
pins the demo data that the report tests build on (`SEED_000_FIGURES`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest
from eventsourcing.utils import get_topic

from fixtures.seed000 import DEMO_EVENT_COUNTS, DEMO_EVENT_TOTAL, NOT2_OBJECTS
from fixtures.seed000 import SEED_000_FIGURES as SEED
from intake.demo import load_demo
from intake.demo.data import MEMBER_ACCOUNTS
from ledger.charts import line_of, report_lines
from ledger.errors import Conflict
from ledger.service import LedgerService
from ledger.store import LedgerStore
from ledger.values import GENDERS

LINES = report_lines("kommunbas")
ASSETS = ("finansiella_anlaggningstillgangar", "kortfristiga_fordringar", "forutbetalda_kostnader_upplupna_intakter",
          "kassa_och_bank")
DEBTS = ("leverantorsskulder", "kortfristiga_skulder", "upplupna_kostnader_forutbetalda_intakter")


def kr(ore: int, unit: int = 1) -> int:
    """Öre to whole kronor (or tkr with unit=1000), rounded as a printed report rounds."""
    return int((Decimal(ore) / 100 / unit).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class Log:
    """The demo's events, folded into the few sums the published report prints."""

    def __init__(self, events: list) -> None:
        self.topics = Counter(get_topic(type(e)) for e in events)
        self.effective = [(get_topic(type(e)), e.effective) for e in events]
        self.insatser: dict = {}
        self.opening: dict = {}
        self.flows: list = []
        self.volumes: list = []
        self.lines: list = []  # (year, konto, öre, insats)
        self.ib: dict[str, int] = {}
        self.decisions: list = []
        self.closed: list[str] = []
        for e in events:
            name = get_topic(type(e)).split(":")[1]
            kind = get_topic(type(e)).split(":")[0]
            if kind == "finsam.insats" and name == "Registered":
                self.insatser[e.originator_id] = dict(kod=e.kod, namn=e.namn, niva=e.niva, matt=e.matt, objekt=e.objekt)
            elif kind == "finsam.insats" and name == "Renamed":
                self.insatser[e.originator_id]["namn"] = e.namn
            elif name == "OpeningRecorded":
                self.opening[e.originator_id] = e.aktiva
            elif name == "FlowReported":
                self.flows.append((e.originator_id, e.manad, e.flow))
            elif name == "VolumeReported":
                self.volumes.append((e.originator_id, e.manad, e.antal))
            elif kind == "finsam.voucher" and name == "Posted":
                self.lines += [(e.datum.year, r["konto"], r["belopp"], r["insats"]) for r in e.rader]
            elif name == "OpeningBalancesRecorded":
                self.ib = dict(e.balances)
            elif name == "DecisionRecorded":
                self.decisions.append((e.typ, e.data))
            elif name == "MonthClosed":
                self.closed.append(e.month)

    def by_code(self) -> dict[str, dict]:
        return {i["kod"]: i for i in self.insatser.values()}

    # -- statistics ------------------------------------------------------------------------
    def participants(self, year: int) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for aktiva in self.opening.values():
            for g in GENDERS:
                out[f"ib_{g}"] += aktiva[g]
        for _iid, manad, flow in self.flows:
            for g in GENDERS:
                y = int(manad[:4])
                if y < year:
                    out[f"ib_{g}"] += flow["paborjade"][g] - flow["avslutade"][g]
                elif y == year:
                    out[f"paborjade_{g}"] += flow["paborjade"][g]
                    out[f"avslutade_{g}"] += flow["avslutade"][g]
        return out

    def volume(self, year: int) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for iid, manad, antal in self.volumes:
            if manad.startswith(str(year)):
                out[self.insatser[iid]["namn"]] += antal
        return out

    # -- money -----------------------------------------------------------------------------
    def sums(self, year: int, accept) -> int:  # type: ignore[no-untyped-def]
        return sum(a for y, k, a, i in self.lines if y == year and accept(k, i))

    def result(self, year: int) -> int:
        return -self.sums(year, lambda k, i: k[0] in "345678")

    def balance(self, year: int) -> dict[str, int]:
        """Per report line at the year's end: IB 2023 plus every posting through `year`."""
        out: dict[str, int] = defaultdict(int)
        for konto, amount in self.ib.items():
            out[line_of(konto, LINES)] += amount
        for y, konto, amount, _i in self.lines:
            if y <= year and konto[0] in "12":
                out[line_of(konto, LINES)] += amount
        return out

    def account(self, year: int, konto: str) -> int:
        return self.ib.get(konto, 0) + sum(a for y, k, a, i in self.lines if y <= year and k == konto)


@pytest.fixture(scope="module")
def log(tmp_path_factory) -> Log:
    store = LedgerStore(f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite'}")
    load_demo(LedgerService(store, actor="test"))
    events = [n.event for n in store.iter_all()]
    store.close()
    return Log(events)


def test_participants_2024_are_the_published_375_233_173(log):
    p, want = log.participants(2024), SEED["deltagare_2024"]
    for g, suffix in (("kvinna", "_kvinnor"), ("man", "_man")):
        assert p[f"ib_{g}"] + p[f"paborjade_{g}"] == want["deltagare" + suffix]
        assert p[f"paborjade_{g}"] == want["paborjade" + suffix]
        assert p[f"avslutade_{g}"] == want["avslutade" + suffix]
    assert sum(p[f"ib_{g}"] + p[f"paborjade_{g}"] for g in GENDERS) == want["deltagare"]
    assert sum(p[f"paborjade_{g}"] for g in GENDERS) == want["paborjade"]
    assert sum(p[f"avslutade_{g}"] for g in GENDERS) == want["avslutade"]


def test_volumes_and_structural_attendees_2024_are_the_published_ones(log):
    v = log.volume(2024)
    for section in ("volyminsatser_2024", "struktur_2024"):
        for name, count in SEED[section].items():
            if name != "summa_i_sammanfattningen":
                assert v[name] == count, name
    assert sum(v[n] for n in ("Nätverket Västra", "Utbildning", "Utveckling-struktur", "Förstegskoordinator")) == 1868
    registrations = SEED["deltagare_2024"]["deltagare"] + v["Motala Fontänhus"]
    assert registrations == SEED["maluppfyllelse_individ_2024"]["registreringar"]


def test_budget_2024_has_the_published_frame_targets_and_cost_distribution(log):
    budgets = [d for t, d in log.decisions if t == "budget" and d["ar"] == 2024]
    assert len(budgets) == 1
    b, want = budgets[0], SEED["budget_2024"]
    assert (kr(b["budgetram"]), kr(b["eget_kapital"])) == (want["budgetram"], want["eget_kapital"])
    assert kr(sum(b["medlemsbidrag"].values())) == want["medlemsbidrag"]
    assert (b["mal_individ"], b["mal_struktur"]) == (want["mal_individ"], want["mal_struktur"])
    assert sum(r["kostnadsbudget"] for r in b["insatser"].values()) == b["budgetram"]
    codes = log.by_code()
    individ = sum(r["volym"] or 0 for k, r in b["insatser"].items()
                  if codes[k]["niva"] == "individ" and codes[k]["matt"] != "moten")
    assert individ == want["mal_individ"]
    per_level: dict[str, int] = defaultdict(int)
    for kod, row in b["insatser"].items():
        per_level[codes[kod]["niva"]] += row["kostnadsbudget"]
    share = {lvl: round(Decimal(100 * v) / b["budgetram"]) for lvl, v in per_level.items()}
    assert share == SEED["kostnadsfordelning_budget_2024_procent"]


@pytest.mark.parametrize("year", [2023, 2024])
def test_not_1_income_per_member(log, year):
    want = SEED[f"not_1_{year}"]
    for konto, member in MEMBER_ACCOUNTS.items():
        assert kr(-log.sums(year, lambda k, i, konto=konto: k == konto)) == want.get(member, 0), member
    assert kr(-log.sums(year, lambda k, i: k == "3990")) == want["Övriga intäkter"]
    assert kr(-log.sums(year, lambda k, i: k[0] == "3")) == want["summa"]


@pytest.mark.parametrize("year", [2023, 2024])
def test_not_2_costs_per_bookkeeping_object(log, year):
    objekt = {i["kod"]: i["objekt"] for i in log.insatser.values()}
    assert all(i for y, k, a, i in log.lines if k[0] in "4567"), "every cost line carries its insats"
    want = SEED[f"not_2_{year}"]
    for group, obj in NOT2_OBJECTS.items():
        assert kr(log.sums(year, lambda k, i, obj=obj: k[0] in "4567" and objekt[i] == obj)) == want[group], group
    assert kr(log.sums(year, lambda k, i: k[0] in "4567")) == want["summa"]


@pytest.mark.parametrize("year", [2023, 2024])
def test_resultatrakning_and_not_3(log, year):
    want = SEED[f"resultatrakning_{year}"]
    income = -log.sums(year, lambda k, i: k[0] == "3")
    costs = -log.sums(year, lambda k, i: k[0] in "4567")
    fin_in = -log.sums(year, lambda k, i: "8000" <= k <= "8499")
    fin_out = -log.sums(year, lambda k, i: "8500" <= k <= "8799")
    assert (kr(income), kr(costs), kr(income + costs)) == (
        want["verksamhetens_intakter"], want["verksamhetens_kostnader"], want["verksamhetens_nettokostnad"])
    assert (kr(fin_in), kr(fin_out), kr(fin_in + fin_out)) == (
        want["finansiella_intakter"], want["finansiella_kostnader"], want["finansnetto"])
    assert kr(log.result(year)) == want["resultat"]
    n3 = SEED[f"not_3_{year}"]
    staff = {k: log.sums(year, lambda kk, i, k=k: kk == k) for k in ("5010", "5110", "5410", "5510")}
    assert kr(staff["5110"]) == n3["styrelsen"] and kr(staff["5010"]) == n3["ovriga_anstallda"]
    assert kr(staff["5410"] + staff["5510"]) == n3["sociala_kostnader"]
    assert kr(staff["5510"]) == n3["varav_pensionskostnader"]


@pytest.mark.parametrize("year", [2023, 2024])
def test_balansrakning_at_year_end(log, year):
    want, b = SEED[f"balansrakning_{year}"], log.balance(year)
    assert set(b) <= {*ASSETS, "eget_kapital", *DEBTS}
    for line in ASSETS:
        assert kr(b[line]) == want[line], line
    for line in DEBTS:
        assert kr(-b[line]) == want[line], line
    assets, debts = sum(b[k] for k in ASSETS), -sum(b[k] for k in DEBTS)
    balanserat = -b["eget_kapital"] + sum(log.result(y) for y in (2023, 2024) if y < year)
    equity = balanserat + log.result(year)
    assert assets == equity + debts, "the balance sheet balances to the öre"
    assert (kr(assets), kr(debts), kr(assets)) == (want["summa_tillgangar"], want["summa_skulder"],
                                                    want["summa_eget_kapital_och_skulder"])
    assert (kr(balanserat), kr(log.result(year)), kr(equity)) == (
        want["balanserat_eget_kapital"], want["arets_resultat"], want["summa_eget_kapital"])
    n4, n5 = SEED[f"not_4_{year}"], SEED[f"not_5_{year}"]
    assert (kr(log.account(year, "1640")), kr(log.account(year, "1680"))) == (
        n4["mervardesskattefordringar"], n4["ovriga_kortfristiga_fordringar"])
    assert (kr(-log.account(year, "2910")), kr(-log.account(year, "2990"))) == (
        n5["upplupna_personalrelaterade_kostnader"], n5["ovriga_interimsskulder"])


@pytest.mark.parametrize("year", [2023, 2024])
def test_kassaflode_ties_to_the_change_in_cash(log, year):
    want = SEED[f"kassaflode_{year}"]
    start, end = log.balance(year - 1), log.balance(year)  # balance(2022) is the opening balance
    d_rec = sum(start[k] - end[k] for k in ("kortfristiga_fordringar", "forutbetalda_kostnader_upplupna_intakter"))
    d_debt = sum(start[k] - end[k] for k in DEBTS)  # credit balances: less debt is a negative number
    assert kr(d_rec) == want["forandring_kortfristiga_fordringar"]
    assert kr(d_debt) == want["forandring_kortfristiga_skulder"]
    flow = log.result(year) + d_rec + d_debt
    assert flow == end["kassa_och_bank"] - start["kassa_och_bank"]
    assert kr(flow) == want["arets_kassaflode"]
    assert (kr(start["kassa_och_bank"]), kr(end["kassa_och_bank"])) == (
        want["likvida_medel_vid_arets_borjan"], want["likvida_medel_vid_arets_slut"])


def test_driftredovisning_and_overview_in_tkr(log):
    want, b = SEED["driftredovisning_2024_tkr"], next(d for t, d in log.decisions if t == "budget" and d["ar"] == 2024)
    costs = {y: log.sums(y, lambda k, i: k[0] in "4567") for y in (2023, 2024)}
    grants = {y: -log.sums(y, lambda k, i: k[0] == "3") for y in (2023, 2024)}
    budget_cost, budget_grant = b["budgetram"], sum(b["medlemsbidrag"].values())
    equity_2023 = -log.ib["2050"] + log.result(2023)
    equity_2024 = equity_2023 + log.result(2024)
    assert (kr(-costs[2024], 1000), kr(-budget_cost, 1000), kr(budget_cost - costs[2024], 1000)) == (
        want["nettokostnad_utfall"], want["nettokostnad_budget"], want["nettokostnad_avvikelse"])
    assert (kr(grants[2024], 1000), kr(budget_grant, 1000), kr(grants[2024] - budget_grant, 1000)) == (
        want["anslag_utfall"], want["anslag_budget"], want["anslag_avvikelse"])
    result, budget_result = grants[2024] - costs[2024], budget_grant - budget_cost
    assert (kr(result, 1000), kr(budget_result, 1000), kr(result - budget_result, 1000)) == (
        want["verksamhetsresultat_utfall"], want["verksamhetsresultat_budget"], want["verksamhetsresultat_avvikelse"])
    budget_equity = equity_2023 + budget_result
    assert (kr(equity_2024, 1000), kr(budget_equity, 1000), kr(equity_2024 - budget_equity, 1000)) == (
        want["utgaende_eget_kapital_utfall"], want["utgaende_eget_kapital_budget"],
        want["utgaende_eget_kapital_avvikelse"])
    assert kr(log.balance(2024)["kassa_och_bank"], 1000) == want["likvida_medel"]
    for year, equity in ((2023, equity_2023), (2024, equity_2024)):
        o = SEED[f"oversikt_tkr_{year}"]
        assets = sum(log.balance(year)[k] for k in ASSETS)
        assert (kr(grants[year], 1000), kr(costs[year], 1000), kr(grants[year] - costs[year], 1000)) == (
            o["verksamhetens_intakter"], o["verksamhetens_kostnader"], o["verksamhetsresultat"])
        assert round(Decimal(100 * equity) / assets) == o["soliditet_procent"]


def test_every_month_of_2023_is_locked_and_the_event_counts_are_known(log):
    assert sorted(log.closed) == [f"2023-{m:02d}" for m in range(1, 13)]
    assert dict(log.topics) == DEMO_EVENT_COUNTS
    assert sum(log.topics.values()) == DEMO_EVENT_TOTAL


def test_the_demo_loads_whole_on_both_databases_and_only_once(db_url):
    store = LedgerStore(db_url)
    try:
        seen: list[tuple[int, int]] = []
        outcome = load_demo(LedgerService(store, actor="test"), progress=lambda d, t: seen.append((d, t)))
        assert outcome.events == DEMO_EVENT_TOTAL == store.event_count()
        assert seen[-1][0] == seen[-1][1] == len(seen) and [d for d, _t in seen] == sorted(d for d, _t in seen)
        log = Log([n.event for n in store.iter_all()])
        assert dict(log.topics) == DEMO_EVENT_COUNTS
        assert kr(log.result(2024)) == SEED["resultatrakning_2024"]["resultat"]
        assert kr(log.balance(2024)["kassa_och_bank"]) == SEED["balansrakning_2024"]["kassa_och_bank"]
        # A second load is refused and writes nothing.
        with pytest.raises(Conflict):
            load_demo(LedgerService(store, actor="test"))
        assert store.event_count() == DEMO_EVENT_TOTAL
    finally:
        store.close()


def test_the_demo_is_recorded_on_a_story_clock_not_today(log):
    # Effective dates follow the story, whatever day the demo is loaded on.
    effective = dict(log.effective)
    assert effective["finsam.forbund:Registered"] == date(2022, 12, 1)
    assert max(d for _t, d in log.effective) == date(2025, 3, 28)  # the board approves årsredovisning 2024
    assert max(y for y, *_ in log.lines) == 2024
