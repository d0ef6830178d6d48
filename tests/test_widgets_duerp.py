"""The DUERP-update and psychosocial-risk forms on the bundled case, driven as a trainee would: set
``.value``, call ``.click()``.

Each test checks the answers model of the session *and* the answers file saved on disk.
"""

from __future__ import annotations

import datetime as dt
import json
import stat
from pathlib import Path
from typing import Any

import pytest

from form_helpers import messages, saved
from qsecase.exercises.duerp_rps import corpus_data
from qsecase.methods.duerp import rank
from qsecase.methods.duerp_update import DuerpVersion
from qsecase.notebook import Casebook
from qsecase.session import Session, open_exercise
from qsecase.widgets.duerp_rps import EXPORT_HTML, EXPORT_XLSX
from qsecase.widgets.duerp_rps_rps import NOT_REVIEWED

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "logisud"


@pytest.fixture
def answers_path(tmp_path: Path) -> Path:
    return tmp_path / "reponses" / "duerp-rps.yaml"


@pytest.fixture
def session(answers_path: Path, tmp_path: Path) -> Session:
    return open_exercise("duerp-rps", case_dir=CASE, answers_path=answers_path,
                         output_dir=tmp_path)


@pytest.fixture
def book(session: Session) -> Casebook:
    return Casebook(session)


@pytest.fixture
def previous(session: Session) -> DuerpVersion:
    return corpus_data.previous_version(session.case)


def values(widget: Any) -> list[Any]:
    """The values offered by a dropdown or a multiple selection."""
    return [v for _label, v in widget.options]


def take_up(book: Casebook) -> Any:
    form = book.step("situations")
    form.take_up.click()
    return form


def rerate(book: Casebook, sid: str) -> tuple[int, int]:
    """Raise the frequency (or lower it at the top of the grid) of situation ``sid``."""
    form = book.step("situations")
    s = next(s for s in book.session.answers.situations if s.id == sid)
    form.unit.value = s.unite
    row = next(r for r in form.editors[s.unite].rows if r.fields["id"].value == sid)
    new_f = s.f + 1 if s.f < form.scale.f_max else s.f - 1
    row.fields["f"].value = new_f
    return s.f, new_f


def test_step_names_and_the_update_form(book: Casebook, answers_path: Path) -> None:
    assert list(book.forms) == ["mise-a-jour", "situations", "evolutions", "programme", "rps",
                                "export"]
    form = book.step("mise-a-jour")
    assert "Cochez au moins un motif" in messages(form)
    form.date.value = dt.date(2026, 10, 12)
    form.auteur.value = "Claire Dumont, responsable QSE"
    form.triggers["annuelle"].value = True
    form.triggers["information"].value = True
    form.participants.value = "CSE, chefs d'équipe"
    assert form.triggers["annuelle"].description.startswith("Mise à jour annuelle")
    info = saved(answers_path)["mise_a_jour"]
    assert info["date"] == "2026-10-12" and info["declencheurs"] == ["annuelle", "information"]
    assert info["auteur"] == "Claire Dumont, responsable QSE"
    assert not messages(form)


def test_take_up_fills_an_empty_duerp_once(book: Casebook, answers_path: Path,
                                           previous: DuerpVersion) -> None:
    form = book.step("situations")
    rows = book.session.case.tables[book.session.case.spec.duerp.version_precedente.document]
    assert form.take_up.description == (f"Reprendre la version précédente (v{previous.numero} du "
                                         f"{previous.date:%d/%m/%Y})")
    assert not form.take_up.disabled
    form.take_up.click()
    assert len(book.session.answers.situations) == len(rows) == len(previous.situations)
    assert len(saved(answers_path)["situations"]) == len(rows)
    assert "reprises de la version" in form.take_up_status.value
    assert form.take_up.disabled
    unit = form.unit.value
    assert len(form.editors[unit].rows) == sum(s.unite == unit for s in previous.situations)
    # every unit's rows, once shown, give back the same DUERP
    for unit_id in values(form.unit):
        form.unit.value = unit_id
    assert form.values() == [s.model_dump() for u in values(form.unit)
                             for s in previous.situations if s.unite == u]


