"""Arbre des causes (INRS method, ED 6163): facts, links from antecedent to consequence. Pure.

Built back from the injury (the final fact, on the right); links are read left to right in
chronological order. The link types are structural: one antecedent = enchaînement, several
antecedents of one fact = conjonction, several consequences of one fact = disjonction.
``networkx`` is imported only when a graph is needed, so that importing this module stays light.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Collection
from typing import TYPE_CHECKING, Literal

from pydantic import Field

from qsecase.methods.base import Issue, Model

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["CauseTree", "FactCategory", "FactKind", "LinkType", "TreeFact", "TreeLink", "check_tree",
           "final_facts", "is_disjunction", "judgement", "layout", "link_type", "to_graph",
           "two_facts"]

FactKind = Literal["inhabituel", "permanent"]
FactCategory = Literal["I", "T", "Ma", "Mi"]
"""Individu, Tâche, Matériel, Milieu (classification usuelle des faits)."""
LinkType = Literal["origine", "enchaînement", "conjonction"]


class TreeFact(Model):
    id: str = Field(pattern=r"^[A-Za-z0-9_-]{1,20}$", description="ex. F1")
    texte: str
    nature: FactKind = "inhabituel"
    categorie: FactCategory | None = None
    sources: list[str] = Field(default_factory=list, description="ids des faits du corpus "
                               "(rapport, témoignages) qui l'établissent")
    hypothese: bool = Field(False, description="fait non vérifié (tracé en pointillé)")
    cause_racine: bool = Field(False, description="fait retenu comme cause racine à traiter")


class TreeLink(Model):
    antecedent: str = Field(description="id du fait antécédent (à gauche)")
    consequence: str = Field(description="id du fait qui en résulte (à droite)")


class CauseTree(Model):
    faits: list[TreeFact] = Field(default_factory=list)
    liens: list[TreeLink] = Field(default_factory=list)

    def fact(self, fact_id: str) -> TreeFact:
        for f in self.faits:
            if f.id == fact_id:
                return f
        raise KeyError(fact_id)


# --- graph ---------------------------------------------------------------------------------------
def to_graph(tree: CauseTree) -> nx.DiGraph:
    """The tree as a directed graph antecedent → consequence.

    Nodes are fact ids (attribute ``fact``: the first :class:`TreeFact` with that id); links naming
    an unknown fact and repeated links are left out (:func:`check_tree` reports them).
    """
    import networkx as nx

    graph = nx.DiGraph()
    for f in tree.faits:
        if f.id not in graph:
            graph.add_node(f.id, fact=f)
    for link in tree.liens:
        if link.antecedent in graph and link.consequence in graph:
            graph.add_edge(link.antecedent, link.consequence)
    return graph


def final_facts(tree: CauseTree) -> list[TreeFact]:
    """Facts with no consequence that end a chain (the injury); a lone fact is its own final fact.

    An isolated fact (in no link) of a tree with several facts is not counted: it is reported as
    « non relié » by :func:`check_tree`.
    """
    graph = to_graph(tree)
    if graph.number_of_nodes() == 1:
        return [graph.nodes[n]["fact"] for n in graph]
    return [graph.nodes[n]["fact"] for n in graph
            if graph.out_degree(n) == 0 and graph.in_degree(n) > 0]


def link_type(tree: CauseTree, fact_id: str) -> LinkType:
    """How ``fact_id`` is produced: no antecedent (origine), one (enchaînement), several
    (conjonction). Raises ``KeyError`` for an unknown fact."""
    graph = to_graph(tree)
    if fact_id not in graph:
        raise KeyError(fact_id)
    n = graph.in_degree(fact_id)
    return "origine" if n == 0 else "enchaînement" if n == 1 else "conjonction"


def is_disjunction(tree: CauseTree, fact_id: str) -> bool:
    """Whether ``fact_id`` is the antecedent of several facts (disjonction)."""
    graph = to_graph(tree)
    if fact_id not in graph:
        raise KeyError(fact_id)
    return bool(graph.out_degree(fact_id) > 1)


# --- wording -------------------------------------------------------------------------------------
def _fold(text: str) -> tuple[str, list[int]]:
    """Lower-case, accent-free text (’ → ') and, for each of its characters, the original index."""
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text.replace("’", "'")):
        folded = "".join(c for c in unicodedata.normalize("NFKD", ch)
                         if not unicodedata.combining(c)).casefold()
        out.append(folded)
        index.extend([i] * len(folded))
    return "".join(out), index


