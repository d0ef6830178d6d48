"""What a notebook's cells call: a :class:`Casebook` presents one :class:`~qsecase.session.Session`.

Every method returns an object Jupyter displays (an ipywidgets widget or an
:class:`IPython.display.HTML`) and never calls ``display`` itself. In ``formation`` and
``autoformation`` the steps are forms; in ``correction`` they are read-only HTML (static, so that
the graded notebook exported to HTML shows them), and :meth:`Casebook.conclude` writes the grade.

The texts are in the session's language (``lang``: the French of :data:`TEXTS`, or its translation
from the catalogue, see :mod:`qsecase.i18n`); what comes from the case (organisation, documents)
stays as the case author wrote it, marked ``lang="fr"`` in a page of another language.
"""

from __future__ import annotations

import html
from functools import partial
from pathlib import Path
from typing import Any

from IPython.display import HTML

from qsecase.errors import QsecaseError
from qsecase.i18n import SOURCE_LANG, translate
from qsecase.session import Session, open_exercise
from qsecase.widgets.common import tr
from qsecase.widgets.exercise_ui import load_ui

__all__ = ["TEXTS", "Casebook", "start"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "case": "Cas",
        "trainee": "Stagiaire",
        "competencies": "Compétences évaluées",
        "organisation": "L'organisation",
        "sector": "Secteur",
        "headcount": "Effectif",
        "employees": "{n} salariés",
        "sites": "Sites",
        "mode": "Mode : {mode}",
        "mode_name_formation": "formation",
        "mode_name_correction": "correction",
        "mode_name_autoformation": "autoformation",
        "mode_formation": "Vous remplissez les formulaires de chaque étape ; vos réponses sont "
                          "enregistrées automatiquement à chaque modification validée (touche "
                          "Entrée ou clic en dehors du champ). Votre formateur les corrigera.",
        "mode_correction": "Le carnet affiche les réponses du stagiaire, sans pouvoir les "
                           "modifier, puis les note avec la grille de l'exercice.",
        "mode_autoformation": "Vous travaillez seul : en fin de carnet, des indices, une "
                              "vérification de vos réponses et la solution, étape par étape.",
        "instructions": "Consignes",
        "instructions_text": "Lisez d'abord le corpus du cas (documents et tableaux), puis "
                             "traitez les étapes dans l'ordre. Appuyez chaque réponse sur des "
                             "faits du corpus en citant leurs identifiants (ex. E3, "
                             "NC-2026-014) : une affirmation sans fait n'est pas une preuve.",
        "corpus_intro": "Documents du cas : dépliez chacun pour le lire.",
        "corpus_pick": "Document à lire",
        "unknown_step": "étape inconnue « {name} » — étapes de l'exercice : {steps}",
        "saved_in": "Vos réponses sont enregistrées automatiquement dans le fichier « {path} ».",
        "reminder": "Avant de fermer le carnet, vérifiez que la ligne d'état ci-dessous indique "
                    "« Enregistré » ; remettez ensuite ce fichier à votre formateur pour la "
                    "correction.",
        "grade_written": "Note enregistrée dans « {path} ».",
    },
}


