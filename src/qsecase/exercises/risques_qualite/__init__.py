"""Exercise « Cartographie des processus et analyse des risques Qualité » (1-3, 1-4, 1-5, 1-6)."""
