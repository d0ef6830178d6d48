"""Process map: SIPOC models, checks against the corpus, layout and drawing, alt text."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import itertools

import pytest
from matplotlib.figure import Figure
from pydantic import ValidationError

from qsecase.methods.process_map import (
    ProcessLink,
    ProcessMap,
    ProcessSipoc,
    assign_activities,
    check_map,
)
from qsecase.views.process_map_layout import map_layout
from qsecase.views.process_map_view import (
    draw_process_map,
    natural_size,
    process_map_alt_text,
    process_map_figure,
)

P = ProcessSipoc


def _p(pid: str, nom: str, kind: str, activites: list[str], **kw: object) -> ProcessSipoc:
    base: dict[str, object] = dict(id=pid, nom=nom, type=kind, pilote=f"Pilote {pid}",
                                   entrees=[f"Entrée {pid}"], sorties=[f"Sortie {pid}"],
                                   activites=activites)
    base.update(kw)
    return P.model_validate(base)


@pytest.fixture
def pmap() -> ProcessMap:
    """A machining SME: 12 processes in three families, 15 flows."""
    procs = [
        _p("PIL", "Piloter l'entreprise", "management", ["Définir la politique qualité",
                                                          "Conduire la revue de direction"]),
        _p("AMC", "Améliorer en continu", "management", ["Traiter les non-conformités",
                                                         "Mener les audits internes"]),
        _p("VEN", "Vendre", "realisation", ["Établir les devis", "Revoir les commandes"]),
        _p("GAM", "Concevoir les gammes", "réalisation", ["Rédiger les gammes d'usinage",
                                                          "Programmer les commandes numériques"]),
        _p("USI", "Usiner", "realisation", ["Régler les machines", "Usiner les pièces",
                                            "Réaliser l'autocontrôle"]),
        _p("CTL", "Contrôler", "realisation", ["Contrôler les lots", "Libérer les lots"]),
        _p("EXP", "Expédier", "realisation", ["Emballer les pièces", "Organiser le transport"]),
        _p("ACH", "Acheter", "support", ["Sélectionner les fournisseurs", "Passer les commandes d'achat"]),
        _p("MAI", "Maintenir les équipements", "support", ["Réaliser la maintenance préventive",
                                                           "Dépanner les machines"]),
        _p("COMP", "Gérer les compétences", "support", ["Former et habiliter les opérateurs"]),
        _p("MET", "Gérer la métrologie", "support", ["Étalonner les instruments de mesure"]),
        _p("DOC", "Maîtriser les documents", "Support", ["Diffuser les plans clients à jour"]),
    ]
    links = [("VEN", "GAM", "Commande acceptée"), ("GAM", "USI", "Gamme validée"),
             ("USI", "CTL", "Pièces usinées"), ("CTL", "EXP", "Lot libéré"),
             ("CTL", "USI", "Pièces à reprendre"), ("PIL", "VEN", "Objectifs commerciaux"),
             ("CTL", "AMC", "Non-conformités"), ("AMC", "USI", "Actions correctives"),
             ("PIL", "COMP", "Plan de formation"), ("ACH", "USI", "Brut et outils"),
             ("MAI", "USI", "Machines disponibles"), ("COMP", "USI", "Opérateurs habilités"),
             ("MET", "CTL", "Instruments étalonnés"), ("DOC", "GAM", "Plans clients à jour"),
             ("EXP", "AMC", "Réclamations clients")]
    return ProcessMap(processus=procs, liens=[ProcessLink(de=a, vers=b, flux=f) for a, b, f in links])


CORPUS = ["Le technicien méthodes rédige les gammes d'usinage", "Établir les devis",
          "Étalonnage des instruments de mesure", "usiner les pieces", "Facturer les clients"]


# --- models and checks -----------------------------------------------------------------------------
def test_types_are_normalised_and_blank_items_dropped() -> None:
    p = P(id="X", nom="Usiner", type="Réalisation", entrees=["Brut", "  "], sorties=["Pièces"])
    assert p.type == "realisation" and p.entrees == ["Brut"]
    with pytest.raises(ValidationError):
        P(id="X", nom="Usiner", type="production")
    with pytest.raises(ValidationError):
        P(id="X", nom="Usiner", type="support", inconnu="typo refusée")


def test_a_complete_map_passes_the_checks(pmap: ProcessMap) -> None:
    corpus = ["Rédiger les gammes d'usinage", "Établir les devis", "Étalonner les instruments"]
    assert check_map(pmap, corpus) == []
    assert pmap.process("USI").nom == "Usiner"
    with pytest.raises(KeyError):
        pmap.process("ZZZ")


def test_corpus_activities_are_matched_tolerantly(pmap: ProcessMap) -> None:
    owners = assign_activities(pmap, CORPUS)
    assert owners == {CORPUS[0]: "GAM", CORPUS[1]: "VEN", CORPUS[2]: "MET", CORPUS[3]: "USI",
                      CORPUS[4]: None}
    (issue,) = [i for i in check_map(pmap, CORPUS) if "corpus" in i.message]
    assert issue.level == "erreur" and "« Facturer les clients »" in issue.message
    assert "Établir" not in issue.message


def test_each_check_is_triggered(pmap: ProcessMap) -> None:
    procs = [p for p in pmap.processus if p.type != "support"]
    procs[0] = procs[0].model_copy(update={"pilote": "", "entrees": [], "sorties": []})
    procs.append(_p("ORPH", "Communiquer", "management", ["Usiner les pièces"]))
    procs.append(_p("USI", "Usiner bis", "realisation", []))
    links = [*pmap.liens, ProcessLink(de="USI", vers="ZZZ", flux="x"),
             ProcessLink(de="VEN", vers="VEN", flux="x"), ProcessLink(de="VEN", vers="GAM")]
    text = "\n".join(str(i) for i in check_map(ProcessMap(processus=procs, liens=links)))
    for expected in ("Identifiant de processus en double : USI",
                     "« Piloter l'entreprise » : pilote, éléments d'entrée, éléments de sortie "
                     "manquant(s) (ISO 9001 § 4.4.1)",
                     "« Usiner bis » : aucune activité listée",
                     "Le lien USI → ZZZ cite un processus inexistant : ZZZ",
                     "Le lien VEN → VEN relie un processus à lui-même",
                     "Le lien VEN → GAM ne dit pas ce qui circule",
                     "Processus « Communiquer » orphelin",
                     "Aucun processus de la famille « Processus support (soutien) »",
                     "L'activité « Usiner les pièces » figure dans « Usiner » et dans « Communiquer »"):
        assert expected in text, expected


def test_an_empty_map_is_one_error() -> None:
    (issue,) = check_map(ProcessMap())
    assert issue.level == "erreur" and "aucun processus" in issue.message


# --- layout and drawing ----------------------------------------------------------------------------
def test_layout_puts_bands_in_order_and_realisation_along_the_flow(pmap: ProcessMap) -> None:
    lay = map_layout(pmap)
    (t0, b0), (t1, b1), (t2, b2) = lay.bands
    assert t0 > b0 > t1 > b1 > t2 > b2  # management above réalisation above support
    real = sorted((b for b in lay.boxes.values() if b.band == 1), key=lambda b: b.x)
    assert [b.id for b in real] == ["VEN", "GAM", "USI", "CTL", "EXP"]
    for band in range(3):  # boxes of a band never overlap
        row = sorted((b for b in lay.boxes.values() if b.band == band), key=lambda b: b.x)
        assert all(a.x + a.w / 2 < b.x - b.w / 2 for a, b in itertools.pairwise(row))
    needs, satisfaction = lay.customers or (None, None)
    assert needs is not None and satisfaction is not None
    assert needs.x < real[0].x and satisfaction.x > real[-1].x
    assert len(lay.routes) == len(pmap.liens)
    chain = [r for r in lay.routes if r.chain]
    assert {(r.link.de, r.link.vers) for r in chain} == {("VEN", "GAM"), ("GAM", "USI"),
                                                         ("USI", "CTL"), ("CTL", "EXP")}
    for r in lay.routes:  # orthogonal polylines
        assert all(a[0] == b[0] or a[1] == b[1] for a, b in itertools.pairwise(r.points))


def _texts_overlap(fig: Figure) -> list[tuple[str, str]]:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    boxes = []
    for t in fig.axes[0].texts:
        if not t.get_text():
            continue
        patch = t.get_bbox_patch()
        if patch is not None:
            t.update_bbox_position_size(renderer)
        boxes.append((t.get_text(), (patch or t).get_window_extent(renderer)))
    return [(a, b) for (a, ea), (b, eb) in itertools.combinations(boxes, 2) if ea.overlaps(eb)]


def test_figure_draws_every_process_flow_and_band_without_overlap(pmap: ProcessMap) -> None:
    fig = process_map_figure(pmap)
    assert tuple(fig.get_size_inches()) == pytest.approx(natural_size(pmap))
    ax = fig.axes[0]
    gids = {t.get_gid() for t in ax.texts} | {p.get_gid() for p in ax.patches}
    for p in pmap.processus:
        assert {f"nom:{p.id}", f"pilote:{p.id}", f"cadre:{p.id}"} <= gids
    for kind in ("management", "realisation", "support"):
        assert {f"titre:{kind}", f"bande:{kind}"} <= gids
    flows = [t.get_text().replace("\n", " ") for t in ax.texts if (t.get_gid() or "").startswith("flux:")]
    assert sorted(flows) == sorted(lk.flux for lk in pmap.liens)
    titles = [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("titre:")]
    assert titles == ["PROCESSUS DE MANAGEMENT (PILOTAGE)", "PROCESSUS DE RÉALISATION (OPÉRATIONNELS)",
                      "PROCESSUS SUPPORT (SOUTIEN)"]
    assert {"nom:besoins", "nom:satisfaction"} <= gids
    assert min(t.get_fontsize() for t in ax.texts if t.get_text()) >= 10
    assert _texts_overlap(fig) == []


@pytest.mark.parametrize("seed", range(6))
def test_random_maps_never_overlap_text(seed: int) -> None:
    import random

    rnd = random.Random(seed)
    procs = [_p(f"P{k}", rnd.choice(["Piloter la stratégie", "Auditer", "Vendre", "Usiner",
                                     "Traiter en surface et contrôler", "Expédier", "Former",
                                     "Gérer la métrologie"]), kind, [])
             for k, kind in enumerate(rnd.choices(["management", "realisation", "support"], k=12))]
    links = [ProcessLink(de=rnd.choice(procs).id, vers=rnd.choice(procs).id,
                         flux=rnd.choice(["Commande", "Pièces à reprendre pour retouche", "", "Plan"]))
             for _ in range(18)]
    assert _texts_overlap(process_map_figure(ProcessMap(processus=procs, liens=links))) == []


def test_small_axes_scale_the_drawing_down(pmap: ProcessMap) -> None:
    fig = Figure(figsize=(8, 4))
    draw_process_map(fig.add_subplot(), pmap)
    sizes = {t.get_fontsize() for t in fig.axes[0].texts if t.get_text()}
    assert max(sizes) < 10


def test_alt_text_lists_families_pilots_and_flows(pmap: ProcessMap) -> None:
    alt = process_map_alt_text(pmap)
    assert alt.startswith("Cartographie des processus : 12 processus en trois familles")
    assert "Processus support (soutien) : Acheter (pilote : Pilote ACH)" in alt
    assert "Contrôler → Usiner : Pièces à reprendre" in alt
    assert process_map_alt_text(ProcessMap()).endswith("aucun processus saisi.")


def test_empty_map_and_empty_family_are_drawn() -> None:
    fig = process_map_figure(ProcessMap())
    assert "(cartographie vide : aucun processus saisi)" in [t.get_text() for t in fig.axes[0].texts]
    only = ProcessMap(processus=[_p("V", "Vendre", "realisation", [])])
    texts = [t.get_text() for t in process_map_figure(only).axes[0].texts]
    assert texts.count("(aucun processus de cette famille)") == 2
