"""Exercise « Système de management QSE » (veille, documents, tableaux de bord, reporting: 4-1 to 4-6)."""
