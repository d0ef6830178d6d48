"""Batch correction of a cohort: one Papermill run per (trainee, exercise), in parallel.

- :mod:`qsecase.batch.discover` finds the submissions and reports the misplaced ones;
- :mod:`qsecase.batch.state` fingerprints a job's inputs so that a resumed run skips what is fresh;
- :mod:`qsecase.batch.runner` runs one job in a worker (validate, execute, check, export);
- :mod:`qsecase.batch.warm` keeps a warm kernel per worker, made fresh before each notebook by
  :mod:`qsecase.batch.kernel_reset` (which runs inside the kernel);
- :mod:`qsecase.batch.export` renders the executed notebook as an accessible HTML page;
- :mod:`qsecase.batch.orchestrate` ties them together: :func:`grade_cohort`, on its own process
  pool or on any ``concurrent.futures`` executor (a Dask cluster…);
- :mod:`qsecase.batch.inprocess` grades without notebooks (``--no-notebooks``);
- :mod:`qsecase.batch.correct` writes the cohort's outputs (gradebook, report, feedback).

Nothing here is imported by ``import qsecase``; Papermill and nbconvert are imported only where
notebooks run (the workers).
"""
