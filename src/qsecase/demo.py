"""``qsecase demo``: grade the bundled demo cohort on every bundled case and print the summaries."""

from __future__ import annotations

from pathlib import Path

__all__ = ["EXPECTED_MALFORMED", "demo_cases", "run_demo"]

EXPECTED_MALFORMED = frozenset({("emma.petit", "probleme")})
"""The demo cohort includes a hand-edited file with a syntax error, on purpose."""


def demo_cases() -> list[Path]:
    """The bundled cases that offer at least one available exercise, in name order (each graded
    into its own output folder)."""
    import yaml

    from qsecase.exercises.registry import REGISTRY
    from qsecase.resources import cases_dir

    cases = []
    for folder in sorted(p for p in cases_dir().iterdir() if (p / "case.yaml").is_file()):
        spec = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8")) or {}
        if set(spec.get("exercices", [])) & set(REGISTRY):
            cases.append(folder)
    return cases


def run_demo(out: Path, *, jobs: int | None = None, force: bool = False,
             progress: bool = True) -> int:
    """Exit code 0 when every submission was graded except the deliberately malformed one."""
    from qsecase.batch.correct import correct, print_summary
    from qsecase.resources import demo_dir

    failures: list[tuple[str, str]] = []
    for case in demo_cases():
        print(f"\n═══ Cas « {case.name} » → {out / case.name}/")
        run = correct(case, demo_dir() / "submissions", out / case.name, jobs=jobs, force=force,
                      progress=progress)
        print_summary(run)
        failures += [(r.trainee, r.exercise) for r in run.results if not r.ok]
        if run.not_run:
            return 130
    if set(failures) & EXPECTED_MALFORMED:
        print("\n(La copie mal formée de la démonstration est signalée avec sa raison : c'est voulu.)")
    return 0 if set(failures) == set(EXPECTED_MALFORMED) else 1
