"""Cause tree (INRS arbre des causes): graph functions, trainer's checks, layout and drawing."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import itertools
import random

import matplotlib.pyplot as plt
import pytest
from matplotlib.patches import FancyBboxPatch

from qsecase.methods.cause_tree import (
    CauseTree,
    TreeFact,
    TreeLink,
    check_tree,
    final_facts,
    is_disjunction,
    judgement,
    layout,
    link_type,
    to_graph,
    two_facts,
)
from qsecase.methods.cause_tree_layout import tree_layout
from qsecase.views.cause_tree_view import (
    FINAL_LABEL,
    ROOT_MARK,
    cause_tree_alt_text,
    cause_tree_figure,
    draw_cause_tree,
)

SOURCES = {"declaration", "temoin-cariste", "registre-epi", "photo-allee", "planning", "contrat",
           "accueil", "plan-entrepot", "entretien"}


def fact(fid: str, texte: str, **kw) -> TreeFact:
    kw.setdefault("sources", ["declaration"])
    return TreeFact(id=fid, texte=texte, **kw)


def tree(facts: list[TreeFact], links: list[tuple[str, str]]) -> CauseTree:
    return CauseTree(faits=facts, liens=[TreeLink(antecedent=a, consequence=c) for a, c in links])


@pytest.fixture
def warehouse() -> CauseTree:
    """A temporary order picker's foot crushed by an electric pallet truck (17 facts)."""
    return tree([
        fact("F1", "Le pied droit du salarié a été écrasé par la roue du transpalette électrique"),
        fact("F2", "Le transpalette électrique a reculé sur 1,5 m dans l'allée", sources=["temoin-cariste"]),
        fact("F3", "Le salarié portait des baskets"),
        fact("F4", "Le salarié se tenait derrière le transpalette", sources=["temoin-cariste"]),
        fact("F5", "Les chaussures de sécurité à sa taille n'étaient pas disponibles",
             sources=["registre-epi"]),
        fact("F6", "Le stock de chaussures de sécurité n'avait pas de seuil de réapprovisionnement",
             nature="permanent", sources=["registre-epi"], cause_racine=True),
        fact("F7", "L'allée était encombrée par des palettes en attente de rangement",
             sources=["photo-allee"]),
        fact("F8", "Le cariste a reculé pour contourner les palettes", sources=["temoin-cariste"]),
        fact("F9", "Le pic d'activité a commencé le 2 septembre", sources=["planning"]),
        fact("F10", "Trois préparateurs travaillaient dans la même allée", sources=["planning"]),
        fact("F11", "Le salarié était arrivé 3 jours plus tôt", sources=["contrat"]),
        fact("F12", "L'accueil sécurité des intérimaires est prévu la deuxième semaine",
             nature="permanent", sources=["accueil"], cause_racine=True),
        fact("F13", "Le salarié ne connaissait pas les règles de circulation piétons-engins",
             sources=["entretien"]),
        fact("F14", "Aucune zone tampon n'est prévue pour les palettes en attente",
             nature="permanent", sources=["plan-entrepot"], cause_racine=True),
        fact("F15", "Le transpalette n'émettait pas de signal sonore en marche arrière",
             nature="permanent", hypothese=True, sources=[]),
        fact("F16", "Le salarié ne s'est pas écarté du transpalette", sources=["temoin-cariste"]),
        fact("F17", "Le salarié scannait un colis, dos tourné à l'engin", sources=["entretien"]),
    ], [("F2", "F1"), ("F3", "F1"), ("F4", "F1"), ("F16", "F1"), ("F5", "F3"), ("F6", "F5"),
        ("F7", "F8"), ("F8", "F2"), ("F7", "F4"), ("F9", "F7"), ("F9", "F10"), ("F10", "F4"),
        ("F14", "F7"), ("F11", "F13"), ("F12", "F13"), ("F13", "F4"), ("F15", "F16"),
        ("F17", "F16")])


