"""Batch correction of a cohort: one Papermill run per (trainee, exercise), in parallel.

- :mod:`qsecase.batch.discover` finds the submissions and reports the misplaced ones;
- :mod:`qsecase.batch.state` fingerprints a job's inputs so that a resumed run skips what is fresh;
- :mod:`qsecase.batch.runner` runs one job in a worker process (validate, execute, check, export);
- :mod:`qsecase.batch.orchestrate` ties them together: :func:`grade_cohort`.

Nothing here is imported by ``import qsecase``; Papermill and nbconvert are imported only inside
the worker processes.
"""