def test_take_up_refuses_when_the_duerp_has_situations(book: Casebook, answers_path: Path,
                                                       previous: DuerpVersion) -> None:
    form = take_up(book)
    first = previous.situations[0]
    rerate(book, first.id)
    before = answers_path.read_bytes()
    form.take_up.click()  # even if the disabled button were clicked
    assert "Reprise refusée" in form.take_up_status.value
    assert answers_path.read_bytes() == before
    assert next(s for s in book.session.answers.situations if s.id == first.id).f != first.f


def test_take_up_refuses_over_rows_typed_by_hand(book: Casebook, answers_path: Path) -> None:
    form = book.step("situations")
    editor = form.editors[form.unit.value]
    editor.add_button.click()
    editor.rows[0].fields["situation"].value = "Accueil des chauffeurs"
    assert len(book.session.answers.situations) == 1
    before = answers_path.read_bytes()
    form.take_up_previous()
    assert "Reprise refusée" in form.take_up_status.value and answers_path.read_bytes() == before
    assert [s.situation for s in book.session.answers.situations] == ["Accueil des chauffeurs"]


def test_ratings_follow_the_grid_and_redraw_the_views(book: Casebook, answers_path: Path,
                                                      previous: DuerpVersion) -> None:
    form = take_up(book)
    scale = form.scale
    row = form.editors[form.unit.value].rows[0]
    assert values(row.fields["g"]) == list(range(1, scale.g_max + 1))
    assert values(row.fields["f"]) == list(range(1, scale.f_max + 1))
    if scale.uses_control:
        assert values(row.fields["m"]) == ["", *range(1, len(scale.maitrise) + 1)]
    else:
        assert row.fields["m"].disabled and values(row.fields["m"]) == [""]
    assert "Criticité brute" in row.summary.value
    top = rank(book.session.answers.situations, scale)[0][0]  # shown in the ranked list
    form.unit.value = top.unite
    unit_map, site_map, ranked = form.unit_map.value, form.site_map.value, form.ranked.value
    assert 'alt="Cartographie gravité × fréquence de l&#x27;unité de travail' in unit_map
    assert top.id in ranked
    _old, new = rerate(book, top.id)
    assert next(s for s in book.session.answers.situations if s.id == top.id).f == new
    assert next(s for s in saved(answers_path)["situations"] if s["id"] == top.id)["f"] == new
    assert form.unit_map.value != unit_map and form.site_map.value != site_map
    assert form.ranked.value != ranked


def test_new_situation_and_live_checks(book: Casebook, answers_path: Path) -> None:
    form = take_up(book)
    unit = form.unit.value
    editor = form.editors[unit]
    editor.add_button.click()
    row = editor.rows[-1]
    assert row.fields["id"].value not in {s.id for s in book.session.answers.situations}
    assert "situation" in messages(form)  # an empty situation is not taken into account
    row.fields["situation"].value = "Recharge des batteries des chariots"
    row.fields["famille"].value = "incendie-explosion"
    row.fields["methode"].value = "ATEX"
    row.fields["fonctionnement"].value = "dégradé"
    row.fields["mesures"].value = "Local ventilé\n\nExtincteur à proximité"
    row.fields["exposes"].value = "4"
    new = next(s for s in book.session.answers.situations if s.situation.startswith("Recharge"))
    assert (new.unite, new.famille, new.methode, new.exposes) == (unit, "incendie-explosion",
                                                                  "ATEX", 4)
    assert new.mesures == ["Local ventilé", "Extincteur à proximité"]
    assert "le danger n'est pas décrit" in messages(form)
    row.fields["danger"].value = "Dégagement d'hydrogène"
    assert f"{new.id} : le danger" not in messages(form)
    row.fields["exposes"].value = "quatre"
    assert "« quatre » n'est pas un nombre entier" in messages(form)
    assert next(s for s in saved(answers_path)["situations"] if s["id"] == new.id)["exposes"] == 4


