"""Self-study tools: progressive hints, « Vérifier ma réponse » and the solution step by step.

The feedback of « Vérifier ma réponse » is the trainer's grading of the current answers, without
the list of missed key elements; the solution is revealed one step per click, and only exists
because :func:`~qsecase.session.open_exercise` loads the key in self-study for cases that allow it.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import ipywidgets as widgets

from qsecase.errors import QsecaseError
from qsecase.i18n import translate
from qsecase.session import Session
from qsecase.views.tables import grade_html
from qsecase.widgets.common import tr

__all__ = ["TEXTS", "SelfStudy"]

TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "intro": "Travaillez d'abord chaque étape seul. Les indices vous orientent sans donner "
                 "la réponse ; « Vérifier ma réponse » note votre travail comme le ferait un "
                 "formateur ; la solution se dévoile une étape à la fois.",
        "hint": "Indice suivant",
        "hint_tip": "Affiche un indice de plus",
        "hints_title": "Indices",
        "hint_item": "Indice {n} — {label} : {text}",
        "hints_done": "Tous les indices sont affichés.",
        "check": "Vérifier ma réponse",
        "check_tip": "Note vos réponses actuelles avec la grille du formateur",
        "solution": "Voir la solution",
        "solution_next": "Voir la solution : {step} ({n}/{total})",
        "solution_done": "Toute la solution est affichée.",
    },
}


class SelfStudy(widgets.VBox):
    """Three buttons and the areas they fill, for one self-study session.

    Args:
        session: A self-study session (its key is loaded).
        key_steps: Steps of the solution, in the order they are revealed.
        key_titles: Title of each step, for the button.
        key_html: HTML of the key for one step.
    """

    def __init__(self, session: Session, key_steps: Sequence[str], key_titles: dict[str, str],
                 key_html: Callable[[str], str]) -> None:
        self.session = session
        self.lang = lang = session.lang
        self.t = t = partial(tr, TEXTS, lang)
        self.key_steps = list(key_steps)
        self.key_titles = key_titles
        self.key_html = key_html
        self.hints_shown = 0
        self.solutions_shown = 0
        self.hint_items = [i for i in session.exercise.rubric.items if i.indice]
        self.hint_button = widgets.Button(description=t("hint"), tooltip=t("hint_tip"),
                                          icon="lightbulb-o", layout=widgets.Layout(width="auto"))
        self.check_button = widgets.Button(description=t("check"), tooltip=t("check_tip"),
                                           icon="check", layout=widgets.Layout(width="auto"))
        self.solution_button = widgets.Button(layout=widgets.Layout(width="auto"), icon="eye")
        self.hints = widgets.HTML()
        self.feedback = widgets.HTML()
        self.solution = widgets.HTML()
        self.hint_button.on_click(self.next_hint)
        self.check_button.on_click(self.check)
        self.solution_button.on_click(self.next_solution)
        self._label_solution()
        super().__init__([
            widgets.HTML(f'<p lang="{lang}">{html.escape(t("intro"))}</p>'),
            widgets.HBox([self.hint_button, self.check_button, self.solution_button]),
            self.hints, self.feedback, self.solution,
        ])

    def next_hint(self, _button: Any = None) -> None:
        """Show one more hint (the rubric item's ``indice``, in the session's language)."""
        if self.hints_shown < len(self.hint_items):
            self.hints_shown += 1
        items = [self.t("hint_item", n=n, label=translate(i.label, self.lang),
                        text=translate(i.indice, self.lang))
                 for n, i in enumerate(self.hint_items[: self.hints_shown], 1)]
        lis = "".join(f"<li>{html.escape(text)}</li>" for text in items)
        done = self.hints_shown >= len(self.hint_items)
        tail = f"<p><em>{html.escape(self.t('hints_done'))}</em></p>" if done else ""
        self.hint_button.disabled = done
        title = html.escape(self.t("hints_title"))
        self.hints.value = (f'<section lang="{self.lang}"><h3>{title}</h3><ul>{lis}</ul>{tail}'
                            "</section>")

    def check(self, _button: Any = None) -> None:
        """Grade the current answers and show the feedback, without the missed key elements."""
        try:
            grade = self.session.grade_now()
        except QsecaseError as exc:
            self.feedback.value = f"<p><strong>✖ {html.escape(str(exc))}</strong></p>"
            return
        self.feedback.value = grade_html(grade, reveal_key=False)

    def next_solution(self, _button: Any = None) -> None:
        """Reveal the key of the next step."""
        if self.solutions_shown < len(self.key_steps):
            self.solutions_shown += 1
        self.solution.value = "".join(self.key_html(step)
                                      for step in self.key_steps[: self.solutions_shown])
        self._label_solution()

    def _label_solution(self) -> None:
        n = self.solutions_shown
        if n >= len(self.key_steps):
            self.solution_button.description = self.t("solution_done")
            self.solution_button.disabled = True
            return
        step = translate(self.key_titles.get(self.key_steps[n], self.key_steps[n]), self.lang)
        self.solution_button.description = self.t("solution_next", step=step, n=n + 1,
                                                  total=len(self.key_steps))
        self.solution_button.tooltip = self.solution_button.description
