"""The evolutions step of the DUERP-update exercise: what changed since the previous version, the
reason of each change, and the record of the new version, never modified once written.

The differences come from :func:`~qsecase.methods.duerp_update.diff` and follow the DUERP editor
(topic ``"situations"``); a version is written by :func:`~qsecase.duerp_store.record_version` in the
folder beside the answers file, only when every change has its reason and the update its author.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import ipywidgets as widgets

from qsecase.duerp_store import list_versions, record_version, versions_dir
from qsecase.errors import Problem, QsecaseError
from qsecase.methods.base import Issue
from qsecase.methods.duerp_update import Change, DuerpVersion, VersionInfo, check_reasons, diff
from qsecase.views.duerp_html import diff_html
from qsecase.views.tables import esc, table_html
from qsecase.widgets.autosave import StepContext, StepForm
from qsecase.widgets.common import heading, help_text, text_field, tr
from qsecase.widgets.duerp_rps_rows import load_previous

__all__ = ["TEXTS", "EvolutionsStep", "history_html", "version_history"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "help": "Le DUERP est un document légal : chaque situation ajoutée, supprimée ou recotée "
                "depuis la version précédente s'explique par un fait (observation, mesure, "
                "accident, changement d'organisation). Écrivez le motif de chaque modification, "
                "puis enregistrez la nouvelle version : elle ne pourra plus être modifiée et "
                "sera conservée avec les précédentes (40 ans, C. trav. R4121-4).",
        "motifs": "Motifs des modifications", "motif": "Motif — {id}",
        "motif_ph": "pourquoi (faits du corpus cités)",
        "empty": "Votre DUERP est vide : reprenez d'abord la version précédente à l'étape "
                 "« Situations », puis mettez-la à jour.",
        "record": "Enregistrer la version {n}",
        "record_tip": "Enregistre votre DUERP actuel comme une version datée, qui ne sera plus "
                      "modifiée",
        "recorded": "✔ Version {n} enregistrée le {date} ({count} situations, empreinte "
                    "{fp}…) : elle ne sera plus modifiée.",
        "refused": "✖ Version non enregistrée : {reason}",
        "no_file": "aucun fichier de réponses, les versions ne peuvent pas être conservées",
        "no_author": "indiquez l'auteur de la mise à jour à l'étape « Mise à jour »",
        "no_situation": "le DUERP n'a aucune situation",
        "no_previous": "la version précédente du cas est illisible ({reason})",
        "history": "Historique des versions du DUERP",
        "history_headers": "Version|Date|Auteur|Motif|Situations|Empreinte (SHA-256)",
        "previous": "v{n} (version précédente du cas)", "mine": "v{n}",
        "altered": "Versions altérées depuis leur enregistrement (exclues de l'historique) :",
    },
}


def version_history(previous: DuerpVersion | None, folder: Path | None,
                    problems: list[Problem] | None = None) -> list[VersionInfo]:
    """The previous version of the case, then the versions recorded in ``folder``; an altered
    version is left out and its problem appended to ``problems``."""
    infos = [previous.info()] if previous is not None else []
    found: list[Problem] = [] if problems is None else problems
    return infos + (list_versions(folder, problems=found) if folder is not None else [])


def history_html(infos: list[VersionInfo], base: int, problems: Sequence[Problem] = (),
                 lang: str = "fr") -> str:
    """The version history as a table (versions up to ``base`` come from the case), then the
    versions found altered."""
    t = partial(tr, TEXTS, lang)
    rows = [(t("previous" if v.numero <= base else "mine", n=v.numero),
             f"{v.date:%d/%m/%Y %H:%M}", v.auteur, v.motif or "—", str(v.situations),
             f"{v.empreinte[:16]}…") for v in infos]
    table = table_html(t("history"), t("history_headers").split("|"), rows, row_headers=True)
    alerts = "".join(f"<li>✖ {esc(str(p))}</li>" for p in problems)
    return table + (f'<div role="alert"><p><strong>{esc(t("altered"))}</strong></p>'
                    f"<ul>{alerts}</ul></div>" if alerts else "")


class EvolutionsStep(StepForm):
    """The differences with the previous version, their reasons, the record of a new version."""

    topic = "motifs"

    def __init__(self, ctx: StepContext) -> None:
        super().__init__(ctx)
        self.t = t = partial(tr, TEXTS, ctx.lang)
        self.previous, self.problem = load_previous(ctx.session.case)
        path = ctx.session.answers_path
        self.folder = versions_dir(path) if path is not None else None
        self.diff = widgets.HTML()
        self.motif_fields: dict[str, widgets.Text] = {}
        self.motifs_box = widgets.VBox()
        self.record_button = widgets.Button(tooltip=t("record_tip"), icon="archive",
                                            layout=widgets.Layout(width="auto"))
        self.record_button.on_click(lambda _b: self.record())
        self.record_status = widgets.HTML()
        self.history = widgets.HTML()
        ctx.bus.subscribe("situations", self._situations_changed)
        self.layout_with(help_text(t("help")), self.diff, heading(t("motifs")), self.motifs_box,
                         self.record_button, self.record_status, self.history)
        self._situations_changed()
        self._show_history()

    def changes(self) -> list[Change]:
        """The differences between the previous version and the current DUERP, with reasons
        (none while the DUERP is empty: the previous version has not been taken up yet)."""
        if self.previous is None or not self.ctx.session.answers.situations:
            return []
        a = self.ctx.session.answers
        return diff(self.previous.situations, a.situations, a.motifs)

    def _situations_changed(self) -> None:
        changes = self.changes()
        empty = not self.ctx.session.answers.situations
        self.diff.value = f"<p>{esc(self.t('empty'))}</p>" if empty else diff_html(changes)
        motifs = self.ctx.session.answers.motifs
        for sid in dict.fromkeys(c.id for c in changes):
            if sid not in self.motif_fields:
                field = text_field(self.t("motif", id=sid), motifs.get(sid, ""),
                                   self.t("motif_ph"))
                field.observe(lambda _c: self._motifs_changed(), names="value")
                self.motif_fields[sid] = field
        shown = dict.fromkeys(c.id for c in changes)
        self.motifs_box.children = [self.motif_fields[sid] for sid in shown]
        self.refresh_issues()

    def _motifs_changed(self) -> None:
        motifs = dict(self.ctx.session.answers.motifs)
        for sid, field in self.motif_fields.items():
            if field.value.strip():
                motifs[sid] = field.value.strip()
            else:
                motifs.pop(sid, None)
        if self.commit({"motifs": motifs}) and self.ctx.session.answers.situations:
            self.diff.value = diff_html(self.changes())

    def _show_history(self) -> None:
        base = self.previous.numero if self.previous else 0
        problems: list[Problem] = []
        infos = version_history(self.previous, self.folder, problems)
        self.history.value = history_html(infos, base, problems, self.ctx.lang)
        last = max((v.numero for v in infos), default=0)
        self.record_button.description = self.t("record", n=last + 1)

    def _refuse(self, reason: str) -> None:
        self.record_status.value = f'<p role="status">{esc(self.t("refused", reason=reason))}</p>'

    def record(self) -> DuerpVersion | None:
        """Record the current DUERP as a new immutable version, or say why it is refused."""
        s = self.ctx.session
        a = s.answers
        errors = [i.message for i in check_reasons(self.changes()) if i.level == "erreur"]
        if self.folder is None or s.mode == "correction":
            reason = self.t("no_file")
        elif self.previous is None:
            reason = self.t("no_previous", reason=self.problem)
        elif not a.mise_a_jour.auteur.strip():
            reason = self.t("no_author")
        elif not a.situations:
            reason = self.t("no_situation")
        else:
            reason = " ; ".join(errors)
        if reason or self.previous is None or self.folder is None:
            self._refuse(reason)
            return None
        try:
            version = record_version(self.folder, a.situations, auteur=a.mise_a_jour.auteur.strip(),
                                     motif=a.mise_a_jour.commentaire, base=self.previous.numero)
        except (OSError, QsecaseError) as exc:
            self._refuse(exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc))
            return None
        text = self.t("recorded", n=version.numero, date=f"{version.date:%d/%m/%Y %H:%M}",
                      count=len(version.situations), fp=(version.empreinte or "")[:16])
        self.record_status.value = f'<p role="status">{esc(text)}</p>'
        self._show_history()
        return version

    def current_issues(self) -> list[Issue]:
        if not self.ctx.session.answers.situations:
            return [Issue(level="attention", message=self.t("empty"))]
        return check_reasons(self.changes())
