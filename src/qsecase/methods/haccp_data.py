"""HACCP reference data, each piece with its source: steps, principles, CCP decision tree, limits.

Decision tree — edition implemented: Codex Alimentarius CXC 1-1969 « General Principles of Food
Hygiene » (révision 2020), **édition 2023**, whose annex introduces a CCP decision tree (Q1–Q4).
The 2020 revision had dropped the old 1997/2003 tree (Q1 « existe-t-il des mesures de maîtrise ? »
… Q4 « une étape ultérieure éliminera-t-elle le danger ? »); the 2023 tree starts from the
prerequisite programmes (GHP) instead. The English wording of Q1, Q2 and of the footnote was read
in a copy of the 2023 figure; Q3 and Q4 in two independent transcriptions of it (see
:data:`TREE_SOURCES`). The French wording below is qsecase's translation: compare it with the
official French text (FAO, « Principes généraux d'hygiène alimentaire ») before graded use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = [
    "FIRST_QUESTION", "HAZARD_TYPE_LABELS", "OUTCOMES", "PRINCIPLES", "QUESTIONS",
    "REFERENCE_LIMITS", "STEPS", "TREE_EDITION", "TREE_SOURCES",
    "Outcome", "Question", "SourcedLimit",
]

STEPS: tuple[str, ...] = (
    "Constituer l'équipe HACCP (et définir le champ de l'étude)",
    "Décrire le produit",
    "Identifier l'utilisation prévue et les utilisateurs",
    "Établir le diagramme de fabrication",
    "Confirmer le diagramme de fabrication sur site",
    "Principe 1 : analyser les dangers et identifier les mesures de maîtrise",
    "Principe 2 : déterminer les points critiques pour la maîtrise (CCP)",
    "Principe 3 : établir des limites critiques validées pour chaque CCP",
    "Principe 4 : établir un système de surveillance de chaque CCP",
    "Principe 5 : établir les actions correctives en cas d'écart",
    "Principe 6 : valider le plan HACCP et établir les procédures de vérification",
    "Principe 7 : établir la documentation et les enregistrements",
)
"""The 12 steps (étapes) of the Codex logical sequence; steps 6 to 12 apply the 7 principles."""

PRINCIPLES: tuple[str, ...] = tuple(step.split(" : ", 1)[1] for step in STEPS[5:])
"""The 7 HACCP principles, in order."""

HAZARD_TYPE_LABELS: dict[str, str] = {
    "biologique": "biologique (bactéries, virus, parasites, toxines)",
    "chimique": "chimique (résidus de nettoyage, lubrifiants, pesticides, contaminants)",
    "physique": "physique (métal, verre, bois, plastique dur, os)",
    "allergène": "allergène (allergènes à déclaration obligatoire, contaminations croisées)",
}

TREE_EDITION = ("Codex Alimentarius CXC 1-1969, Principes généraux d'hygiène alimentaire, révision "
                "2020, édition 2023 — annexe « arbre de décision CCP » (Q1 à Q4)")
TREE_SOURCES: tuple[str, ...] = (
    "FAO/OMS, Codex Alimentarius, General Principles of Food Hygiene, CXC 1-1969, édition 2023 : "
    "« This edition contains a new annex that introduces tools for determining critical control "
    "points » (annonce CSQA / BFFF de la publication FAO).",
    "Copie de la figure « Codex HACCP Decision Tree 2023 » (scribd, document 749022367) : "
    "libellés de Q1, Q2, de leurs issues et de la note « If a CCP is not identified at questions "
    "2-4, the process or product should be modified… ».",
    "Deux transcriptions indépendantes de la figure dans des logiciels HACCP publics (« CXC 1-1969 "
    "Rev. 2020 / CCFH 2022 adoption ») : libellés et issues de Q3 et Q4 (variante : « Can this "
    "step [specifically] prevent or eliminate… »).",
    "Codex CCFH, CRD03 rev1 (2022) : l'arbre n'est qu'un exemple d'outil ; d'autres outils sont "
    "admis s'ils respectent l'étape 7 (principe 2).",
)

Result = Literal["CCP", "pas un CCP", "modifier l'étape"]


@dataclass(frozen=True)
class Question:
    """A question of the tree; ``si_oui`` / ``si_non`` name the next question or an outcome."""

    id: str
    texte: str
    aide: str
    si_oui: str
    si_non: str


@dataclass(frozen=True)
class Outcome:
    """Where the tree ends: the result and what to do next."""

    id: str
    resultat: Result
    libelle: str
    suite: str


FIRST_QUESTION = "Q1"
QUESTIONS: dict[str, Question] = {q.id: q for q in (
    Question("Q1", "Le danger significatif peut-il être maîtrisé à un niveau acceptable à cette "
             "étape par les programmes prérequis (par exemple les bonnes pratiques d'hygiène, BPH) ?",
             "Les BPH courantes, ou des BPH qui demandent une attention accrue (surveillance et "
             "enregistrement), suffisent-elles pour ce danger à cette étape ?",
             si_oui="prp", si_non="Q2"),
    Question("Q2", "Existe-t-il, à cette étape, des mesures de maîtrise spécifiques du danger "
             "significatif identifié ?",
             "Ne regardez que cette étape ; les étapes suivantes viennent à la question 3.",
             si_oui="Q3", si_non="sans_mesure"),
    Question("Q3", "Une étape ultérieure préviendra-t-elle ou éliminera-t-elle le danger "
             "significatif identifié, ou le réduira-t-elle à un niveau acceptable ?",
             "Seulement une étape réelle du diagramme, dont on peut surveiller la limite critique.",
             si_oui="etape_ulterieure", si_non="Q4"),
    Question("Q4", "Cette étape peut-elle spécifiquement prévenir ou éliminer le danger "
             "significatif identifié, ou le réduire à un niveau acceptable ?",
             "Si oui, l'étape est un CCP ; si non, le procédé n'offre aucune maîtrise de ce danger.",
             si_oui="ccp", si_non="modifier"),
)}

OUTCOMES: dict[str, Outcome] = {o.id: o for o in (
    Outcome("prp", "pas un CCP", "Cette étape n'est pas un CCP : le danger est maîtrisé par les "
            "programmes prérequis (BPH).",
            "Décrivez la BPH concernée ; si elle demande une attention accrue, prévoyez sa "
            "surveillance et son enregistrement."),
    Outcome("sans_mesure", "pas un CCP", "Cette étape n'est pas un CCP : il n'y existe pas de "
            "mesure de maîtrise spécifique de ce danger.",
            "Évaluez les étapes suivantes. Si aucun CCP n'est trouvé aux questions 2 à 4, modifiez "
            "le procédé ou le produit et refaites l'analyse des dangers."),
    Outcome("etape_ulterieure", "pas un CCP", "Cette étape n'est pas un CCP : l'étape ultérieure "
            "qui maîtrise le danger doit être le CCP.",
            "Passez cette étape ultérieure dans l'arbre et donnez-lui sa limite critique."),
    Outcome("ccp", "CCP", "Cette étape est un point critique pour la maîtrise (CCP) de ce danger.",
            "Fixez la limite critique, la surveillance, les actions correctives, la vérification "
            "et les enregistrements (principes 3 à 7)."),
    Outcome("modifier", "modifier l'étape", "Aucun CCP : cette étape ne peut ni prévenir, ni "
            "éliminer, ni réduire le danger à un niveau acceptable.",
            "Modifiez l'étape, le procédé ou le produit pour y mettre une mesure de maîtrise, puis "
            "refaites l'analyse des dangers et reprenez l'arbre."),
)}


@dataclass(frozen=True)
class SourcedLimit:
    """A reference value usable as (or to validate) a critical limit, with its source.

    ``verifie`` is True when the value was read on an official page (Légifrance, DGCCRF, EUR-Lex);
    False when only secondary sources were read: check the primary text before graded use.
    """

    id: str
    parametre: str
    valeur: str
    champ: str
    source: str
    verifie: bool
    note: str = ""


_AM_2009 = ("Arrêté du 21 décembre 2009 relatif aux règles sanitaires applicables aux activités de "
            "commerce de détail, d'entreposage et de transport de produits d'origine animale et "
            "denrées alimentaires en contenant")
_DGCCRF = (f"{_AM_2009}, annexe I ; tableau de la DGCCRF « Températures de conservation » "
           "(economie.gouv.fr), stade de la remise directe ou de la restauration collective")
_ANNEX_IV = (f"{_AM_2009}, annexe IV (restauration collective) ; texte relu sur des sources "
             "secondaires (droit-spav.fr, paquethygiene.pro)")

REFERENCE_LIMITS: tuple[SourcedLimit, ...] = (
    SourcedLimit("froid-hache", "Température de conservation", "≤ +2 °C",
                 "viandes hachées et viandes séparées mécaniquement", _DGCCRF, True),
    SourcedLimit("froid-abats", "Température de conservation", "≤ +3 °C",
                 "abats d'ongulés domestiques et de gibier ongulé", _DGCCRF, True),
    SourcedLimit("froid-preparations", "Température de conservation", "≤ +4 °C",
                 "préparations de viandes, viandes de volaille et de lagomorphes, ovoproduits, lait "
                 "cru destiné à la consommation en l'état", _DGCCRF, True),
    SourcedLimit("froid-ongules", "Température de conservation",
                 "≤ +7 °C (carcasses entières et pièces de gros) ; ≤ +4 °C (morceaux de découpe)",
                 "viandes d'ongulés domestiques et de gibier ongulé", _DGCCRF, True),
    SourcedLimit("froid-liaison", "Température de conservation", "≤ +3 °C",
                 "repas élaborés à l'avance en liaison froide", _DGCCRF, True),
    SourcedLimit("chaud-liaison", "Température de maintien", "≥ +63 °C",
                 "plats cuisinés ou repas remis ou livrés chauds au consommateur", _DGCCRF, True),
    SourcedLimit("surgeles", "Température de conservation", "≤ −18 °C",
                 "denrées surgelées, glaces, crèmes glacées et sorbets", _DGCCRF, True),
    SourcedLimit("refroidissement", "Refroidissement rapide (à cœur)",
                 "de +63 °C à +10 °C en moins de 2 h, puis stockage entre 0 °C et +3 °C",
                 "préparations culinaires élaborées à l'avance", _ANNEX_IV, False,
                 "Autre couple temps/température admis si une analyse des dangers validée le "
                 "justifie."),
    SourcedLimit("remise-temperature", "Remise en température (à cœur)",
                 "de +10 °C à ≥ +63 °C en moins d'1 h", "préparations culinaires servies chaudes",
                 _ANNEX_IV, False, "Consommation le jour de la remise en température."),
    SourcedLimit("cuisson-fsa", "Cuisson (à cœur)",
                 "70 °C pendant 2 min (ou 60 °C 45 min, 65 °C 10 min, 75 °C 30 s, 80 °C 6 s)",
                 "viandes et préparations à cuire à cœur (recommandation britannique)",
                 "Food Standards Agency (Royaume-Uni), « Cooking your food » — lu sur des sources "
                 "secondaires", False,
                 "Aucune température de cuisson à cœur n'est fixée par un texte français général : "
                 "la limite se valide par l'entreprise (étude, guide de bonnes pratiques)."),
    SourcedLimit("listeria-pam", "Critère de sécurité Listeria monocytogenes",
                 "≤ 100 ufc/g pendant la durée de conservation",
                 "denrées prêtes à être consommées (hors nourrissons et fins médicales : absence "
                 "dans 25 g)",
                 "Règlement (CE) n° 2073/2005, annexe I, chapitre 1 (fiche Listeria de "
                 "paquethygiene.com) ; modifié par le règlement (UE) 2024/2895", False,
                 "Critère de vérification du plan, pas une limite critique de CCP."),
    SourcedLimit("detection-metaux", "Détection des métaux",
                 "sphères-tests ferreux, non ferreux et inox de diamètre fixé par le cas",
                 "contrôle du détecteur au CCP « détection des métaux »",
                 "BRCGS Food Safety, clause 4.10.3.4 (cité par un fournisseur de sphères-tests) : "
                 "diamètre choisi selon le risque, éprouvette marquée du type et de la taille",
                 False, "Aucune taille n'est fixée par la réglementation : le cas ou le client la "
                 "donne."),
)
