"""The crisis part of the reporting step of the QSE management-system exercise (4-6): a lot is in
cause (a supplier's alert); « Tracer » follows it through the corpus's productions to the finished
lots, the clients and the quantities shipped (:func:`.sm_qse_case.recall`, shown by
:func:`~qsecase.views.sm_qse_html.recall_html`). The traced lots and clients can be copied into the
answer — added to what is written, never replacing it — and edited; the evidence to gather, the
quantity and the message to the manager complete the answer, checked against the traced scope
(:func:`~qsecase.methods.reporting.check_crisis`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.case_model import Case
from qsecase.errors import QsecaseError
from qsecase.methods.base import Issue
from qsecase.methods.reporting import CrisisAnswer, check_crisis
from qsecase.methods.traceability import RecallScope
from qsecase.views.sm_qse_html import recall_html
from qsecase.views.tables import esc
from qsecase.widgets.common import help_text, text_field, textarea_field, tr
from qsecase.widgets.sm_qse_case import recall, shipped_lots
from qsecase.widgets.sm_qse_indicators import number_text, parse_number
from qsecase.widgets.sst_accident_tree import combo_field

__all__ = ["TEXTS", "CrisisBox", "crisis_issues", "lines", "traced"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Un lot est mis en cause (alerte d'un fournisseur, résultat d'analyse). Indiquez-le, "
                "puis « Tracer » suit ce lot dans les productions jusqu'aux lots de produits finis, "
                "aux clients livrés et aux quantités expédiées. Reprenez les lots et les clients "
                "tracés dans votre réponse et vérifiez-les, listez les preuves de conformité à "
                "rassembler, chiffrez la quantité et rédigez le message au dirigeant.",
        "origin": "Lot en cause", "origin_ph": "numéro du lot (matière ou produit)",
        "trace": "Tracer", "trace_tip": "Suit le lot en cause jusqu'aux lots finis et aux clients",
        "copy": "Reprendre les lots et clients tracés", "copy_tip": "Ajoute à votre réponse les lots finis "
        "et les clients tracés qui n'y sont pas encore",
        "copied": "✔ {lots} lot(s) et {clients} client(s) ajoutés à votre réponse ; vérifiez-les.",
        "nothing": "Les lots et clients tracés sont déjà dans votre réponse : rien n'a été ajouté.",
        "no_trace": "✖ Traçabilité impossible : {reason}", "untraced": "Cliquez sur « Tracer » pour "
        "suivre un lot.", "lots": "Lots de produits finis concernés", "lots_ph": "un lot par ligne",
        "clients": "Clients à prévenir", "clients_ph": "un client par ligne",
        "quantity": "Quantité concernée", "quantity_ph": "quantité expédiée, ex. 1 250",
        "proofs": "Preuves de conformité à rassembler", "proofs_ph": "une preuve par ligne "
        "(enregistrement, analyse, certificat…)", "message": "Message au dirigeant",
        "message_ph": "les faits, l'étendue, ce qui est fait, ce qu'il doit décider",
        "trace_first": "Tracez le lot en cause pour vérifier les lots et les clients de votre réponse.",
        "not_number": "Quantité : « {value} » n'est pas un nombre ; elle n'est pas enregistrée tant "
                      "qu'elle n'est pas corrigée.",
    },
}


def lines(text: str) -> list[str]:
    """The non-empty lines of ``text``, stripped, each once."""
    return list(dict.fromkeys(x.strip() for x in text.splitlines() if x.strip()))


def traced(case: Case, lot: str) -> tuple[RecallScope | None, str]:
    """The recall scope of ``lot``, or ``None`` and why it cannot be traced (French)."""
    if not lot.strip():
        return None, ""
    try:
        return recall(case, lot.strip()), ""
    except QsecaseError as exc:
        return None, str(exc)


def crisis_issues(answer: CrisisAnswer, case: Case) -> list[Issue]:
    """The crisis answer checked against the scope traced from its own lot in cause."""
    scope, problem = traced(case, answer.lot_origine)
    if scope is None:
        if problem:
            return [Issue(level="erreur", message=problem)]
        if answer.lots_concernes or answer.clients:
            return [Issue(level="attention", message=tr(TEXTS, "fr", "trace_first"))]
        return []
    return check_crisis(answer, scope)


class CrisisBox(widgets.VBox):
    """The crisis form: lot in cause, « Tracer », the scope, the copy button and the answer's fields.

    Args:
        answer: The saved crisis answer.
        case: The case (its productions and shipments).
        on_change: Called with the answer's values after each change, or with an error in French
            (the quantity is not a number) as ``(None, error)``.
    """

    def __init__(self, answer: CrisisAnswer, case: Case,
                 on_change: Callable[[dict[str, Any] | None, str], None], lang: str = "fr") -> None:
        self.t = t = partial(tr, TEXTS, lang)
        self.case, self.on_change = case, on_change
        self.scope: RecallScope | None = None
        self.fields: dict[str, widgets.Widget] = {
            "lot_origine": combo_field(t("origin"), answer.lot_origine, shipped_lots(case), t("origin_ph")),
            "lots_concernes": textarea_field(t("lots"), "\n".join(answer.lots_concernes), t("lots_ph")),
            "clients": textarea_field(t("clients"), "\n".join(answer.clients), t("clients_ph")),
            "quantite": text_field(t("quantity"), number_text(answer.quantite), t("quantity_ph")),
            "preuves": textarea_field(t("proofs"), "\n".join(answer.preuves), t("proofs_ph"), rows=4),
            "message": textarea_field(t("message"), answer.message, t("message_ph"), rows=5),
        }
        for widget in self.fields.values():
            widget.observe(lambda _c: self._changed(), names="value")
        self.trace_button = widgets.Button(description=t("trace"), tooltip=t("trace_tip"), icon="sitemap",
                                           layout=widgets.Layout(width="auto"))
        self.copy_button = widgets.Button(description=t("copy"), tooltip=t("copy_tip"), icon="files-o",
                                          layout=widgets.Layout(width="auto"), disabled=True)
        self.trace_button.on_click(lambda _b: self.trace())
        self.copy_button.on_click(lambda _b: self.copy())
        self.result, self.status = widgets.HTML(f"<p>{esc(t('untraced'))}</p>"), widgets.HTML()
        f = self.fields
        super().__init__([help_text(t("help")), f["lot_origine"], self.trace_button, self.result,
                          self.copy_button, self.status, *(f[k] for k in list(f)[1:])])
        if answer.lot_origine:
            self.trace()

    def values(self) -> dict[str, Any]:
        f = self.fields
        return {"lot_origine": f["lot_origine"].value.strip(),
                "lots_concernes": lines(f["lots_concernes"].value), "clients": lines(f["clients"].value),
                "quantite": parse_number(f["quantite"].value),
                "preuves": lines(f["preuves"].value), "message": f["message"].value}

    def _changed(self) -> None:
        values = self.values()
        if isinstance(values["quantite"], str):
            self.on_change(None, self.t("not_number", value=values["quantite"]))
            return
        self.on_change(values, "")

    def trace(self) -> RecallScope | None:
        """Trace the lot in cause and show its scope."""
        self.scope, problem = traced(self.case, self.fields["lot_origine"].value)
        self.copy_button.disabled = self.scope is None
        self.status.value = ""
        if self.scope is None:
            why = self.t("no_trace", reason=problem) if problem else self.t("untraced")
            self.result.value = f"<p>{esc(why)}</p>"
        else:
            self.result.value = recall_html(self.scope)
        return self.scope

    def copy(self) -> tuple[int, int]:
        """Add the traced finished lots and clients (and the total shipped, when no quantity is
        written) to the answer; return how many lots and clients were added."""
        if self.scope is None:
            return 0, 0
        f, added = self.fields, []
        for name, found in (("lots_concernes", self.scope.finished_lots), ("clients", self.scope.clients)):
            have = lines(f[name].value)
            new = [x for x in found if x not in have]
            added.append(len(new))
            if new:
                f[name].value = "\n".join([*have, *new])  # observed: saved like typed text
        if not f["quantite"].value.strip():
            f["quantite"].value = number_text(self.scope.total)
        message = self.t("copied", lots=added[0], clients=added[1]) if any(added) else self.t("nothing")
        self.status.value = f'<p role="status">{esc(message)}</p>'
        return added[0], added[1]
