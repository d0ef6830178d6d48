"""Exercise « Analyse de cycle de vie et démarche RSE » (3-5, 3-6)."""
