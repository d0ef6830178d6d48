"""The trainer's review board (``notebooks/revue_formateur.ipynb``): pick a trainee and an exercise,
read each rubric item with its evidence, and record a correction, appended to ``overrides.csv``.

Nothing is recomputed here: the board reads the grades the batch wrote and the corrections already
recorded; the next ``qsecase grade`` run merges the new line into the gradebook and the reports.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from qsecase.errors import QsecaseError
from qsecase.grading.grade import STATUSES
from qsecase.grading.overrides import OverrideRow, record_override
from qsecase.grading.review import load_grades, review_lines
from qsecase.views.palette import fr_number
from qsecase.views.tables import esc, table_html

__all__ = ["ReviewBoard"]

_KEEP = "(inchangé)"


class ReviewBoard(widgets.VBox):
    """Review the grades of ``out`` (a ``qsecase grade`` output folder) and record corrections."""

    def __init__(self, out: Path) -> None:
        self.out = Path(out)
        self.overrides = self.out / "overrides.csv"
        self.grades = load_grades(self.out)
        if not self.grades:
            raise QsecaseError(f"aucune note dans {self.out} — lancez d'abord « qsecase grade »")
        trainees = sorted({t for t, _ in self.grades})
        self.trainee = widgets.Dropdown(options=trainees, description="Stagiaire")
        self.exercise = widgets.Dropdown(description="Exercice")
        self.table = widgets.HTML()
        self.item = widgets.Dropdown(description="Item ou critère")
        self.points = widgets.Text(description="Points", placeholder="vide : inchangés")
        self.status = widgets.Dropdown(options=[_KEEP, *STATUSES], description="Statut")
        self.comment = widgets.Textarea(description="Commentaire", layout={"width": "95%"})
        self.save = widgets.Button(description="Enregistrer la correction", icon="save")
        self.message = widgets.HTML()
        self.trainee.observe(self._on_trainee, "value")
        self.exercise.observe(lambda _: self._show(), "value")
        self.save.on_click(lambda _: self.record())
        form = widgets.VBox([widgets.HTML("<h3>Corriger une note</h3>"), self.item, self.points,
                             self.status, self.comment, self.save, self.message])
        super().__init__([widgets.HBox([self.trainee, self.exercise]), self.table, form])
        self._on_trainee()

    def _on_trainee(self, _change: object = None) -> None:
        self.exercise.options = sorted(e for t, e in self.grades if t == self.trainee.value)
        self._show()

    def _show(self) -> None:
        grade = self.grades.get((self.trainee.value, self.exercise.value))
        if grade is None:
            self.table.value = ""
            return
        try:
            final, lines = review_lines(grade, self.overrides)
        except QsecaseError as exc:
            self.table.value = f"<p role='alert'>✖ {esc(exc)}</p>"
            return
        rows = [(ln.criterion, ln.label, f"{fr_number(ln.points)} / {fr_number(ln.max_points)}",
                 f"{ln.symbol} {ln.status}", "formateur" if ln.source == "formateur" else "auto",
                 "; ".join(ln.evidence_found) or "—", "; ".join(ln.evidence_missed) or "—",
                 " ".join(ln.notes) or "—", ln.comment or "—") for ln in lines]
        self.table.value = table_html(
            f"{final.trainee} — {final.exercise} : {fr_number(final.note_20)} / 20",
            ["Critère", "Item", "Points", "Statut", "Source", "Trouvé", "Manquant", "Constats",
             "Commentaire"], rows)
        self.item.options = [*(ln.item for ln in lines), *sorted({ln.criterion for ln in lines})]

    def record(self) -> None:
        """Append the correction typed in the form to ``overrides.csv``."""
        grade = self.grades.get((self.trainee.value, self.exercise.value))
        if grade is None or not self.item.value:
            self.message.value = "<p role='alert'>✖ choisissez un stagiaire, un exercice et un item</p>"
            return
        try:
            text = self.points.value.strip().replace(",", ".")
            points = float(text) if text else None
        except ValueError:
            self.message.value = (f"<p role='alert'>✖ points « {esc(self.points.value)} » : écrivez un "
                                  "nombre, par exemple 1,5</p>")
            return
        status = None if self.status.value == _KEEP else self.status.value
        row = OverrideRow(grade.trainee, grade.exercise, self.item.value, points, status,
                          self.comment.value.strip(), file=str(self.overrides))
        try:
            line = record_override(self.overrides, row, grade)
        except QsecaseError as exc:
            self.message.value = f"<p role='alert'>✖ {esc(exc)}</p>"
            return
        self.message.value = (f"<p>✔ correction enregistrée ligne {line} de overrides.csv ; "
                              "relancez « qsecase grade » pour mettre à jour le carnet de notes "
                              "et les retours.</p>")
        self.comment.value, self.points.value, self.status.value = "", "", _KEEP
        self._show()