class Casebook:
    """The cells of an exercise notebook, as methods returning displayable objects.

    Args:
        session: The opened exercise (see :func:`start`).
    """

    def __init__(self, session: Session) -> None:
        from qsecase.widgets.autosave import Autosaver

        self.session = session
        self.lang = session.lang
        self.t = partial(tr, TEXTS, session.lang)
        self.ui = load_ui(session.exercise)
        self.saver = Autosaver(session)
        self._forms: dict[str, Any] | None = None

    @property
    def forms(self) -> dict[str, Any]:
        """The step forms (built on first use; not in correction mode)."""
        if self._forms is None:
            self._forms = self.ui.build_steps(self.session, self.saver)
        return self._forms

    def _case_text(self, text: str, tag: str = "") -> str:
        """Escaped text from the case (French), marked as such in a page of another language."""
        esc = html.escape(text)
        if self.lang == SOURCE_LANG:
            return f"<{tag}>{esc}</{tag}>" if tag else esc
        return f'<{tag} lang="{SOURCE_LANG}">{esc}</{tag}>' if tag else (
            f'<span lang="{SOURCE_LANG}">{esc}</span>')

    def intro(self) -> HTML:
        """Title, competencies, the organisation, the mode and the instructions."""
        from qsecase.referentiel import short_title

        t, s, lang, case = self.t, self.session, self.lang, self._case_text
        org = s.case.spec.organisation
        esc = html.escape
        comps = "".join(f"<li>{esc(c)} — {esc(translate(short_title(c), lang))}</li>"
                        for c in s.exercise.competencies)
        sites = ", ".join(site.nom for site in org.sites)
        trainee = (f"<p><strong>{t('trainee')} :</strong> {esc(s.trainee)}</p>"
                   if s.mode == "correction" else "")
        mode = t("mode", mode=t("mode_name_" + s.mode))
        parts = [
            f"<h2>{esc(translate(s.exercise.title, lang))}</h2>",
            f"<p><strong>{t('case')} :</strong> {case(s.case.spec.titre)}</p>", trainee,
            f"<h3>{t('competencies')}</h3><ul>{comps}</ul>",
            f"<h3>{t('organisation')} : {case(org.nom)}</h3>",
            f"<dl><dt>{t('sector')}</dt><dd>{case(org.secteur)}</dd>"
            f"<dt>{t('headcount')}</dt><dd>{esc(t('employees', n=org.effectif))}</dd>"
            f"<dt>{t('sites')}</dt><dd>{case(sites)}</dd></dl>",
            case(org.description, "p") if org.description else "",
            f"<h3>{esc(mode)}</h3><p>{esc(t('mode_' + s.mode))}</p>",
            f"<h3>{t('instructions')}</h3><p>{esc(t('instructions_text'))}</p>",
        ]
        return HTML(f'<section lang="{lang}">{"".join(parts)}</section>')

    def corpus(self) -> Any:
        """The case documents: a Tab (forms modes) or static foldable sections (correction)."""
        from qsecase.views.tables import corpus_html

        docs = self.session.case.spec.documents
        if self.session.mode == "correction":
            source = "" if self.lang == SOURCE_LANG else f' lang="{SOURCE_LANG}"'  # case text
            parts = [f"<details{source}><summary>{html.escape(d.titre)}</summary>"
                     f"{corpus_html(self.session.case, d.id)}</details>" for d in docs]
            return HTML(f'<section lang="{self.lang}"><p>{self.t("corpus_intro")}</p>'
                        f'{"".join(parts)}</section>')
        import ipywidgets as widgets

        # a labelled list rather than tabs: two dozen tab titles would be cut to fragments, and
        # the inactive tab labels of ipywidgets fall short of the 4.5:1 text contrast
        pages: dict[str, str] = {}
        panel = widgets.HTML()  # no inner scrolling: a scrollable region needs keyboard access
        choice = widgets.Dropdown(options=[(d.titre, d.id) for d in docs],
                                  description=self.t("corpus_pick"),
                                  style={"description_width": "initial"},
                                  layout={"width": "min(100%, 48em)"})

        def show(_change: object = None) -> None:
            if choice.value not in pages:
                pages[choice.value] = corpus_html(self.session.case, choice.value)
            panel.value = pages[choice.value]

        choice.observe(show, names="value")
        show()
        return widgets.VBox([choice, panel])

    def step(self, name: str) -> Any:
        """The form of step ``name``, or its read-only rendering in correction mode."""
        if name not in self.ui.steps:
            raise QsecaseError(self.t("unknown_step", name=name, steps=", ".join(self.ui.steps)))
        if self.session.mode == "correction":
            return HTML(self.ui.answers_html(name, self.session.answers, self.session.case))
        return self.forms[name]

    def conclude(self) -> Any:
        """Correction: write and show the grade. Formation: save status. Self-study: tools."""
        s = self.session
        if s.mode == "correction":
            from qsecase.views.tables import grade_html

            path = s.write_grade()
            grade = s.grade or s.grade_now()  # write_grade() has graded already
            note = html.escape(self.t("grade_written", path=path))
            return HTML(f"{grade_html(grade, reveal_key=s.reveal_key)}<p>{note}</p>")
        import ipywidgets as widgets

        saved_in = self.t("saved_in", path=str(s.answers_path or ""))
        reminder = widgets.HTML(f'<p lang="{self.lang}">{html.escape(saved_in)}<br>'
                                f'{html.escape(self.t("reminder"))}</p>')
        if s.mode == "formation":
            return widgets.VBox([reminder, self.saver.status])
        from qsecase.widgets.selfstudy import SelfStudy

        tools = SelfStudy(s, self.ui.key_steps, self.ui.key_titles,
                          lambda step: self.ui.key_html(step, s.key, s.case))
        return widgets.VBox([tools, reminder, self.saver.status])


def start(
    exercise_id: str,
    *,
    case_dir: str | Path = "",
    answers_path: str | Path = "",
    key_path: str | Path = "",
    output_dir: str | Path = ".",
    mode: str = "formation",
    lang: str = "fr",
    reveal_key: bool = False,
    trainee: str = "stagiaire",
) -> Casebook:
    """Open an exercise (see :func:`~qsecase.session.open_exercise`) and present it."""
    session = open_exercise(exercise_id, case_dir=case_dir, answers_path=answers_path,
                            key_path=key_path, output_dir=output_dir, mode=mode, lang=lang,
                            reveal_key=reveal_key, trainee=trainee)
    return Casebook(session)
