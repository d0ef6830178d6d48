"""DUERP Excel workbook: the companies' layout, and the work-unit sheets read back unchanged."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from qsecase.case_model import WorkUnit
from qsecase.errors import AnswersError
from qsecase.methods.duerp import DuerpScale, Situation
from qsecase.methods.duerp_update import VersionInfo
from qsecase.methods.papripact import PreventionAction
from qsecase.methods.rps import RpsFactor
from qsecase.views.duerp_workbook import ACTION_COLUMNS, UNIT_COLUMNS, duerp_workbook, read_duerp_workbook

SCALE = DuerpScale.model_validate({
    "gravite": [{"valeur": i + 1, "libelle": w} for i, w in enumerate(
        ["Faible", "Moyenne", "Grave", "Très grave"])],
    "frequence": [{"valeur": i + 1, "libelle": w} for i, w in enumerate(
        ["Rare", "Occasionnelle", "Fréquente", "Permanente"])],
    "maitrise": [{"valeur": 1, "libelle": "Bonne", "coefficient": 0.5},
                 {"valeur": 2, "libelle": "Moyenne", "coefficient": 0.75},
                 {"valeur": 3, "libelle": "Insuffisante", "coefficient": 1}],
    "seuils": [{"priorite": 1, "libelle": "agir sans délai", "minimum": 9},
               {"priorite": 2, "libelle": "à planifier", "minimum": 4},
               {"priorite": 3, "libelle": "à surveiller", "minimum": 0}],
})
UNITS = [WorkUnit(id="REC", nom="Réception", effectif=6), WorkUnit(id="MAG", nom="Magasin", effectif=14)]
VERSIONS = [
    VersionInfo(numero=1, date=dt.datetime(2024, 3, 1, 9, 0), auteur="A. Martin", motif="création",
                situations=2, empreinte="a" * 64),
    VersionInfo(numero=2, date=dt.datetime(2025, 3, 14, 16, 45), auteur="B. Durand",
                motif="mise à jour annuelle", situations=3, empreinte="b" * 64),
]
ACTIONS = [PreventionAction(id="AP1", mesure="Quai niveleur", type="suppression", risques=["REC-01"],
                            responsable="Direction", echeance=dt.date(2025, 9, 30), cout=12500.5,
                            ressources="prestataire", indicateur="accidents au quai"),
           PreventionAction(id="AP2", mesure="Formation PRAP", type="formation", risques=["MAG-01"])]
FACTORS = [RpsFactor(unite="REC", famille="intensite", frequence=3, gravite=3, constats="pics"),
           RpsFactor(unite="REC", famille="valeurs", frequence=0)]


def sample() -> list[Situation]:
    """Grouped by unit in the order of UNITS, as the work-unit sheets give them back."""
    return [
        Situation(id="REC-01", unite="REC", situation="Déchargement des camions", famille="activite-physique",
                  danger="charges de 25 kg", dommage="lombalgie",
                  mesures=["Transpalette électrique", "Formation gestes et postures",
                           "=1+1 n'est pas une formule"],
                  g=3, f=4, m=2, handicap="poste aménagé pour un salarié RQTH : charges ≤ 10 kg", exposes=4),
        Situation(id="REC-02", unite="REC", situation="Panne du quai niveleur", fonctionnement="dégradé",
                  famille="chute-hauteur", g=4, f=1, m=3, methode="arbre-des-causes"),
        Situation(id="MAG-01", unite="MAG", situation="Circulation des chariots", famille="circulation",
                  mesures=["Plan de circulation"], g=3, f=3, m=1, exposes=14),
    ]


def workbook(situations: list[Situation] | None = None, headcount: int = 60) -> bytes:
    return duerp_workbook("Logisud", UNITS, sample() if situations is None else situations, SCALE,
                          ACTIONS, VERSIONS, FACTORS, headcount)


def load(data: bytes) -> Any:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def column(ws: Any, header: str, row: int = 4) -> list[Any]:
    col = [c.value for c in ws[row]].index(header) + 1
    return [ws.cell(r, col).value for r in range(row + 1, ws.max_row + 1)]


def test_export_then_read_back_gives_the_same_situations() -> None:
    situations = sample()
    back = read_duerp_workbook(workbook(situations))
    assert back == situations
    assert back[0].mesures == situations[0].mesures and back[1].fonctionnement == "dégradé"
    assert back[1].m == 3 and back[2].exposes == 14 and back[1].exposes is None


def test_sheets_are_the_synthesis_one_per_unit_and_the_annexes() -> None:
    wb = load(workbook())
    assert wb.sheetnames == ["Synthèse", "REC", "MAG", "Programme d'actions", "Facteurs RPS",
                             "Historique des versions", "Grille de cotation"]
    ws = wb["REC"]
    assert [c.value for c in ws[4]] == [c[0] for c in UNIT_COLUMNS]
    assert ws["B2"].value == "REC" and ws.freeze_panes == "C5" and ws.auto_filter.ref == "A4:P6"
    assert column(ws, "Criticité brute") == [12, 4]
    assert column(ws, "Criticité résiduelle") == [9, 4]  # 12 × 0,75 ; 4 × 1
    priorities = column(ws, "Priorité")
    assert priorities[0].startswith("⚠ P1") and "agir sans délai" in priorities[0]
    assert priorities[1].startswith("◆ P2")
    fill = ws.cell(5, 13).fill.fgColor.rgb
    assert fill not in ("00000000", "FFFFFFFF") and fill != ws.cell(6, 13).fill.fgColor.rgb
    assert column(ws, "Mesures existantes (une par ligne)")[0].count("\n") == 2
    assert ws.cell(5, 7).data_type == "s"  # a measure written « =… » stays text


def test_synthesis_counts_situations_per_unit_and_priority() -> None:
    ws = load(workbook())["Synthèse"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5, max_row=7)]
    assert rows[0][:7] == ["REC", "Réception", 6, 1, 1, 0, 2]
    assert rows[1][:7] == ["MAG", "Magasin", 14, 0, 1, 0, 1]  # 3 × 3 × 0,5 = 4,5 ≥ 4 : P2
    assert rows[2][0] == "Total" and rows[2][-1] == 3


def test_programme_sheet_has_the_papripact_columns_and_the_cost() -> None:
    ws = load(workbook(headcount=60))["Programme d'actions"]
    assert [c.value for c in ws[4]] == [c[0] for c in ACTION_COLUMNS]
    assert "PAPRIPACT" in ws["A1"].value
    assert column(ws, "Coût estimé (€)") == [12500.5, None]
    assert column(ws, "Échéance")[0] == dt.datetime(2025, 9, 30)
    assert "12\u202f500,50 €" in ws["A3"].value
    small = load(workbook(headcount=20))["Programme d'actions"]
    assert "Liste des actions de prévention" in small["A1"].value


def test_history_sheet_lists_the_versions() -> None:
    ws = load(workbook())["Historique des versions"]
    assert column(ws, "Numéro") == [1, 2]
    assert column(ws, "Auteur") == ["A. Martin", "B. Durand"]
    assert column(ws, "Date")[1] == dt.datetime(2025, 3, 14, 16, 45)
    assert column(ws, "Empreinte SHA-256") == ["a" * 64, "b" * 64]


def test_rps_sheet_lists_every_family_of_every_unit() -> None:
    ws = load(workbook())["Facteurs RPS"]
    assert len(column(ws, "Unité de travail")) == 12  # 2 units × 6 families
    frequencies = column(ws, "Fréquence")
    assert frequencies.count("? non examiné") == 10
    assert column(ws, "Priorité")[0].startswith("⚠ P1")  # intensité : 3 × 3 = 9


def test_a_unit_unknown_or_with_an_odd_id_keeps_its_situations() -> None:
    odd = Situation(id="X-1", unite="Atelier/peinture : cabine n° 2 (bâtiment B)", situation="Peinture",
                    famille="chimique", g=2, f=2, m=1)
    situations = [*sample(), odd]
    wb = load(workbook(situations))
    title = wb.sheetnames[3]
    assert len(title) <= 31 and "/" not in title and ":" not in title
    assert read_duerp_workbook(workbook(situations)) == situations


def test_bad_cells_are_reported_with_sheet_row_and_column() -> None:
    wb = load(workbook())
    ws = wb["MAG"]
    ws.cell(5, 8, 12)  # G
    ws.cell(5, 4, "Risque de tout")  # Famille de risque
    buffer = io.BytesIO()
    wb.save(buffer)
    with pytest.raises(AnswersError) as err:
        read_duerp_workbook(buffer.getvalue())
    text = str(err.value)
    assert "feuille « MAG », ligne 5, champ « Famille de risque » : famille de risque inconnue" in text
    assert {p.field for p in err.value.problems} == {"Famille de risque", "G"}


def test_a_file_that_is_not_a_workbook_is_refused_in_french() -> None:
    with pytest.raises(AnswersError, match="classeur Excel illisible"):
        read_duerp_workbook(b"not a zip file")
