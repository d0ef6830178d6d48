"""Exercise « Plan d'amélioration continue QSE » (competencies 5-1 to 5-6)."""
