"""The one ``qsecase`` command: parses arguments and delegates to functions tests can call."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from qsecase import __version__
from qsecase.errors import QsecaseError

__all__ = ["build_parser", "lab_command", "main"]


def _cmd_demo(args: argparse.Namespace) -> int:
    from qsecase.demo import run_demo

    return run_demo(Path(args.output), jobs=args.jobs, force=args.force, progress=not args.quiet)


def _cmd_grade(args: argparse.Namespace) -> int:
    from qsecase.batch.correct import correct, print_summary

    folders = Path(args.case), Path(args.submissions), Path(args.output)
    options = {"force": args.force, "reveal_key": args.reveal_key, "lang": args.lang,
               "progress": not args.quiet}
    if args.no_notebooks:
        from qsecase.batch.inprocess import correct_in_process

        run = correct_in_process(*folders, **options)
    else:
        run = correct(*folders, jobs=args.jobs, timeout=args.timeout,
                      warm=not args.cold_kernels, **options)
    print_summary(run)
    return 0 if run.all_ok else 1


def _cmd_check_case(args: argparse.Namespace) -> int:
    from qsecase.corpus import format_check_report

    code, text = format_check_report(Path(args.case))
    print(text, file=sys.stdout if code == 0 else sys.stderr)
    return code


def _cmd_new_case(args: argparse.Namespace) -> int:
    from qsecase.key_template import PLACEHOLDER
    from qsecase.scaffold import new_case

    created = new_case(Path(args.directory), args.exercices)
    print(f"Cas créé dans {created} :")
    for path in sorted(p for p in created.rglob("*") if p.is_file()):
        print(f"  {path.relative_to(created).as_posix()}")
    print(f"Remplacez chaque « {PLACEHOLDER} » (le commentaire voisin dit quoi écrire), puis lancez "
          f"« qsecase check-case {created} ». Pas à pas : docs/guide-auteur.md.")
    return 0


def lab_command(folder: Path, *, voila: bool = False, no_browser: bool = False,
                port: int | None = None) -> list[str]:
    """The command that serves the workspace ``folder``: JupyterLab, or Voilà (forms only)."""
    from qsecase.landing import LANDING

    if voila:
        # the classic tree is a plain HTML list of links, rendered by the server
        command = [sys.executable, "-m", "voila", str(folder), "--strip_sources=True",
                   "--classic-tree"]
    else:
        command = [sys.executable, "-m", "jupyter", "lab", f"--notebook-dir={folder}",
                   f"--LabApp.default_url=/lab/tree/{LANDING}"]
    if no_browser:
        command.append("--no-browser")
    if port is not None:
        command.append(f"--port={port}")
    return command


def _cmd_lab(args: argparse.Namespace) -> int:
    import subprocess

    from qsecase.landing import ANSWERS_DIR, LANDING
    from qsecase.scaffold import prepare_workspace

    folder = prepare_workspace(Path(args.directory))
    if args.voila:
        print(f"Carnets d'exercices dans {folder}, servis par Voilà : formulaires et figures, "
              f"sans le code. Ouvrez d'abord {LANDING}.")
    else:
        print(f"Carnets d'exercices dans {folder} — commencez par {LANDING}.")
    print(f"Vos réponses sont enregistrées dans {folder / ANSWERS_DIR}. Pour arrêter : Ctrl+C.")
    return subprocess.call(lab_command(folder.resolve(), voila=args.voila,
                                       no_browser=args.no_browser, port=args.port))


def _cmd_list(args: argparse.Namespace) -> int:
    from qsecase.exercises.registry import exercises
    from qsecase.resources import cases_dir

    print("Exercices :")
    for ex in exercises():
        print(f"  {ex.id:<16} {ex.title} (compétences {', '.join(ex.competencies)}) "
              f"— notebooks/{ex.notebook}")
    print("Cas fournis :")
    import yaml

    for folder in sorted(p for p in cases_dir().iterdir() if (p / "case.yaml").is_file()):
        spec = yaml.safe_load((folder / "case.yaml").read_text(encoding="utf-8")) or {}
        org = spec.get("organisation", {})
        print(f"  {folder.name:<16} {spec.get('titre', '')} — {org.get('nom', '')}, "
              f"{org.get('secteur', '')} (exercices : {', '.join(spec.get('exercices', []))})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="qsecase",
        description="Cahier d'études de cas guidé pour la certification « Chargé de mission QSE ».",
    )
    parser.add_argument("--version", action="version", version=f"qsecase {__version__}")
    parser.add_argument("--debug", action="store_true", help="afficher la trace complète des erreurs")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    demo = sub.add_parser("demo", help="corriger la promotion de démonstration et afficher la synthèse")
    demo.add_argument("-o", "--output", default="demo-sortie", help="dossier de sortie")
    demo.add_argument("-j", "--jobs", type=int, default=None, help="copies corrigées en parallèle")
    demo.add_argument("--force", action="store_true", help="tout recorriger")
    demo.add_argument("-q", "--quiet", action="store_true", help="sans barre de progression")
    demo.set_defaults(func=_cmd_demo)

    grade = sub.add_parser("grade", help="corriger toutes les copies d'une promotion")
    grade.add_argument("case", metavar="CAS", help="dossier du cas (avec key/)")
    grade.add_argument("submissions", metavar="COPIES", help="dossier <stagiaire>/<exercice>.yaml")
    grade.add_argument("-o", "--output", required=True, help="dossier de sortie")
    grade.add_argument("-j", "--jobs", type=int, default=None,
                       help="copies corrigées en parallèle (défaut : nombre de cœurs)")
    grade.add_argument("--timeout", type=float, default=300.0,
                       help="délai maximal par cellule, en secondes (défaut : 300)")
    grade.add_argument("--force", action="store_true", help="recorriger même les copies inchangées")
    grade.add_argument("--reveal-key", action="store_true",
                       help="montrer aux stagiaires les éléments attendus manquants")
    grade.add_argument("--lang", default="fr", choices=["fr", "en"], help="langue des retours")
    grade.add_argument("--no-notebooks", action="store_true",
                       help="calculer les notes sans exécuter les carnets (plus rapide ; "
                            "pas de carnet corrigé)")
    grade.add_argument("--cold-kernels", action="store_true",
                       help="démarrer un noyau neuf pour chaque carnet (plus lent ; par défaut "
                            "chaque processus garde un noyau préchargé, remis à neuf avant "
                            "chaque copie)")
    grade.add_argument("-q", "--quiet", action="store_true", help="sans barre de progression")
    grade.set_defaults(func=_cmd_grade)

    check = sub.add_parser("check-case", help="vérifier un dossier de cas")
    check.add_argument("case", metavar="CAS")
    check.set_defaults(func=_cmd_check_case)

    new = sub.add_parser("new-case", help="créer un dossier de cas à partir d'un modèle commenté")
    new.add_argument("directory", metavar="DOSSIER",
                     help="nouveau dossier (absent ou vide) ; son nom donne l'identifiant du cas")
    new.add_argument("--exercices", metavar="LISTE", default=None,
                     help="exercices du cas, séparés par des virgules (ex. probleme,audit), ou "
                          "« tous » ; un corrigé commenté key/<exercice>.yaml est écrit pour chacun "
                          "(défaut : probleme)")
    new.set_defaults(func=_cmd_new_case)

    lab = sub.add_parser("lab", help="ouvrir JupyterLab (ou Voilà) sur les carnets d'exercices")
    lab.add_argument("directory", nargs="?", default="qsecase-cahier", metavar="DOSSIER",
                     help="dossier de travail (défaut : qsecase-cahier) ; les carnets y sont "
                          "copiés s'ils n'y sont pas déjà")
    lab.add_argument("--no-browser", action="store_true", help="ne pas ouvrir de navigateur")
    lab.add_argument("--voila", action="store_true",
                     help="servir les carnets avec Voilà : formulaires et figures seulement, sans "
                          "cellules de code (réponses enregistrées au même endroit)")
    lab.add_argument("--port", type=int, default=None,
                     help="port du serveur (défaut : 8888 pour JupyterLab, 8866 pour Voilà)")
    lab.set_defaults(func=_cmd_lab)

    lst = sub.add_parser("list", help="lister les exercices et les cas fournis")
    lst.set_defaults(func=_cmd_list)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except QsecaseError as exc:
        if args.debug or os.environ.get("QSECASE_DEBUG"):
            raise
        lines = str(exc).splitlines() or ["erreur inconnue"]
        for line in lines:
            print(f"qsecase : {line}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("qsecase : interrompu — relancez la même commande pour reprendre.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
