"""``qsecase demo``: grade the bundled demo cohort on its case and print the summary."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DEMO_CASE", "EXPECTED_MALFORMED", "run_demo"]

DEMO_CASE = "mecaprec"
EXPECTED_MALFORMED = frozenset({"emma.petit"})
"""The demo cohort includes a hand-edited file with a syntax error, on purpose."""


def run_demo(out: Path, *, jobs: int | None = None, force: bool = False,
             progress: bool = True) -> int:
    """Exit code 0 when every submission was graded except the deliberately malformed one."""
    from qsecase.batch.correct import correct, print_summary
    from qsecase.resources import cases_dir, demo_dir

    print(f"Correction de la promotion de démonstration (cas « {DEMO_CASE} ») → {out}/")
    run = correct(cases_dir() / DEMO_CASE, demo_dir() / "submissions", out, jobs=jobs,
                  force=force, progress=progress)
    print_summary(run)
    unexpected = [r for r in run.results if not r.ok and r.trainee not in EXPECTED_MALFORMED]
    malformed = [r for r in run.results if not r.ok and r.trainee in EXPECTED_MALFORMED]
    if malformed:
        print("(La copie mal formée de la démonstration est signalée avec sa raison : c'est voulu.)")
    return 1 if unexpected or len(malformed) != len(EXPECTED_MALFORMED) else 0
