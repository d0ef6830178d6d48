"""Exercise « Résolution de problème qualité » (competencies 1-1 and 1-2)."""