def synthetic_tree(n: int = 30, seed: int = 3) -> CauseTree:
    """A valid tree of ``n`` facts with conjunctions and disjunctions and texts of 1 to 4 lines."""
    rng = random.Random(seed)
    words = ("le chariot la palette le préparateur l'allée était encombrée avait reculé portait des "
             "chaussures la consigne n'était pas affichée le quai restait ouvert depuis trois jours "
             "sur le site pendant le pic d'activité").split()
    facts = [fact("F1", "Le pied du salarié a été écrasé par le transpalette")]
    links = []
    for i in range(2, n + 1):
        facts.append(fact(f"F{i}", f"Fait {i} " + " ".join(rng.sample(words, rng.randint(3, 14))),
                          nature=rng.choice(["inhabituel", "permanent"]),
                          hypothese=rng.random() < 0.1, cause_racine=rng.random() < 0.15))
        target = rng.randint(max(1, i - 8), i - 1)
        links.append((f"F{i}", f"F{target}"))
        other = rng.randint(1, i - 1)
        if rng.random() < 0.25 and other != target:
            links.append((f"F{i}", f"F{other}"))
    return tree(facts, links)


def messages(issues) -> str:
    return "\n".join(str(i) for i in issues)


# --- graph functions -----------------------------------------------------------------------------
def test_graph_final_fact_and_link_types(warehouse: CauseTree) -> None:
    graph = to_graph(warehouse)
    assert graph.number_of_nodes() == 17 and graph.number_of_edges() == 18
    assert graph.has_edge("F6", "F5") and not graph.has_edge("F5", "F6")
    assert [f.id for f in final_facts(warehouse)] == ["F1"]
    assert link_type(warehouse, "F1") == "conjonction"
    assert link_type(warehouse, "F2") == "enchaînement"
    assert link_type(warehouse, "F6") == "origine"
    assert is_disjunction(warehouse, "F9") and is_disjunction(warehouse, "F7")
    assert not is_disjunction(warehouse, "F3")
    with pytest.raises(KeyError):
        link_type(warehouse, "F99")


def test_a_lone_fact_is_its_own_final_fact() -> None:
    assert [f.id for f in final_facts(tree([fact("F1", "Lésion")], []))] == ["F1"]


# --- check_tree: every rule ----------------------------------------------------------------------
def test_a_sound_tree_only_warns_about_its_hypothesis(warehouse: CauseTree) -> None:
    issues = check_tree(warehouse, SOURCES)
    assert [i.level for i in issues] == ["attention"]
    assert "F15" in issues[0].message and "fait non vérifié" in issues[0].message


def test_empty_tree() -> None:
    assert "aucun fait" in messages(check_tree(CauseTree(), SOURCES))


def test_duplicate_ids_and_texts() -> None:
    t = tree([fact("F1", "Lésion"), fact("F2", "Le sol était mouillé", cause_racine=True),
              fact("F2", "Le sol  était MOUILLÉ.")], [("F2", "F1")])
    text = messages(check_tree(t, SOURCES))
    assert "Identifiant de fait en double : F2" in text
    t = tree([fact("F1", "Lésion"), fact("F2", "Le sol était mouillé", cause_racine=True),
              fact("F3", "Le sol était mouillé")], [("F2", "F1"), ("F3", "F1")])
    assert "Les faits F2 et F3 ont le même texte" in messages(check_tree(t, SOURCES))


def test_link_to_an_unknown_fact() -> None:
    t = tree([fact("F1", "Lésion"), fact("F2", "Le sol était mouillé", cause_racine=True)],
             [("F2", "F1"), ("F9", "F1")])
    assert "Le lien F9 → F1 cite un fait qui n'existe pas : F9" in messages(check_tree(t, SOURCES))


def test_cycle_names_its_facts() -> None:
    t = tree([fact("F1", "Lésion"), fact("F2", "Le chariot a reculé", cause_racine=True),
              fact("F3", "L'allée était encombrée"), fact("F4", "Le carter était démonté")],
             [("F2", "F1"), ("F3", "F2"), ("F2", "F3"), ("F4", "F4")])
    text = messages(check_tree(t, SOURCES))
    assert "Boucle dans l'arbre : F2 → F3 → F2" in text or "Boucle dans l'arbre : F3 → F2 → F3" in text
    assert "Boucle dans l'arbre : F4 → F4" in text