def test_diff_lists_a_rerating_and_asks_for_its_motif(book: Casebook, answers_path: Path,
                                                      previous: DuerpVersion) -> None:
    take_up(book)
    evolutions = book.step("evolutions")
    assert "Aucune modification" in evolutions.diff.value
    sid = previous.situations[0].id
    old, new = rerate(book, sid)
    assert sid in evolutions.diff.value and "recotée" in evolutions.diff.value
    assert f"F{old}" in evolutions.diff.value and f"F{new}" in evolutions.diff.value
    assert "motif de la modification à écrire" in messages(evolutions) and sid in messages(evolutions)
    field = evolutions.motif_fields[sid]
    assert field.description == f"Motif — {sid}"
    field.value = "Deux presque-accidents relevés en septembre"
    assert not [i for i in evolutions.issues.issues if i.level == "erreur"]
    assert saved(answers_path)["motifs"] == {sid: "Deux presque-accidents relevés en septembre"}
    assert "Deux presque-accidents" in evolutions.diff.value


def _ready_to_record(book: Casebook, previous: DuerpVersion) -> Any:
    take_up(book)
    sid = previous.situations[0].id
    rerate(book, sid)
    evolutions = book.step("evolutions")
    evolutions.motif_fields[sid].value = "Mesure de bruit de septembre"
    return evolutions


def test_recording_versions_never_overwrites(book: Casebook, answers_path: Path,
                                             previous: DuerpVersion) -> None:
    import yaml

    evolutions = _ready_to_record(book, previous)
    folder = answers_path.parent / "duerp-rps.versions"
    n = previous.numero + 1
    assert evolutions.record_button.description == f"Enregistrer la version {n}"
    assert evolutions.record() is None  # no author yet
    assert "auteur de la mise à jour" in evolutions.record_status.value and not folder.exists()
    update = book.step("mise-a-jour")
    update.auteur.value = "Claire Dumont, responsable QSE"
    update.commentaire.value = "Mise à jour annuelle 2026"
    evolutions.record_button.click()
    first = folder / f"v{n:03d}.yaml"
    assert first.is_file() and not first.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    data = yaml.safe_load(first.read_text(encoding="utf-8"))
    assert data["numero"] == n and data["auteur"] == "Claire Dumont, responsable QSE"
    assert data["motif"] == "Mise à jour annuelle 2026"
    assert len(data["situations"]) == len(book.session.answers.situations)
    assert f"Version {n} enregistrée" in evolutions.record_status.value
    assert evolutions.record_button.description == f"Enregistrer la version {n + 1}"
    content = first.read_bytes()
    evolutions.record_button.click()
    assert (folder / f"v{n + 1:03d}.yaml").is_file() and first.read_bytes() == content
    history = evolutions.history.value
    assert f"v{previous.numero} (version précédente du cas)" in history
    assert f"v{n}" in history and f"v{n + 1}" in history


def test_recording_is_refused_while_a_change_has_no_motif(book: Casebook, answers_path: Path,
                                                          previous: DuerpVersion) -> None:
    take_up(book)
    book.step("mise-a-jour").auteur.value = "Claire Dumont"
    rerate(book, previous.situations[0].id)
    evolutions = book.step("evolutions")
    assert evolutions.record() is None
    assert "motif de la modification à écrire" in evolutions.record_status.value
    assert not (answers_path.parent / "duerp-rps.versions").exists()


