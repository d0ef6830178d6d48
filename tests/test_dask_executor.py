"""Any executor: a local Dask cluster grades demo copies as the batch's own pool does.

The jobs travel to the Dask workers (picklable tasks), each worker keeps its warm kernel between
copies, and the kernels stop with the cluster.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from qsecase.batch.orchestrate import grade_cohort
from qsecase.resources import cases_dir, demo_dir

pytestmark = pytest.mark.notebook

distributed = pytest.importorskip("distributed")

COPIES = {"alice.martin": ("sst-accident", "duerp-rps"), "chloe.dubois": ("sst-accident",),
          "david.nguyen": ("duerp-rps",)}


def comparable(grade: dict[str, Any]) -> dict[str, Any]:
    """A grade without its time of grading, its lists of elements sorted (a grader lists some
    missed elements in set order, which depends on each kernel's hash seed)."""
    items = [{k: sorted(v) if k in ("found", "missed", "notes") else v for k, v in item.items()}
             for item in grade["items"]]
    return {**grade, "graded_at": "", "items": items}


def grades(out: Path) -> dict[str, Any]:
    return {str(p.relative_to(out)): comparable(json.loads(p.read_text(encoding="utf-8")))
            for p in sorted(out.glob("*/*.grade.json"))}


def gone(pid: int) -> bool:
    """The process has exited (a zombie waiting for a reaper counts as gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except OSError:
        return True
    return "\nState:\tZ" in status


def test_a_dask_cluster_grades_like_the_default_pool(tmp_path: Path) -> None:
    case_dir = cases_dir() / "logisud"
    copies = tmp_path / "copies"
    for trainee, exercises in COPIES.items():
        for exercise in exercises:
            (copies / trainee).mkdir(parents=True, exist_ok=True)
            shutil.copy(demo_dir() / "submissions" / trainee / f"{exercise}.yaml",
                        copies / trainee)
    expected = grade_cohort(case_dir, copies, tmp_path / "pool", jobs=2, progress=False)
    assert len(expected) == 4 and all(r.ok for r in expected), [r.error for r in expected]

    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        results = grade_cohort(case_dir, copies, tmp_path / "dask", progress=False,
                               executor=client.get_executor())
        kernels = client.run(lambda: [k.pid for k in
                                      __import__("qsecase.batch.warm", fromlist=["_"])._kernels])

    assert [(r.trainee, r.exercise, r.error) for r in results] == [
        (r.trainee, r.exercise, "") for r in expected]
    assert grades(tmp_path / "dask") == grades(tmp_path / "pool")
    assert (tmp_path / "dask" / "alice.martin" / "sst-accident.html").is_file()
    pids = [pid for worker in kernels.values() for pid in worker]
    assert 1 <= len(pids) <= 2 and all(len(worker) <= 1 for worker in kernels.values())
    deadline = time.monotonic() + 15
    while not all(gone(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert all(gone(pid) for pid in pids), "noyaux encore en vie après l'arrêt du cluster"