_JUDGEMENT = re.compile(r"(?<![a-z])(?:" + "|".join([
    r"manque d(?:e\b|')", r"negligen\w*", r"impruden\w*", r"inattenti\w*", r"fautes?\b",
    r"n'(?:a|avait) pas fait attention", r"aurai(?:t|ent) (?:du|pu|fallu)\b",
    r"mauvaise volonte", r"erreurs? humaines?", r"defaut de vigilance",
    r"comportements? dangereux", r"il sembl\w*", r"semblai(?:t|ent)\b", r"probablement",
    r"sans doute", r"peut-etre", r"apparemment", r"distraite?s?\b", r"etourder\w*",
    r"maladroit\w*", r"insouciance", r"laxisme", r"je pense", r"a mon avis",
]) + ")")
_LINKING = re.compile(r";|\b(?:parce que|car|puis|donc|alors que|si bien que|c'est pourquoi)\b")
_VERB = re.compile(r"\b(?:est|sont|était|étaient|a|ont|avait|avaient|fut|furent|ne|se)\b|\b[ns]'"
                   r"|\w+(?:ait|aient)\b")  # auxiliaries, negation, pronominal verbs, imparfait
_NOT_VERBS = {"fait", "lait", "trait", "souhait", "portrait", "attrait", "retrait", "extrait",
              "abstrait", "parfait", "forfait", "bienfait", "méfait", "distrait", "plait"}


def judgement(text: str) -> str | None:
    """The first phrase of ``text`` reading as a judgement or an opinion, as written, or None."""
    folded, index = _fold(text)
    m = _JUDGEMENT.search(folded)
    return text[index[m.start()]: index[m.end() - 1] + 1] if m else None


def _has_verb(clause: str) -> bool:
    return any(m.group(0) not in _NOT_VERBS for m in _VERB.finditer(clause))


def two_facts(text: str) -> bool:
    """Whether ``text`` holds two facts: « ; », a linking word, or « et » between two clauses."""
    lower = text.casefold().replace("’", "'")
    if _LINKING.search(lower):
        return True
    parts = re.split(r"\s*,?\s+et\s+", lower)
    return any(_has_verb(a) and _has_verb(b) for a, b in itertools.pairwise(parts))


# --- checks --------------------------------------------------------------------------------------
def _err(message: str) -> Issue:
    return Issue(level="erreur", message=message)


def _warn(message: str) -> Issue:
    return Issue(level="attention", message=message)


def _structure_issues(tree: CauseTree) -> list[Issue]:
    import networkx as nx

    issues: list[Issue] = []
    ids = [f.id for f in tree.faits]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        issues.append(_err(f"Identifiant de fait en double : {dup} — chaque case a son propre "
                           "identifiant."))
    seen: dict[str, str] = {}
    for f in tree.faits:
        key = " ".join(_fold(f.texte)[0].split()).rstrip(" .")
        if key in seen and seen[key] != f.id:
            issues.append(_err(f"Les faits {seen[key]} et {f.id} ont le même texte (« {f.texte} ») : "
                               "un fait n'apparaît qu'une fois ; s'il a plusieurs conséquences, "
                               "reliez-le à chacune (disjonction)."))
        seen.setdefault(key, f.id)
    known, pairs = set(ids), [(link.antecedent, link.consequence) for link in tree.liens]
    for a, c in dict.fromkeys(pairs):
        missing = [x for x in (a, c) if x not in known]
        if missing:
            issues.append(_err(f"Le lien {a} → {c} cite un fait qui n'existe pas : "
                               f"{', '.join(missing)}."))
    for a, c in sorted({p for p in pairs if pairs.count(p) > 1}):
        issues.append(_warn(f"Le lien {a} → {c} est saisi plusieurs fois."))
    graph = to_graph(tree)
    loops = [c for c in nx.strongly_connected_components(graph) if len(c) > 1]
    loops += [{n} for n in nx.nodes_with_selfloops(graph)]
    for component in loops:
        cycle = [a for a, _ in nx.find_cycle(graph.subgraph(component))]
        issues.append(_err("Boucle dans l'arbre : " + " → ".join([*cycle, cycle[0]]) + " — un "
                           "fait ne peut pas être la cause de ses propres antécédents."))
    finals = final_facts(tree)
    if len(finals) > 1:
        issues.append(_err("Plusieurs faits ultimes (" + ", ".join(f.id for f in finals) + ") : "
                           "l'arbre n'en a qu'un, la lésion ; reliez les autres à leurs conséquences."))
    elif not finals and len(known) > 1:
        issues.append(_err("Aucun fait ultime : placez la lésion à droite, sans conséquence."))
    if len(known) > 1:
        main = max(nx.weakly_connected_components(graph),
                   key=lambda c: (any(f.id in c for f in finals[:1]), len(c)))
        for component in nx.weakly_connected_components(graph):
            if component == main:
                continue
            names = ", ".join(i for i in ids if i in component)
            issues.append(_err(f"Le fait {names} n'est relié à aucun autre fait." if len(component) == 1
                               else f"Les faits {names} ne sont pas reliés au reste de l'arbre."))
    return issues