def test_programme_offers_the_situations_and_checks_the_papripact(book: Casebook,
                                                                   answers_path: Path) -> None:
    take_up(book)
    form = book.step("programme")
    org = book.session.case.spec.organisation
    kind = "PAPRIPACT" if org.effectif >= 50 else "liste des actions de prévention"
    assert kind in form.title.value
    form.editor.add_button.click()
    row = form.editor.rows[0]
    assert row.fields["id"].value == "AP1"
    assert values(row.fields["risques"]) == [s.id for s in book.session.answers.situations]
    sid = book.session.answers.situations[0].id
    row.fields["mesure"].value = "Séparer les flux piétons et chariots"
    row.fields["risques"].value = (sid,)
    row.fields["cout"].value = "4 500,50"
    assert saved(answers_path)["actions"][0]["cout"] == 4500.5
    assert saved(answers_path)["actions"][0]["risques"] == [sid]
    assert "responsable et échéance sont à renseigner" in messages(form)
    row.fields["responsable"].value = org.roles[0].fonction if org.roles else "Direction"
    row.fields["echeance"].value = dt.date(2027, 3, 31)
    assert "responsable et échéance" not in messages(form)
    assert "AP1" in form.table.value
    row.fields["cout"].value = "beaucoup"
    assert "écrivez un montant en euros" in messages(form)
    assert saved(answers_path)["actions"][0]["cout"] == 4500.5
    # a situation renamed in the DUERP stays chosen, flagged
    situations = book.step("situations")
    situations.unit.value = book.session.answers.situations[0].unite
    situations.editors[situations.unit.value].rows[0].fields["id"].value = "ZZ-99"
    assert (f"{sid} (absente du DUERP)", sid) in row.fields["risques"].options
    assert "situation(s) inconnue(s)" in messages(form)


def test_rps_grid_saves_a_factor(book: Casebook, answers_path: Path) -> None:
    form = book.step("rps")
    units = book.session.case.spec.organisation.unites_travail
    assert len(form.grids.children) == len(units)
    assert "famille(s) non examinée(s)" in messages(form)
    form.method.value = "RPS-DU"
    form.why.value = "Groupe de travail par unité de travail avec les salariés"
    row = form.grid[(units[0].id, "intensite")]
    assert row.fields["frequence"].value == NOT_REVIEWED and row.fields["gravite"].disabled
    row.fields["frequence"].value = 3
    assert not row.fields["gravite"].disabled
    assert "gravité" in messages(form)  # a present factor needs its severity
    row.fields["gravite"].value = 2
    row.fields["constats"].value = "Pics d'activité non anticipés"
    row.fields["sources"].value = "E3, PV-07"
    factor = saved(answers_path)["rps"][0]
    assert factor == {"unite": units[0].id, "famille": "intensite", "frequence": 3, "gravite": 2,
                      "constats": "Pics d'activité non anticipés", "sources": ["E3", "PV-07"],
                      "methode": "RPS-DU"}
    assert saved(answers_path)["rps_methode"] == "RPS-DU"
    assert 'alt="Matrice des facteurs de risques psychosociaux' in form.matrix.value
    row.fields["frequence"].value = 0
    assert row.fields["gravite"].disabled and row.fields["gravite"].value == 0
    assert saved(answers_path)["rps"][0]["gravite"] is None
    other = form.grid[(units[0].id, "valeurs")]
    other.fields["constats"].value = "Consignes contradictoires"
    assert "choisissez d'abord la fréquence" in messages(form)
    assert len(saved(answers_path)["rps"]) == 1


def test_exports_write_beside_the_answers(book: Casebook, answers_path: Path,
                                          previous: DuerpVersion) -> None:
    import openpyxl

    take_up(book)
    book.step("mise-a-jour").auteur.value = "Claire Dumont"
    before = answers_path.read_bytes()
    form = book.step("export")
    form.xlsx.button.click()
    form.html.button.click()
    assert answers_path.read_bytes() == before
    xlsx, page = answers_path.parent / EXPORT_XLSX, answers_path.parent / EXPORT_HTML
    cells = [c.value for ws in openpyxl.load_workbook(xlsx).worksheets
             for r in ws.iter_rows() for c in r]
    assert previous.situations[0].id in cells
    text = page.read_text(encoding="utf-8")
    assert book.session.case.spec.organisation.nom in text and previous.situations[0].id in text
    assert "Fichier écrit" in form.xlsx.status.value and EXPORT_HTML in form.html.status.value


