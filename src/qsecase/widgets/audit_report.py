"""Read-only renderings of the internal audit exercise: the trainee's answers of each step
(correction, static HTML) and the answer key of each step (self-study « Voir la solution »).

Both reuse the views of the forms (plan, samples, questionnaire, findings, framed report, preparation
matrix) and the same method checks, so that the trainer reads what the trainee saw while typing.
"""

from __future__ import annotations

from collections.abc import Sequence

from qsecase.audit_data import documented_information
from qsecase.case_model import Case
from qsecase.exercises.audit.model import AuditAnswers, AuditKey
from qsecase.methods.audit import SAMPLING_METHODS, check_findings, check_plan, check_questions
from qsecase.methods.audit_prep import check_evidence
from qsecase.views.audit_html import (
    EVIDENCE_STYLE,
    audit_report_html,
    evidence_html,
    findings_html,
    kind_text,
    plan_html,
    questionnaire_html,
)
from qsecase.views.report_parts import bullets, checks, para, wording
from qsecase.views.tables import esc, table_html
from qsecase.widgets.amelioration_support import preview_frame
from qsecase.widgets.audit_case import catalogue, clause_title
from qsecase.widgets.audit_preparation import default_scope
from qsecase.widgets.audit_sample_view import sample_issues, sample_view

__all__ = ["KEY_STEPS", "KEY_TITLES", "STEPS", "STEP_TITLES", "answers_step_html", "key_step_html"]

STEPS: tuple[str, ...] = ("plan", "echantillon", "questionnaire", "constats", "rapport", "preparation")
STEP_TITLES: dict[str, str] = {
    "plan": "Plan d'audit",
    "echantillon": "Échantillonnage des enregistrements",
    "questionnaire": "Questionnaire et notes d'entretien",
    "constats": "Constats d'audit",
    "rapport": "Rapport d'audit",
    "preparation": "Préparation de l'audit externe",
}
KEY_STEPS: tuple[str, ...] = STEPS
KEY_TITLES: dict[str, str] = dict(STEP_TITLES)


def _clauses(standards: Sequence[str], clauses: Sequence[str]) -> str:
    cat = catalogue()
    out = []
    for c in clauses:
        title = clause_title(cat, standards, c)
        out.append(f"{c} — {title}" if title else c)
    return " ; ".join(out)


def _samples_html(a: AuditAnswers, case: Case) -> str:
    parts = [f"<h4>Échantillon {n}</h4>{sample_view(s, case)}" for n, s in enumerate(a.echantillons, 1)]
    return "".join(parts) or "<p>Aucun échantillon défini.</p>"


def _report_html(a: AuditAnswers, case: Case) -> str:
    r = a.rapport
    page = audit_report_html(case.spec.organisation.nom, a.plan, a.echantillons, a.constats, r, catalogue())
    return (para("Date du rapport", f"{r.date_rapport:%d/%m/%Y}" if r.date_rapport else "")
            + "<p><strong>Diffusion :</strong></p>" + bullets(r.diffusion)
            + preview_frame(page, "Rapport d'audit interne du stagiaire"))


def _preparation_html(a: AuditAnswers) -> str:
    scope = default_scope(a)
    required = [(r.referentiel, r.clause) for r in documented_information(scope)]
    return (para("Périmètre considéré", ", ".join(scope)) + evidence_html(a.preparation)
            + checks(check_evidence(a.preparation, required)))


def answers_step_html(step: str, answers: AuditAnswers, case: Case) -> str:
    """The trainee's answers of one step, read-only, under an ``<h3>`` heading."""
    a, cat = answers, catalogue()
    bodies = {
        "plan": lambda: plan_html(a.plan, cat) + checks(check_plan(a.plan, cat)),
        "echantillon": lambda: _samples_html(a, case) + checks(sample_issues(a.echantillons, case)),
        "questionnaire": lambda: questionnaire_html(a.questions, cat) + checks(check_questions(a.questions,
                                                                                                cat)),
        "constats": lambda: findings_html(a.constats, cat, level=4) + checks(check_findings(a.constats,
                                                                                             case.facts)),
        "rapport": lambda: _report_html(a, case),
        "preparation": lambda: _preparation_html(a),
    }
    body = bodies[step]()
    return (f'<section lang="fr"><h3>Réponses du stagiaire — {esc(STEP_TITLES[step])}</h3>'
            f"{body}</section>")


def _functions_html(k: AuditKey, caption: str) -> str:
    rows = [(wording(s.fonction), _clauses(k.referentiels, s.clauses)) for s in k.fonctions]
    return table_html(caption, ["Fonction", "Chapitres attendus"], rows, row_headers=True)


def key_step_html(step: str, key: AuditKey, case: Case) -> str:
    """What the answer key expects for one step (self-study « Voir la solution »)."""
    k = key
    if step == "plan":
        body = (para("Référentiels (critères d'audit)", ", ".join(k.referentiels))
                + para("Date de l'audit", f"{k.date_audit:%d/%m/%Y}" if k.date_audit else "")
                + _functions_html(k, "Fonctions à auditer et chapitres à couvrir"))
    elif step == "echantillon":
        rows = [(s.population, f"{s.taille_min} à {s.taille_max}",
                 " ; ".join(SAMPLING_METHODS[m] for m in s.methodes), s.strate or "—")
                for s in k.echantillonnage]
        body = table_html("Échantillonnages attendus", ["Population", "Taille", "Méthodes adaptées",
                                                        "Strate"], rows, row_headers=True)
    elif step == "questionnaire":
        body = ("<p>Des questions ouvertes, chacune rattachée à une exigence reformulée et à une preuve "
                "attendue, pour chaque fonction :</p>"
                + _functions_html(k, "Fonctions à interroger et chapitres à questionner"))
    elif step == "constats":
        rows = [(wording(e), " ou ".join(kind_text(t) for t in e.types),
                 f"{e.referentiel} " + (_clauses([e.referentiel], e.clauses) if e.referentiel in
                                        catalogue() else " ; ".join(e.clauses)), ", ".join(e.faits))
                for e in k.constats]
        body = table_html("Constats attendus", ["Constat", "Classement", "Exigence", "Faits"], rows,
                          row_headers=True)
    elif step == "rapport":
        body = "<p><strong>Destinataires attendus du rapport :</strong></p>" + bullets(k.diffusion)
    elif step == "preparation":
        rows = [(f"{e.referentiel} {e.clause}", wording(e), " ".join(EVIDENCE_STYLE[e.statut]),
                 e.document or "—") for e in k.preuves]
        body = table_html("Preuves attendues et leur statut", ["Référentiel et chapitre", "Exigence",
                          "Statut", "Document"], rows, row_headers=True)
    else:
        raise KeyError(step)
    return f'<section lang="fr"><h3>Solution — {esc(KEY_TITLES[step])}</h3>{body}</section>'
