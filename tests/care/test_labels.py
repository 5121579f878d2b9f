"""Product labels cut into their ingredients as printed (journal/care/labels.py)."""
from __future__ import annotations

import pytest

from journal.care.labels import split_label


def test_split_label_copes_with_headings_parentheses_and_bullets():
    assert split_label("INGREDIENTS: Aqua (Water, Eau) • Glycerin; Parfum.") == [
        "Aqua (Water, Eau)", "Glycerin", "Parfum"]
    assert split_label("Active Ingredients: Zinc Oxide 20%. Inactive Ingredients: Aqua") == [
        "Zinc Oxide", "Aqua"]
    # an unclosed bracket must not swallow the rest of the list
    assert split_label("Aqua (Water, Retinol, Parfum") == ["Aqua (Water", "Retinol", "Parfum"]


@pytest.mark.parametrize("label, parts", [
    ("Polymyxin B Sulfate 10,000 units, Bacitracin Zinc 500 units",
     ["Polymyxin B Sulfate", "Bacitracin Zinc"]),
    ("Aqua, 1,2-Hexanediol, Caprylyl Glycol", ["Aqua", "1,2-Hexanediol", "Caprylyl Glycol"]),
    ("Ingredients: Aqua; Glycerin\n• Retinol 0.3%\n- Squalane", ["Aqua", "Glycerin", "Retinol", "Squalane"]),
    ("Aqua,\nGlycerin, Cetearyl\nAlcohol, Parfum", ["Aqua", "Glycerin", "Cetearyl Alcohol", "Parfum"]),
    ("Cetearyl Alcohol (and) Ceteareth-20, Aqua", ["Cetearyl Alcohol (and) Ceteareth-20", "Aqua"]),
    ("Aqua, Mica [+/- CI 77891, CI 77491]", ["Aqua", "Mica", "CI 77891", "CI 77491"]),
    ("Aqua, Mica. May contain: CI 77891, CI 77491", ["Aqua", "Mica", "CI 77891", "CI 77491"]),
    ("Organic Coconut Oil*, Shea Butter*. *Certified organic ingredients",
     ["Organic Coconut Oil", "Shea Butter"]),
    ("Alc. Denat., D&C Red No. 27, Vit. E", ["Alc. Denat.", "D&C Red No. 27", "Vit. E"]),
    ("Aqua. Glycerin. Parfum.", ["Aqua", "Glycerin", "Parfum"]),
    ("Purpose: Skin protectant. Active ingredient: Petrolatum 41%. Uses: protects chafed skin. "
     "Warnings: for external use only. Inactive ingredients: Mineral Oil, Ceresin",
     ["Petrolatum", "Mineral Oil", "Ceresin"]),
    ("Sodium Hydroxide (may contain to adjust pH), Aqua", ["Sodium Hydroxide (may contain to adjust pH)", "Aqua"]),
    ("Glycerin +/- 0.5%, Aqua", ["Glycerin", "Aqua"]),
    ("Aqua, Limonene*, Linalool*. *Naturally occurring in essential oils",
     ["Aqua", "Limonene", "Linalool"]),
    ("INGREDIENTS: AQUA/WATER/EAU, ALCOHOL DENAT., PARFUM/FRAGRANCE",
     ["AQUA/WATER/EAU", "ALCOHOL DENAT.", "PARFUM/FRAGRANCE"]),
    ("Ingrédients : Aqua, Glycerin", ["Aqua", "Glycerin"]),
])
def test_split_label_real_label_layouts(label, parts):
    assert split_label(label) == parts