def test_forms_resume_from_the_saved_file(book: Casebook, answers_path: Path, tmp_path: Path,
                                          previous: DuerpVersion) -> None:
    take_up(book)
    sid = previous.situations[0].id
    _old, new = rerate(book, sid)
    unit = book.session.case.spec.organisation.unites_travail[0].id
    rps = book.step("rps")
    rps.grid[(unit, "emotions")].fields["frequence"].value = 0
    again = Casebook(open_exercise("duerp-rps", case_dir=CASE, answers_path=answers_path,
                                   output_dir=tmp_path))
    form = again.step("situations")
    assert form.take_up.disabled
    assert next(s for s in again.session.answers.situations if s.id == sid).f == new
    assert again.step("rps").grid[(unit, "emotions")].fields["frequence"].value == 0
    assert sid in again.step("evolutions").motif_fields


def test_correction_renders_the_answers_and_writes_the_grade(book: Casebook, answers_path: Path,
                                                             tmp_path: Path) -> None:
    take_up(book)
    book.step("mise-a-jour").auteur.value = "Claire Dumont"
    out = tmp_path / "notes"
    trainer = Casebook(open_exercise("duerp-rps", case_dir=CASE, answers_path=answers_path,
                                     key_path=CASE / "key" / "duerp-rps.yaml", output_dir=out,
                                     mode="correction"))
    assert "Claire Dumont" in trainer.step("mise-a-jour").data
    situations = trainer.step("situations").data
    assert 'alt="Cartographies des risques' in situations and "Réponses du stagiaire" in situations
    assert "Aucune modification" in trainer.step("evolutions").data
    assert "Contrôles de méthode" in trainer.step("rps").data
    for step in ("programme", "export"):
        assert trainer.step(step).data.startswith('<section lang="fr">')
    result = trainer.conclude().data
    grade = json.loads((out / "duerp-rps.grade.json").read_text(encoding="utf-8"))
    assert grade["exercise"] == "duerp-rps" and 0 <= grade["note_20"] <= 20
    assert "/ 20" in result


def test_selfstudy_reveals_the_solution_step_by_step(tmp_path: Path) -> None:
    session = open_exercise("duerp-rps", case_dir=CASE, answers_path=tmp_path / "r.yaml",
                            output_dir=tmp_path, mode="autoformation")
    tools = Casebook(session).conclude().children[0]
    tools.solution_button.click()
    assert "Solution — Mise à jour du DUERP" in tools.solution.value
    while not tools.solution_button.disabled:
        tools.solution_button.click()
    assert "Nouvelles situations attendues" in tools.solution.value
    assert 'alt="Matrice des facteurs de risques psychosociaux' in tools.solution.value


def test_control_level_is_disabled_when_the_grid_has_none(session: Session) -> None:
    from qsecase.widgets.duerp_rps_rows import situation_row

    grid = corpus_data.scale(session.case).model_copy(update={"maitrise": []})
    data = {"id": "X-01", "situation": "Tri des colis", "famille": "bruit", "g": 2, "f": 3}
    row = situation_row(data, lambda: None, scale=grid)
    assert row.fields["m"].disabled and values(row.fields["m"]) == [""]
    assert row.value()["m"] is None and "Criticité brute 6, résiduelle 6" in row.summary.value
    stray = situation_row({**data, "m": 2}, lambda: None, scale=grid)  # typed by hand in the file
    assert not stray.fields["m"].disabled and ("2 (hors grille)", 2) in stray.fields["m"].options
    stray.fields["m"].value = ""
    assert stray.value()["m"] is None