def test_several_final_facts_and_isolated_facts() -> None:
    t = tree([fact("F1", "Lésion"), fact("F2", "Le chariot a reculé", cause_racine=True),
              fact("F3", "Le chariot a heurté une étagère"), fact("F4", "Le carter était démonté"),
              fact("F5", "La lame était nue"), fact("F6", "Le sol était gras")],
             [("F2", "F1"), ("F2", "F3"), ("F5", "F6")])
    text = messages(check_tree(t, SOURCES))
    assert "Plusieurs faits ultimes (F1, F3, F6)" in text
    assert "Le fait F4 n'est relié à aucun autre fait." in text
    assert "Les faits F5, F6 ne sont pas reliés au reste de l'arbre." in text


def test_sources_missing_unknown_or_hypothesis() -> None:
    t = tree([fact("F1", "Lésion"), fact("F2", "Le chariot a reculé", sources=[], cause_racine=True),
              fact("F3", "L'allée était encombrée", sources=["photo-allee", "rumeur"]),
              fact("F4", "Le bip de recul ne fonctionnait pas", sources=[], hypothese=True)],
             [("F2", "F1"), ("F3", "F1"), ("F4", "F1")])
    issues = check_tree(t, SOURCES)
    text = messages(issues)
    assert "Le fait F2 ne cite aucune source" in text
    assert "Le fait F3 cite une source inconnue du corpus : rumeur." in text
    f4 = [i for i in issues if "F4" in i.message]
    assert [i.level for i in f4] == ["attention"] and "fait non vérifié" in f4[0].message
    assert "source inconnue" not in messages(check_tree(t))  # no corpus given: only emptiness checked


@pytest.mark.parametrize(("texte", "phrase"), [
    ("Le salarié a fait preuve de NÉGLIGENCE", "NÉGLIGENCE"),
    ("Le salarié a fait preuve de negligence", "negligence"),
    ("Manque de formation du cariste", "Manque de"),
    ("Le cariste n’a pas fait attention", "n’a pas fait attention"),
    ("Le cariste n'a pas fait attention", "n'a pas fait attention"),
    ("Il aurait dû porter ses chaussures", "aurait dû"),
    ("Il aurait du porter ses chaussures", "aurait du"),
    ("Erreur humaine du préparateur", "Erreur humaine"),
    ("Défaut de vigilance du cariste", "Défaut de vigilance"),
    ("defaut de vigilance du cariste", "defaut de vigilance"),
    ("Il semblerait que le bip était coupé", "Il semblerait"),
    ("Le bip était probablement coupé", "probablement"),
    ("Comportement dangereux du cariste", "Comportement dangereux"),
    ("Mauvaise volonté de l'équipe", "Mauvaise volonté"),
    ("Imprudence du salarié", "Imprudence"),
    ("Inattention du salarié", "Inattention"),
    ("C'est la faute du cariste", "faute"),
])
def test_judgement_phrases_are_flagged(texte: str, phrase: str) -> None:
    assert judgement(texte) == phrase
    t = tree([fact("F1", "Lésion"), fact("F2", texte, cause_racine=True)], [("F2", "F1")])
    issue = next(i for i in check_tree(t, SOURCES) if "jugement" in i.message)
    assert issue.level == "erreur" and f"« {phrase} »" in issue.message
    assert "formulez un fait observable : ce qui était, ce qui s'est passé" in issue.message


@pytest.mark.parametrize("texte", [
    "Le salarié portait des baskets", "Le carter était démonté",
    "Les chaussures de sécurité à sa taille n'étaient pas disponibles",
    "Le pic d'activité a commencé le 2 septembre", "Le défaut de la roue était visible",
])
def test_observable_facts_are_not_judgements(texte: str) -> None:
    assert judgement(texte) is None


