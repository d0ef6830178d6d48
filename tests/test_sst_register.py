"""SST follow-up register: rules catalogue, due dates, alert levels, issues, reminders, exports."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys

import pytest

from qsecase.errors import InputError, QsecaseError
from qsecase.methods.sst_register import (
    RegisterEntry,
    Rule,
    add_months,
    alert_level,
    due_date,
    evaluate_register,
    load_rules,
    register_issues,
    reminders,
)
from qsecase.sst_rules import load_sst_rules
from qsecase.views.palette import BLACK, contrast_ratio
from qsecase.views.sst_register_view import (
    LEVEL_STYLE,
    event_uid,
    register_html,
    register_ics,
    register_workbook,
    status_text,
    tint,
)

D = dt.date
TODAY = D(2025, 3, 14)
CASE_IDS = {
    "sst", "habilitation-electrique", "caces-r489", "caces-r485", "caces-r486",
    "autorisation-conduite", "suivi-medical-vip", "suivi-medical-sir", "vgp-chariot", "vgp-levage",
    "vgp-accessoires-levage", "vgp-electrique", "portes-automatiques", "extincteurs",
    "epi-antichute", "exercice-incendie", "registre-accidents-benins", "registre-securite",
}


def rule(periodicite: int | None = 12, rid: str = "regle-test") -> Rule:
    return Rule(id=rid, libelle="Règle de test", type="verification", periodicite_mois=periodicite,
                base="C. trav. R0000-0", source="test")


@pytest.fixture(scope="module")
def rules() -> dict[str, Rule]:
    return load_sst_rules()


@pytest.fixture
def entries() -> list[RegisterEntry]:
    return [
        RegisterEntry(regle="caces-r489", objet="Cariste — L. Martin", derniere_date=D(2020, 3, 2),
                      echeance=D(2025, 3, 2)),
        RegisterEntry(regle="sst", objet="Préparatrice — A. Benali", derniere_date=D(2023, 4, 3)),
        RegisterEntry(regle="vgp-chariot", objet="Chariot CF-02", derniere_date=D(2024, 10, 28),
                      echeance=D(2025, 10, 28)),
        RegisterEntry(regle="epi-antichute", objet="Harnais H-03", derniere_date=D(2024, 9, 30)),
        RegisterEntry(regle="registre-accidents-benins", objet="Site de Saint-Priest"),
        RegisterEntry(regle="suivi-medical-sir", objet="Cariste — L. Martin"),
    ]


# --- due dates ------------------------------------------------------------------------------------
@pytest.mark.parametrize(("start", "months", "expected"), [
    (D(2023, 1, 31), 1, D(2023, 2, 28)),
    (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
    (D(2024, 2, 29), 12, D(2025, 2, 28)),
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
    (D(2024, 8, 31), 6, D(2025, 2, 28)),
    (D(2024, 12, 15), 1, D(2025, 1, 15)),
    (D(2023, 3, 31), 24, D(2025, 3, 31)),
])
def test_add_months_counts_calendar_months_and_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_due_date_without_date_or_periodicity_is_none():
    assert due_date(D(2024, 5, 20), rule(12)) == D(2025, 5, 20)
    assert due_date(None, rule(12)) is None
    assert due_date(D(2024, 5, 20), rule(None)) is None
    assert alert_level(None, TODAY) == "sans date"


# --- alert levels ---------------------------------------------------------------------------------
@pytest.mark.parametrize(("days", "level"), [
    (-1, "expiré"), (0, "≤ 30 j"), (30, "≤ 30 j"), (31, "≤ 60 j"), (60, "≤ 60 j"),
    (61, "≤ 90 j"), (90, "≤ 90 j"), (91, "à jour"), (400, "à jour"),
])
def test_alert_level_boundaries_are_inclusive(days, level):
    assert alert_level(TODAY + dt.timedelta(days=days), TODAY) == level


# --- evaluated register ---------------------------------------------------------------------------
def test_evaluate_register_sorts_by_urgency_and_checks_trainee_dates(rules, entries):
    lines = evaluate_register(entries, rules, TODAY)
    assert [(ln.entry.regle, ln.level) for ln in lines] == [
        ("caces-r489", "expiré"), ("suivi-medical-sir", "sans date"), ("sst", "≤ 30 j"),
        ("vgp-chariot", "≤ 60 j"), ("epi-antichute", "à jour"),
        ("registre-accidents-benins", "sans date")]
    by_rule = {ln.entry.regle: ln for ln in lines}
    assert by_rule["caces-r489"].due == D(2025, 3, 2) and by_rule["caces-r489"].days_left == -12
    assert by_rule["caces-r489"].trainee_due_ok is True
    assert by_rule["vgp-chariot"].due == D(2025, 4, 28)
    assert by_rule["vgp-chariot"].trainee_due_ok is False  # 12 months typed instead of 6
    assert by_rule["sst"].trainee_due_ok is None


def test_trainee_due_date_may_be_a_day_early_never_late():
    rules = {"regle-test": rule(12)}

    def ok(echeance: dt.date) -> bool | None:
        entry = RegisterEntry(regle="regle-test", objet="x", derniere_date=D(2024, 5, 20),
                              echeance=echeance)
        return evaluate_register([entry], rules, TODAY)[0].trainee_due_ok

    assert ok(D(2025, 5, 20)) is True
    assert ok(D(2025, 5, 19)) is True  # « valable jusqu'à la veille »
    assert ok(D(2025, 5, 18)) is False
    assert ok(D(2025, 5, 21)) is False
    line = evaluate_register([RegisterEntry(regle="vgp-quai", objet="Niveleur")], {}, TODAY)[0]
    assert line.rule is None and line.due is None and line.level == "sans date"


# --- issues ---------------------------------------------------------------------------------------
def test_register_issues_name_each_problem(rules):
    entries = [
        RegisterEntry(regle="vgp-quai", objet="Niveleur de quai 4"),
        RegisterEntry(regle="sst", objet="A. Benali"),
        RegisterEntry(regle="vgp-chariot", objet="CF-02", derniere_date=D(2024, 10, 28),
                      echeance=D(2025, 10, 28)),
        RegisterEntry(regle="vgp-chariot", objet="cf-02", derniere_date=D(2024, 10, 28)),
        RegisterEntry(regle="autorisation-conduite", objet="L. Martin", echeance=D(2026, 1, 1)),
        RegisterEntry(regle="extincteurs", objet="Parc A", derniere_date=D(2025, 6, 1)),
    ]
    issues = register_issues(entries, rules, today=TODAY)
    text = "\n".join(i.message for i in issues)
    assert "Ligne 1" in text and "règle inconnue" in text and "vgp-chariot" in text
    assert any(i.level == "erreur" and "Ligne 2" in i.message and "dernière réalisation manquante"
               in i.message for i in issues)
    assert any(i.level == "erreur" and "Ligne 3" in i.message and "28/04/2025" in i.message
               for i in issues)
    assert any(i.level == "erreur" and "Ligne 4" in i.message and "doublon de la ligne 3"
               in i.message for i in issues)
    assert any(i.level == "attention" and "Ligne 5" in i.message for i in issues)
    assert any(i.level == "attention" and "Ligne 6" in i.message and "postérieure" in i.message
               for i in issues)
    assert len(issues) == 6


def test_a_correct_register_has_no_issue(rules, entries):
    good = [e for e in entries if e.regle not in ("vgp-chariot", "suivi-medical-sir")]
    assert register_issues(good, rules) == []


# --- reminders ------------------------------------------------------------------------------------
def test_reminders_are_programmed_90_60_30_days_before():
    entry = RegisterEntry(regle="regle-test", objet="x", derniere_date=D(2024, 12, 1))
    line = evaluate_register([entry], {"regle-test": rule(12)}, TODAY)[0]
    got = [(r.date, r.days_before) for r in reminders([line])]
    assert got == [(D(2025, 9, 2), 90), (D(2025, 10, 2), 60), (D(2025, 11, 1), 30)]


def test_past_alert_dates_collapse_into_one_reminder_today_and_expired_get_one(rules, entries):
    lines = evaluate_register(entries, rules, TODAY)
    got = reminders(lines)
    assert [r.date for r in got] == sorted(r.date for r in got)
    mine = {ln.entry.regle: [(r.date, r.days_before) for r in got if r.line == ln] for ln in lines}
    assert mine["caces-r489"] == [(TODAY, -12)]
    assert mine["sst"] == [(TODAY, 20)]  # due 03/04/2025: every alert date is past or today
    assert mine["vgp-chariot"] == [(TODAY, 45), (D(2025, 3, 29), 30)]
    assert mine["registre-accidents-benins"] == [] and mine["suivi-medical-sir"] == []


# --- rule catalogue -------------------------------------------------------------------------------
def test_shipped_rules_load_and_cite_a_basis_and_a_source(rules):
    assert set(rules) >= CASE_IDS
    for r in rules.values():
        assert r.base.strip() and r.source.strip() and r.note.strip(), r.id
        if not r.verifie:
            assert "confirmer" in r.note or "relu" in r.note, r.id
    months = {k: rules[k].periodicite_mois for k in CASE_IDS}
    assert months == {
        "sst": 24, "habilitation-electrique": 36, "caces-r489": 60, "caces-r485": 60,
        "caces-r486": 60, "autorisation-conduite": None, "suivi-medical-vip": 60,
        "suivi-medical-sir": 48, "vgp-chariot": 6, "vgp-levage": 12, "vgp-accessoires-levage": 12,
        "vgp-electrique": 12, "portes-automatiques": 6, "extincteurs": 12, "epi-antichute": 12,
        "exercice-incendie": 6, "registre-accidents-benins": None, "registre-securite": None}
    assert (rules["exercice-incendie"].type, rules["registre-securite"].type) == ("exercice", "registre")


def test_loader_returns_a_fresh_dict_each_time():
    first = load_sst_rules()
    first.pop("sst")
    assert "sst" in load_sst_rules()


def test_load_rules_reports_every_bad_rule_with_its_field():
    data = [{"id": "ok-rule", "libelle": "x", "type": "formation", "periodicite_mois": 12,
             "base": "b", "source": "s"},
            {"id": "ok-rule", "libelle": "x", "type": "formation", "base": "b", "source": "s"},
            {"id": "bad", "libelle": "x", "type": "cours", "periodicite_mois": 0, "base": "b",
             "source": "s"}]
    with pytest.raises(InputError) as info:
        load_rules(data, source="regles.yaml")
    fields = {p.field for p in info.value.problems}
    assert {"id", "type", "periodicite_mois"} <= fields
    assert all(p.file == "regles.yaml" for p in info.value.problems)
    assert "en double" in str(info.value)
    with pytest.raises(QsecaseError, match="liste de règles"):
        load_rules({"sst": {}})


def test_core_imports_no_plot_widget_or_calendar_module():
    code = ("import sys, qsecase.methods.sst_register, qsecase.methods.ppe, qsecase.sst_rules; "
            "print(' '.join(sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    assert not {"matplotlib", "ipywidgets", "openpyxl", "icalendar", "pandas"} & set(loaded)


# --- views ----------------------------------------------------------------------------------------
def test_status_tints_keep_black_text_readable_and_missing_dates_are_told_apart(rules, entries):
    for style in LEVEL_STYLE.values():
        assert contrast_ratio(BLACK, tint(style.colour)) >= 4.5, style.label
    lines = {ln.entry.regle: ln for ln in evaluate_register(entries, rules, TODAY)}
    assert status_text(lines["suivi-medical-sir"]) == "? date à renseigner"
    assert status_text(lines["registre-accidents-benins"]) == "— sans échéance périodique"


def test_register_html_is_an_accessible_table(rules, entries):
    entries.append(RegisterEntry(regle="vgp-levage", objet="<script>alert(1)</script>",
                                 derniere_date=D(2024, 4, 1)))
    html = register_html(evaluate_register(entries, rules, TODAY))
    assert "<caption" in html and "14/03/2025" in html
    assert 'scope="col"' in html and 'scope="row"' in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    for symbol, word in (("✖", "expiré"), ("⚠", "≤ 30 j"), ("◔", "≤ 60 j"), ("✔", "à jour")):
        assert f'<span aria-hidden="true">{symbol}</span> {word}' in html
    assert "erronée (attendu 28/04/2025)" in html
    assert "Légende" in html


def test_workbook_has_the_plan_and_its_sources(rules, entries):
    from openpyxl import load_workbook

    entries.append(RegisterEntry(regle="extincteurs", objet="=HYPERLINK(\"x\")",
                                 derniere_date=D(2024, 5, 20)))
    data = register_workbook(evaluate_register(entries, rules, TODAY), "Entrepôt — plan SST",
                             rules=rules)
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Plan de suivi", "Sources"]
    ws = wb["Plan de suivi"]
    assert ws["A1"].value == "Entrepôt — plan SST"
    assert [c.value for c in ws[4]] == ["Objet", "Obligation", "Base légale", "Dernière date",
                                        "Échéance", "Jours restants", "Statut", "Commentaire"]
    assert ws.freeze_panes == "B5" and ws.auto_filter.ref.startswith("A4:H")
    statuses = [ws.cell(r, 7).value for r in range(5, ws.max_row + 1)]
    assert statuses[0] == "✖ expiré"
    assert all(len(s.split(" ", 1)) == 2 and s.split(" ", 1)[1] for s in statuses)
    assert ws["E5"].value.date() == D(2025, 3, 2) and ws["E5"].number_format == "DD/MM/YYYY"
    assert any(ws.cell(r, 1).value == '=HYPERLINK("x")' and ws.cell(r, 1).data_type == "s"
               for r in range(5, ws.max_row + 1))
    assert len(ws.conditional_formatting) >= 1
    src = wb["Sources"]
    table = {row[0]: row for row in src.iter_rows(min_row=2, values_only=True) if row[0]}
    assert set(rules) <= set(table)
    assert table["suivi-medical-vip"][6] == "? à vérifier"
    assert table["vgp-chariot"][4].startswith("Arrêté du 1er mars 2004")
    assert table["vgp-chariot"][6] == "✔ vérifiée"


def test_ics_parses_back_with_alarms_and_stable_uids(rules, entries):
    from icalendar import Calendar

    lines = evaluate_register(entries, rules, TODAY)
    data = register_ics(lines, reminders(lines), organisation="LogiRhône")
    cal = Calendar.from_ical(data)
    events = [c for c in cal.walk("VEVENT")]
    assert len(events) == sum(1 for ln in lines if ln.due)
    harness = next(e for e in events if "Harnais H-03" in str(e["SUMMARY"]))
    assert str(harness["SUMMARY"]) == ("Échéance : Vérification générale périodique — EPI contre "
                                       "les chutes de hauteur — Harnais H-03")
    assert (harness.decoded("DTSTART"), harness.decoded("DTEND")) == (D(2025, 9, 30), D(2025, 10, 1))
    assert "Arrêté du 19 mars 1993" in str(harness["DESCRIPTION"])
    triggers = sorted(a.decoded("TRIGGER") for a in harness.walk("VALARM"))
    assert triggers == [dt.timedelta(days=-90), dt.timedelta(days=-60), dt.timedelta(days=-30)]
    uids = [str(e["UID"]) for e in events]
    assert len(set(uids)) == len(uids)
    later = evaluate_register(entries, rules, TODAY + dt.timedelta(days=10))
    again = Calendar.from_ical(register_ics(later, reminders(later), organisation="LogiRhône"))
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == sorted(uids)
    assert event_uid(lines[0], "Autre site") != event_uid(lines[0], "LogiRhône")
