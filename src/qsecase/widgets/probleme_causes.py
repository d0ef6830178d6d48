"""Cause analysis steps of the problem-solving exercise: the Ishikawa diagram (redrawn on every
change) and the chains of 5 Pourquoi, whose starting causes follow the causes retained in the
diagram through the steps' shared bus.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.methods import ishikawa as ishikawa_method
from qsecase.methods.base import Issue
from qsecase.methods.five_whys import WhyChain, check_chain
from qsecase.methods.ishikawa import FAMILIES, FAMILY_HELP, FAMILY_LABELS, Cause, families_of
from qsecase.views.probleme_html import fishbone_html
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import (
    IssuesBox,
    checkbox_field,
    dropdown_field,
    help_text,
    text_field,
    textarea_field,
    tr,
)
from qsecase.widgets.rows import RowsEditor

__all__ = ["TEXTS", "ChainRow", "IshikawaStep", "PourquoiStep", "format_causes", "parse_causes",
           "short"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "ishikawa_help": "Une cause par ligne, dans la famille qui convient. Commencez la ligne "
                         "par « * » pour retenir la cause comme principale : elle sera "
                         "approfondie avec les 5 Pourquoi.",
        "effect": "Effet (problème)",
        "effect_ph": "Le problème étudié, tel que le décrit votre QQOQCP",
        "method": "Méthode",
        "family_ph": "{help}",
        "chains_help": "Pour chaque cause retenue dans le diagramme d'Ishikawa, demandez "
                       "« Pourquoi ? » jusqu'à une cause sur laquelle l'organisation peut agir, "
                       "puis cochez « Cause racine atteinte ».",
        "add_chain": "Ajouter une chaîne",
        "chain": "Chaîne {n}",
        "retained": "Cause retenue (Ishikawa)",
        "retained_none": "— choisir une cause retenue —",
        "depart": "Cause de départ",
        "depart_ph": "choisissez une cause retenue ci-dessus ou écrivez-la",
        "why": "Pourquoi {n} ?",
        "reached": "Cause racine atteinte",
        "no_chain": "La cause retenue « {cause} » n'a pas de chaîne de 5 Pourquoi.",
    },
}


def parse_causes(text: str, family: str) -> list[dict[str, Any]]:
    """Causes typed in a family's text area: one per line, ``*`` first marks a retained cause."""
    causes = []
    for line in (text or "").splitlines():
        stripped = line.strip().lstrip("-•").strip()
        retained = stripped.startswith("*")
        texte = stripped.lstrip("*").strip()
        if texte:
            causes.append({"famille": family, "texte": texte, "retenue": retained})
    return causes


def format_causes(causes: list[Cause]) -> str:
    """The inverse of :func:`parse_causes`."""
    return "\n".join(("* " if c.retenue else "") + c.texte for c in causes)


def short(text: str, width: int = 60) -> str:
    """``text`` cut to ``width`` characters with an ellipsis (for dropdown labels)."""
    return text if len(text) <= width else text[: width - 1] + "…"


class ChainRow:
    """One chain: starting cause (picked among retained causes or typed), five « Pourquoi ? »."""

    def __init__(self, data: Mapping[str, Any], notify: Callable[[], None], *,
                 retained: Sequence[str], lang: str = "fr") -> None:
        t = partial(tr, TEXTS, lang)
        self._notify = notify
        self._none = t("retained_none")
        self._busy = False
        depart = str(data.get("depart", ""))
        whys = [str(w) for w in data.get("pourquoi", [])]
        self.depart = text_field(t("depart"), depart, t("depart_ph"))
        self.choice = dropdown_field(t("retained"), [(self._none, "")])
        self.set_retained(retained)
        self.whys = [text_field(t("why", n=n + 1), whys[n] if n < len(whys) else "")
                     for n in range(max(5, len(whys)))]
        self.reached = checkbox_field(t("reached"), bool(data.get("racine_atteinte")))
        self.issues = IssuesBox(lang)
        self.choice.observe(self._picked, names="value")
        for widget in (self.depart, *self.whys, self.reached):
            widget.observe(self._changed, names="value")
        self.box = widgets.VBox([self.choice, self.depart, *self.whys, self.reached, self.issues])
        self._check()

    def set_retained(self, retained: Sequence[str]) -> None:
        """Offer the causes currently retained in the Ishikawa diagram."""
        self._busy = True
        try:
            current = self.depart.value
            options = [(self._none, ""), *((short(c), c) for c in retained)]
            self.choice.options = options
            self.choice.value = current if current in retained else ""
        finally:
            self._busy = False

    def _picked(self, change: Any) -> None:
        if not self._busy and change["new"]:
            self.depart.value = change["new"]

    def _changed(self, _change: Any = None) -> None:
        self._check()
        self._notify()

    def _check(self) -> None:
        self.issues.show(check_chain(WhyChain.model_validate(self.value())))

    def value(self) -> dict[str, Any]:
        whys = [w.value for w in self.whys]
        while whys and not whys[-1].strip():
            whys.pop()
        return {"depart": self.depart.value, "pourquoi": whys,
                "racine_atteinte": self.reached.value}