@pytest.mark.parametrize(("texte", "two"), [
    ("Le salarié portait des baskets et le chariot reculait", True),
    ("Le salarié portait des baskets ; le chariot reculait", True),
    ("Le chariot a reculé parce que l'allée était encombrée", True),
    ("Le chariot a reculé, puis il a heurté le salarié", True),
    ("Le préparateur et le cariste travaillaient dans la même allée", False),
    ("Le salarié portait un casque et des gants", False),
    ("Le salarié portait des baskets", False),
])
def test_one_fact_per_box(texte: str, two: bool) -> None:
    assert two_facts(texte) is two
    t = tree([fact("F1", "Lésion"), fact("F2", texte, cause_racine=True)], [("F2", "F1")])
    assert ("un seul fait par case" in messages(check_tree(t, SOURCES))) is two


def test_root_causes() -> None:
    t = tree([fact("F1", "Lésion", cause_racine=True), fact("F2", "Le sol était mouillé")],
             [("F2", "F1")])
    issue = next(i for i in check_tree(t, SOURCES) if "cause racine" in i.message)
    assert issue.level == "attention" and "F1 est le fait ultime" in issue.message
    t = tree([fact("F1", "Lésion"), fact("F2", "Le sol était mouillé")], [("F2", "F1")])
    assert "Aucun fait n'est retenu comme cause racine" in messages(check_tree(t, SOURCES))


# --- layout --------------------------------------------------------------------------------------
@pytest.mark.parametrize("which", ["warehouse", "synthetic"])
def test_layout_left_to_right_without_overlap(which: str, request: pytest.FixtureRequest) -> None:
    t = request.getfixturevalue("warehouse") if which == "warehouse" else synthetic_tree()
    pos = layout(t)
    assert set(pos) == {f.id for f in t.faits}
    final = final_facts(t)[0].id
    assert pos[final][0] == max(x for x, _ in pos.values())
    for link in t.liens:
        assert pos[link.antecedent][0] < pos[link.consequence][0]
    for (xa, ya), (xb, yb) in itertools.combinations(pos.values(), 2):
        assert xa != xb or abs(ya - yb) >= 1.5 - 1e-9  # unit boxes + 0.5 gap
    assert layout(t) == pos  # deterministic


def test_layout_bends_long_links_between_boxes(warehouse: CauseTree) -> None:
    lay = tree_layout(warehouse)
    bends = lay.routes[("F7", "F4")]
    assert [x for x, _ in bends] == [2.0]
    for fid, (x, y) in lay.positions.items():
        if x == 2.0:
            assert abs(y - bends[0][1]) >= 0.5 + 0.25 - 1e-9, fid


def test_layout_survives_a_broken_tree() -> None:
    t = tree([fact("F1", "Lésion"), fact("F2", "A"), fact("F3", "B"), fact("F4", "Seul")],
             [("F2", "F1"), ("F3", "F2"), ("F2", "F3"), ("F9", "F1")])
    assert set(layout(t)) == {"F1", "F2", "F3", "F4"}


