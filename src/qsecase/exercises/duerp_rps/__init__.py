"""Exercise « Mise à jour du DUERP et risques psychosociaux » (competencies 2-5, 2-6)."""
