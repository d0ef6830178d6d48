"""Exercises: one registry entry each (id, title, criteria, answer and key models, rubric, grader)."""
