"""Exercise « Audit interne QSE et préparation d'audit externe » (competencies 4-4, 4-5)."""
