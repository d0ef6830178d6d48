"""Exercise « Analyse environnementale, registres, flux et BEGES » (competencies 3-1 to 3-4)."""