# --- drawing -------------------------------------------------------------------------------------
def _flat(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.mark.parametrize("which", ["warehouse", "synthetic"])
def test_drawing_is_legible_and_nothing_overlaps(which: str, request: pytest.FixtureRequest) -> None:
    t = request.getfixturevalue("warehouse") if which == "warehouse" else synthetic_tree()
    fig = cause_tree_figure(t)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    fig.canvas.draw()
    ax = fig.axes[0]
    frames = {p.get_gid()[6:]: p.get_window_extent(renderer) for p in ax.patches
              if isinstance(p, FancyBboxPatch) and (p.get_gid() or "").startswith("cadre:F")}
    texts = {t.get_gid()[5:]: t for t in ax.texts if (t.get_gid() or "").startswith("fait:")}
    assert set(frames) == set(texts) == {f.id for f in t.faits}
    for a, b in itertools.combinations(frames.values(), 2):
        assert not a.overlaps(b)
    for fid, artist in texts.items():
        assert artist.get_fontsize() >= 8
        box = artist.get_window_extent(renderer)
        assert frames[fid].x0 <= box.x0 and box.x1 <= frames[fid].x1, fid
        assert frames[fid].y0 <= box.y0 and box.y1 <= frames[fid].y1, fid
        assert _flat(t.fact(fid).texte) in _flat(artist.get_text())
    legend = [t.get_window_extent(renderer) for t in ax.texts if (t.get_gid() or "").startswith("legende")]
    assert legend and not any(leg.overlaps(f) for leg in legend for f in frames.values())
    arrows = [a for a in ax.texts if (a.get_gid() or "").startswith("lien:")]
    assert len(arrows) == len(t.liens)


def test_drawing_marks_never_rely_on_colour(warehouse: CauseTree) -> None:
    fig = cause_tree_figure(warehouse)
    ax = fig.axes[0]
    frames = {p.get_gid(): p for p in ax.patches if p.get_gid()}
    texts = {t.get_gid(): t for t in ax.texts if t.get_gid()}
    assert frames["cadre:F1"].get_linewidth() > 2 * frames["cadre:F2"].get_linewidth()
    assert texts["ultime:F1"].get_text() == FINAL_LABEL.upper()
    assert texts["fait:F6"].get_text().startswith(ROOT_MARK) and texts["fait:F6"].get_fontweight() == "bold"
    assert frames["cadre:F15"].get_linestyle() != frames["cadre:F2"].get_linestyle()
    assert texts["fait:F15"].get_fontstyle() == "italic"
    n_patches = sum(1 for p in ax.patches if p.get_x() == frames["cadre:F9"].get_x())
    assert n_patches == 1  # inhabituel: single border; permanent below: two
    assert any(p is not frames["cadre:F14"] and abs(p.get_x() - frames["cadre:F14"].get_x() - 0.045) < 1e-6
               for p in ax.patches)
    legend = " ".join(t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("legende"))
    for word in ("inhabituel", "permanent", "hypothèse", "cause racine", "Fait ultime"):
        assert word in legend


def test_small_axes_scale_down_without_overlap() -> None:
    t = synthetic_tree(20)
    fig = plt.figure(figsize=(8, 5))
    try:
        ax = fig.add_axes((0, 0, 1, 1))
        draw_cause_tree(ax, t)
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
        frames = [p.get_window_extent(renderer) for p in ax.patches
                  if (p.get_gid() or "").startswith("cadre:F")]
        assert len(frames) == 20
        for a, b in itertools.combinations(frames, 2):
            assert not a.overlaps(b)
    finally:
        plt.close(fig)


def test_figure_grows_with_the_tree_and_leaves_pyplot_alone(warehouse: CauseTree) -> None:
    before = plt.get_fignums()
    small, big = cause_tree_figure(warehouse), cause_tree_figure(synthetic_tree(30))
    assert plt.get_fignums() == before
    assert big.get_size_inches()[0] > small.get_size_inches()[0]


def test_empty_tree_is_drawn_as_a_note() -> None:
    fig = cause_tree_figure(CauseTree())
    assert "arbre vide" in fig.axes[0].texts[0].get_text()


def test_alt_text_mentions_every_fact(warehouse: CauseTree) -> None:
    alt = cause_tree_alt_text(warehouse)
    assert alt.index("Fait ultime : F1 «") < alt.index("F2 «")
    for f in warehouse.faits:
        assert f"{f.id} « {f.texte} »" in alt
    assert "antécédents F2, F3, F4 et F16 (conjonction)" in alt
    assert "antécédent F5 (enchaînement)" in alt
    assert "Causes racines retenues : F6" in alt and "F12" in alt.split("Causes racines")[1]
    assert "hypothèse non vérifiée" in alt
    synthetic = synthetic_tree()
    alt = cause_tree_alt_text(synthetic)
    assert all(f"{f.id} « {f.texte} »" in alt for f in synthetic.faits)