class IshikawaStep(StepForm):
    """Effect, method and one text area per family; the fishbone redraws on every change."""

    topic = "ishikawa"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        t = partial(tr, TEXTS, ctx.lang)
        diagram = ctx.session.answers.ishikawa
        groups = diagram.by_family()
        self.effet = text_field(t("effect"), diagram.effet, t("effect_ph"))
        self.methode = dropdown_field(t("method"), ["5M", "6M", "7M"], diagram.methode,
                                      width="22em")
        self.families = {
            fam: textarea_field(FAMILY_LABELS[fam], format_causes(groups.get(fam, [])),
                                t("family_ph", help=FAMILY_HELP[fam]), rows=3)
            for fam in FAMILIES}
        for widget in (self.effet, self.methode, *self.families.values()):
            widget.observe(self._changed, names="value")
        self.figure = widgets.HTML(fishbone_html(diagram))
        self._show_families()
        self.layout_with(help_text(t("ishikawa_help")), self.effet, self.methode,
                         *self.families.values(), self.figure)

    def _show_families(self) -> None:
        used = set(families_of(self.methode.value))
        for fam, area in self.families.items():
            area.layout.display = None if fam in used or area.value.strip() else "none"

    def _changed(self, _change: Any = None) -> None:
        self._show_families()
        causes = [c for fam, area in self.families.items() for c in parse_causes(area.value, fam)]
        diagram = {"effet": self.effet.value, "methode": self.methode.value, "causes": causes}
        if self.commit({"ishikawa": diagram}):
            self.figure.value = fishbone_html(self.ctx.session.answers.ishikawa)

    def current_issues(self) -> list[Issue]:
        return ishikawa_method.check(self.ctx.session.answers.ishikawa)



class PourquoiStep(StepForm):
    """The chains of 5 Pourquoi, each checked live with :func:`check_chain`."""

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        self.editor = RowsEditor(
            self._row, lambda values: self.commit({"pourquoi": values}),
            [c.model_dump() for c in ctx.session.answers.pourquoi],
            item_title=t("chain"), add_label=t("add_chain"), lang=ctx.lang)
        ctx.bus.subscribe("ishikawa", self._retained_changed)
        self.layout_with(help_text(t("chains_help")), self.editor)

    def _retained(self) -> list[str]:
        return [c.texte for c in self.ctx.session.answers.ishikawa.retained()]

    def _row(self, data: Mapping[str, Any], notify: Callable[[], None]) -> ChainRow:
        return ChainRow(data, notify, retained=self._retained(), lang=self.ctx.lang)

    def _retained_changed(self) -> None:
        retained = self._retained()
        for row in self.editor.rows:
            row.set_retained(retained)  # type: ignore[attr-defined]
        self.refresh_issues()

    def current_issues(self) -> list[Issue]:
        starts = {c.depart.casefold() for c in self.ctx.session.answers.pourquoi}
        return [Issue(level="attention", message=self.t("no_chain", cause=cause))
                for cause in self._retained() if cause.casefold() not in starts]