def _fact_issues(fact: TreeFact, known_sources: Collection[str] | None, final_id: str | None
                 ) -> list[Issue]:
    issues: list[Issue] = []
    unknown = [s for s in fact.sources if known_sources is not None and s not in known_sources]
    if unknown:
        issues.append(_err(f"Le fait {fact.id} cite une source inconnue du corpus : "
                           f"{', '.join(unknown)}."))
    if fact.hypothese:
        issues.append(_warn(f"Le fait {fact.id} est une hypothèse (fait non vérifié) : vérifiez-le "
                            "auprès des témoins ou dans les documents avant d'en tirer une mesure."))
    elif not fact.sources:
        issues.append(_err(f"Le fait {fact.id} ne cite aucune source : indiquez le document du corpus "
                           "qui l'établit, ou cochez « hypothèse » s'il n'est pas vérifié."))
    phrase = judgement(fact.texte)
    if phrase:
        issues.append(_err(f"Le fait {fact.id} exprime un jugement ou une opinion (« {phrase} ») : "
                           "formulez un fait observable : ce qui était, ce qui s'est passé."))
    if two_facts(fact.texte):
        issues.append(_warn(f"Le fait {fact.id} semble contenir deux faits : un seul fait par case "
                            "(séparez-les et reliez-les)."))
    if fact.cause_racine and fact.id == final_id:
        issues.append(_warn(f"Le fait {fact.id} est le fait ultime (la lésion) : ce n'est pas une "
                            "cause racine ; retenez un fait situé en amont, à gauche."))
    return issues


def check_tree(tree: CauseTree, known_sources: Collection[str] | None = None) -> list[Issue]:
    """The rules a trainer checks on a cause tree (INRS ED 6163, qse-facts §1.4).

    Structure (ids, texts, links, loops, a single final fact, no isolated fact), then each fact
    (sourced or marked as a hypothesis, observable wording, one fact per box), then the root causes.

    Args:
        tree: The tree typed by the trainee.
        known_sources: Ids of the corpus documents and facts a fact may cite; ``None`` skips
            that check (a fact must still cite at least one source).

    Returns:
        The issues found, errors and warnings, in reading order.
    """
    if not tree.faits:
        return [_err("L'arbre ne contient aucun fait : commencez par le fait ultime (la lésion).")]
    issues = _structure_issues(tree)
    finals = final_facts(tree)
    final_id = finals[0].id if len(finals) == 1 else None
    for fact in tree.faits:
        issues.extend(_fact_issues(fact, known_sources, final_id))
    if not any(f.cause_racine for f in tree.faits):
        issues.append(_err("Aucun fait n'est retenu comme cause racine : marquez les faits sur "
                           "lesquels porteront les mesures de prévention."))
    return issues


# --- layout --------------------------------------------------------------------------------------
def layout(tree: CauseTree) -> dict[str, tuple[float, float]]:
    """``{fact id: (column, y)}``: a layered left-to-right layout, final fact in the last column,
    ``y`` growing downward (unit box heights). See :func:`~qsecase.methods.cause_tree_layout.tree_layout`
    for the method and for the bend points of long links."""
    from qsecase.methods.cause_tree_layout import tree_layout

    return tree_layout(tree).positions
