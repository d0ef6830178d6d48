"""DUERP benchmark (run by hand): ``python benchmarks/bench_duerp.py --n 500``.

Builds a realistic synthetic DUERP (N situations over about ten work units, deterministic random:
ratings, measures, degraded operation, RPS factors, actions, versions) and prints, for N and for a
baseline of N / 10 situations run in the same process, the best time of each step: validation of
the situations from plain data, ``check_situations``, ``rank``, ``diff`` against a copy with about
20 % of changes, the Excel export and its reading back, the HTML document, the heat maps (figure,
then PNG), and the recording of a version on disk. Target: everything within a few seconds for 500.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from qsecase.case_model import WorkUnit
from qsecase.duerp_store import list_versions, record_version
from qsecase.methods.duerp import FAMILIES, DuerpScale, Situation, check_situations, rank
from qsecase.methods.duerp_update import UpdateInfo, VersionInfo, diff
from qsecase.methods.papripact import PreventionAction
from qsecase.methods.rps import FAMILIES as RPS_FAMILIES
from qsecase.methods.rps import RpsFactor
from qsecase.views.duerp_heatmap import heat_maps
from qsecase.views.duerp_html import duerp_document_html
from qsecase.views.duerp_workbook import duerp_workbook, read_duerp_workbook
from qsecase.views.render import figure_to_png

SCALE = DuerpScale.model_validate({
    "gravite": [{"valeur": i + 1, "libelle": w} for i, w in enumerate(
        ["Faible (soins sur place)", "Moyenne (arrêt court)", "Grave (arrêt long)",
         "Très grave (incapacité, décès)"])],
    "frequence": [{"valeur": i + 1, "libelle": w} for i, w in enumerate(
        ["Rare (annuelle)", "Occasionnelle (mensuelle)", "Fréquente (hebdomadaire)",
         "Permanente (quotidienne)"])],
    "maitrise": [{"valeur": 1, "libelle": "Bonne", "coefficient": 0.5},
                 {"valeur": 2, "libelle": "Moyenne", "coefficient": 0.75},
                 {"valeur": 3, "libelle": "Insuffisante", "coefficient": 1}],
    "seuils": [{"priorite": 1, "libelle": "agir sans délai", "minimum": 9},
               {"priorite": 2, "libelle": "à planifier dans l'année", "minimum": 4},
               {"priorite": 3, "libelle": "à surveiller", "minimum": 0}],
    "source": "grille de l'organisation (synthétique)",
})
UNIT_NAMES = ["Réception", "Stockage", "Préparation de commandes", "Expédition", "Atelier de maintenance",
              "Conduite de chariots", "Quai et cour", "Bureaux", "Transport routier", "Nettoyage"]
TASKS = ["Déchargement des camions", "Mise en stock en hauteur", "Prélèvement au sol", "Filmage des palettes",
         "Réparation d'un convoyeur", "Circulation en allée", "Manœuvre au quai", "Saisie sur écran",
         "Livraison chez le client", "Nettoyage des sols", "Charge des batteries", "Inventaire tournant"]
MEASURES = ["Transpalette électrique", "Formation gestes et postures", "Plan de circulation affiché",
            "Chaussures de sécurité", "Consignation électrique", "Bouchons d'oreilles moulés",
            "Éclairage LED renforcé", "Vérification générale périodique", "Rotation des postes"]


def build_units() -> list[WorkUnit]:
    return [WorkUnit(id=f"UT{i + 1:02d}", nom=name, effectif=3 + 4 * i) for i, name in enumerate(UNIT_NAMES)]


def build_rows(n: int, units: list[WorkUnit], rng: random.Random) -> list[dict[str, Any]]:
    """N situations as plain data (as read from YAML), spread over the work units."""
    families = list(FAMILIES)
    rows = []
    for i in range(n):
        unit = units[i % len(units)]
        rows.append({
            "id": f"{unit.id}-{i // len(units) + 1:03d}", "unite": unit.id,
            "situation": f"{rng.choice(TASKS)} ({unit.nom.lower()})",
            "fonctionnement": "dégradé" if rng.random() < 0.12 else "normal",
            "famille": rng.choice(families), "danger": "danger décrit " * rng.randint(1, 4),
            "dommage": rng.choice(["lombalgie", "fracture", "brûlure", "surdité", "écrasement"]),
            "mesures": " | ".join(rng.sample(MEASURES, rng.randint(0, 4))),
            "g": rng.randint(1, 4), "f": rng.randint(1, 4), "m": rng.randint(1, 3),
            "methode": rng.choice(["EvRP", "EvRP", "EvRP", "mesurage", "OREGE", "ATEX"]),
            "handicap": "poste adapté (RQTH)" if rng.random() < 0.05 else "",
            "exposes": rng.randint(1, 12),
        })
    return rows


def modified(situations: list[Situation], rng: random.Random) -> tuple[list[Situation], dict[str, str]]:
    """A copy with about 20 % of changes (re-rated, measures added, removed, new) and their reasons."""
    new: list[Situation] = []
    reasons: dict[str, str] = {}
    for s in situations:
        roll = rng.random()
        if roll < 0.04:
            reasons[s.id] = "situation disparue"
            continue
        if roll < 0.12:
            s = s.model_copy(update={"g": max(1, s.g - 1), "m": 1})
            reasons[s.id] = "nouvelle mesure efficace"
        elif roll < 0.18:
            s = s.model_copy(update={"mesures": [*s.mesures, "Carter de protection"]})
        new.append(s)
    for i in range(len(situations) // 25):
        template = situations[i]
        new.append(template.model_copy(update={"id": f"NEW-{i + 1:03d}", "situation": "Nouvelle situation"}))
        reasons[f"NEW-{i + 1:03d}"] = "nouvelle machine"
    return new, reasons


def best(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(n: int, repeat: int, seed: int) -> dict[str, float]:
    rng = random.Random(seed)
    units = build_units()
    rows = build_rows(n, units, rng)
    situations = [Situation.model_validate(r) for r in rows]
    changed, reasons = modified(situations, rng)
    factors = [RpsFactor(unite=u.id, famille=fam, frequence=(f := rng.randint(0, 4)),  # type: ignore[arg-type]
                         gravite=rng.randint(1, 4) if f else None, constats="constat" if f else "")
               for u in units for fam in RPS_FAMILIES if rng.random() < 0.8]
    actions = [PreventionAction(id=f"AP{i + 1}", mesure=f"Action de prévention {i + 1}",
                                risques=[s.id for s in rng.sample(situations, min(3, len(situations)))],
                                responsable="Direction", echeance=dt.date(2026, 1 + i % 12, 1),
                                cout=rng.randint(100, 20000), ressources="interne", indicateur="AT")
               for i in range(max(3, n // 15))]
    versions = [VersionInfo(numero=k, date=dt.datetime(2020 + k, 3, 1, 9, 0), auteur="Direction",
                            motif="mise à jour annuelle", situations=n, empreinte=f"{k:x}" * 64)
                for k in range(1, 6)]
    update = UpdateInfo(date=dt.date(2026, 3, 14), auteur="Responsable QSE", declencheurs=["annuelle"])
    workbook = duerp_workbook("Organisation synthétique", units, situations, SCALE, actions, versions,
                              factors, 120)
    unit_ids = [u.id for u in units]
    steps: dict[str, Callable[[], Any]] = {
        "validation (dicts → Situation)": lambda: [Situation.model_validate(r) for r in rows],
        "check_situations": lambda: check_situations(situations, SCALE, unit_ids),
        "rank": lambda: rank(situations, SCALE),
        "diff (≈ 20 % modifiées)": lambda: diff(situations, changed, reasons),
        "duerp_workbook (xlsx)": lambda: duerp_workbook("Organisation synthétique", units, situations,
                                                        SCALE, actions, versions, factors, 120),
        "read_duerp_workbook": lambda: read_duerp_workbook(workbook),
        "duerp_document_html": lambda: duerp_document_html("Organisation synthétique", units, situations,
                                                           SCALE, actions, versions, factors, update),
        "heat_maps (figure)": lambda: heat_maps(situations, SCALE, units),
        "heat_maps + PNG": lambda: figure_to_png(heat_maps(situations, SCALE, units), dpi=90),
    }
    times = {name: best(fn, repeat) for name, fn in steps.items()}
    with tempfile.TemporaryDirectory(prefix="qsecase-bench-duerp-") as tmp:
        folder = Path(tmp) / "duerp-rps.versions"

        def record() -> None:
            record_version(folder, situations, auteur="Responsable QSE", motif="banc d'essai")
            list_versions(folder)

        times["record_version + list_versions"] = best(record, 1)
    def by_id(items: list[Situation]) -> list[Situation]:  # the sheets group situations by unit
        return sorted(items, key=lambda s: s.id)

    if by_id(read_duerp_workbook(workbook)) != by_id(situations):
        print("  ✖ relecture du classeur : situations différentes", file=sys.stderr)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--n", type=int, default=500, help="nombre de situations (défaut : 500)")
    parser.add_argument("--repeat", type=int, default=3, help="essais par étape, le meilleur compte")
    parser.add_argument("--seed", type=int, default=2026, help="graine du tirage (reproductible)")
    args = parser.parse_args()
    base_n = max(1, args.n // 10)
    measure(base_n, 1, args.seed)  # warm-up: imports, fonts, caches
    base = measure(base_n, args.repeat, args.seed)
    full = measure(args.n, args.repeat, args.seed)
    width = max(len(k) for k in full)
    print(f"{'étape':<{width}}  {base_n:>5} sit.  {args.n:>5} sit.  rapport")
    for name, seconds in full.items():
        print(f"{name:<{width}}  {base[name]:8.3f} s  {seconds:8.3f} s  {seconds / base[name]:6.1f}×")
    total = sum(full.values())
    print(f"{'total':<{width}}  {sum(base.values()):8.3f} s  {total:8.3f} s  "
          f"{total / sum(base.values()):6.1f}×")
    print(f"cible : tout en quelques secondes pour {args.n} situations — "
          f"{'atteinte' if total < 5 else 'NON atteinte'} ({total:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
