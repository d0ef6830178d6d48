"""Exercise « Suivi SST, EPI et analyse d'accident » (competencies 2-1, 2-2, 2-3, 2-4, 2-7, 2-8)."""
