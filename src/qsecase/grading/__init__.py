"""Grading: rubric as data, text matching, scoring, grades, overrides, gradebook, reports."""
