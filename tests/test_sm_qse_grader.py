"""The sm-qse rules on the bundled case: a complete answer earns the automatic points, gaps cost."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from qsecase.corpus import load_case
from qsecase.exercises import registry
from qsecase.exercises.sm_qse import corpus_data
from qsecase.exercises.sm_qse.model import SmQseAnswers, SmQseKey
from qsecase.methods.dashboard import DriftReading, Indicator, Reminder
from qsecase.methods.doc_control import Cartouche, DocReview, DraftDocument, Revision
from qsecase.methods.reporting import CrisisAnswer, ReportItem

ROOT = Path(__file__).resolve().parents[1]
CASE = ROOT / "cases" / "ventoux"
EXERCISE = registry.get("sm-qse")


@pytest.fixture(scope="module")
def case():  # type: ignore[no-untyped-def]
    return load_case(CASE)


@pytest.fixture(scope="module")
def key() -> SmQseKey:
    return registry.load_key(EXERCISE, CASE / "key" / "sm-qse.yaml")  # type: ignore[return-value]


BODY = """## Objet
Cuire le jambon à la bonne température.

## Sécurité
Portez les gants contre la chaleur.

## Matériel
Une sonde de température étalonnée.

## Étapes
1. Placez la sonde à cœur.
2. Lancez le cycle de cuisson.
3. Notez la température sur la fiche.

## En cas de problème
Appelez le chef d'équipe.

## Enregistrements
La fiche de cuisson est rangée au bureau.
"""


def complete(case, key: SmQseKey) -> SmQseAnswers:  # type: ignore[no-untyped-def]
    """An answer written from the key as a careful trainee would."""
    today = key.date_analyse or case.spec.date_cas
    wanted = {w.id: w for w in key.veille}
    watch = []
    for entry in corpus_data.watch_rows(case):
        w = wanted.get(entry.id)
        if w is None:
            continue
        applicable = w.applicabilite == "applicable"
        watch.append(entry.model_copy(update={
            "source": "legifrance", "applicabilite": w.applicabilite,
            "justification": "Évaluée au regard de l'effectif et des activités du site",
            "actions": "Mettre en œuvre les exigences" if applicable else "",
            "responsable": "Responsable QSE" if applicable else "",
            "echeance": today + dt.timedelta(days=60) if applicable else None,
            "statut": "en cours" if applicable else "non applicable",
            "preuve": "Compte rendu de revue" if applicable else "", "date_evaluation": today}))
    reviews = [DocReview(reference=d.reference, ecarts=d.ecarts, commentaire="Écart constaté",
                         action="Réviser et faire approuver le document") for d in key.documents]
    draft = DraftDocument(
        cartouche=Cartouche(reference="MO-PRO-020", titre="Cuisson du jambon", type="mode opératoire",
                            version="1", date_application=today, redacteur="Chef d'équipe cuisson",
                            verificateur="Responsable qualité", approbateur="Directeur de site",
                            statut="projet", diffusion="Cellule de cuisson",
                            historique=[Revision(version="1", date=today, nature="Création",
                                                 auteur="Chef d'équipe cuisson")],
                            prochaine_revue=today + dt.timedelta(days=365)),
        public=key.public_document.libelle, objet="Cuire le jambon", texte=BODY,
        adaptations="Pictogrammes et phrases courtes (FALC)")
    periods, data = corpus_data.indicator_table(case)
    del periods
    indicators = []
    for n, exp in enumerate(key.indicateurs, 1):
        column = next((d.colonne for d in key.derives if d.indicateur.libelle == exp.libelle), None)
        column = column or sorted(data)[n % len(data)]
        indicators.append(Indicator(id=f"I{n}", nom=exp.libelle, definition="Mesure mensuelle",
                                    unite="", colonne=column, responsable="Responsable QSE",
                                    source="Service concerné", objectif=1.0, seuil_alerte=2.0,
                                    public="Direction et CSE"))
    ids = {i.colonne: i.id for i in indicators}
    for d in key.derives:
        if d.colonne not in ids:
            indicators.append(Indicator(id=f"I{len(indicators) + 1}", nom=d.indicateur.libelle,
                                        definition="Mesure mensuelle", colonne=d.colonne,
                                        responsable="Responsable QSE", source="Service concerné",
                                        objectif=1.0, seuil_alerte=2.0, public="Direction"))
            ids[d.colonne] = indicators[-1].id
    for gap in key.donnees_manquantes:
        column = gap.split(":", 1)[0]
        if column not in ids:
            indicators.append(Indicator(id=f"I{len(indicators) + 1}", nom=column, definition="Mesure",
                                        colonne=column, responsable="Responsable QSE", source="Service",
                                        objectif=1.0, seuil_alerte=2.0, public="Direction"))
            ids[column] = indicators[-1].id
    reminders = [Reminder(service="Service concerné", indicateur=ids[g.split(":")[0]],
                          periode=g.split(":", 1)[1], date=today) for g in key.donnees_manquantes]
    drifts = [DriftReading(indicateur=ids[d.colonne], type=d.types[0], periode=d.periode,
                           commentaire="Dérive relevée sur la série") for d in key.derives]
    items = [ReportItem(sujet=r.libelle, type="écart", sources=[], gravite=max(r.gravite_min, 3),
                        message=r.libelle, destinataire="Directrice générale") for r in key.remontees]
    crisis = CrisisAnswer(lot_origine=key.crise_lot, lots_concernes=key.crise_lots_finis,
                          clients=key.crise_clients, preuves=[p.libelle for p in key.crise_preuves],
                          message="Bloquer et rappeler les lots concernés, informer les autorités.")
    return SmQseAnswers(veille=watch, revue_documents=reviews, nouveau_document=draft,
                        indicateurs=indicators, relances=reminders, derives=drifts, remontees=items,
                        crise=crisis)


def grade(answers: SmQseAnswers, case, key):  # type: ignore[no-untyped-def]
    return EXERCISE.grade(answers, key, case, trainee="t", now=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))


def items(g):  # type: ignore[no-untyped-def]
    return {i.item: i for i in g.items}


def test_complete_answer_earns_the_automatic_points(case, key) -> None:  # type: ignore[no-untyped-def]
    g = grade(complete(case, key), case, key)
    lost = {i.item: (i.points, i.max_points, i.feedback) for i in g.items
            if i.status not in ("acquis", "à vérifier")}
    assert lost == {}


def test_wrong_recall_scope_costs_points(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    crisis = answers.crise.model_copy(update={"lots_concernes": key.crise_lots_finis[:1]})
    item = items(grade(answers.model_copy(update={"crise": crisis}), case, key))["crise"]
    assert item.status != "acquis"
    assert "traçabilité" in item.feedback


def test_unrecognised_sources_are_named(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    watch = [e.model_copy(update={"source": "Blog de Jean"}) for e in answers.veille]
    item = items(grade(answers.model_copy(update={"veille": watch}), case, key))["sources_veille"]
    assert item.status != "acquis"
    assert "Blog de Jean" in item.feedback


def test_drift_in_the_wrong_year_is_not_credited(case, key) -> None:  # type: ignore[no-untyped-def]
    answers = complete(case, key)
    shifted = [d.model_copy(update={"periode": "2019-01"}) for d in answers.derives]
    item = items(grade(answers.model_copy(update={"derives": shifted}), case, key))["derives"]
    assert item.points == 0
