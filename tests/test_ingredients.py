"""Ingredient labels as printed on real products, matched to ingredient classes."""
from __future__ import annotations

import pytest

from journal.care.ingredients import (
    IngredientMatch, KnowledgeError, caution_classes, flag_summary, ingredient_classes,
    load_classes, match_ingredients, split_label,
)

# (label text, {class_id: [ingredient names as they should be reported]}) - caution classes only.
LABELS = [
    # retinoids
    ("Aqua, Squalane, Glycerin, Retinol, Retinyl Palmitate, Tocopherol, Parfum/Fragrance, Linalool",
     {"retinoid": ["Retinol", "Retinyl Palmitate"], "fragrance": ["Parfum/Fragrance", "Linalool"]}),
    ("Water, Caprylic/Capric Triglyceride, Retinal (Retinaldehyde), Tocopherol",
     {"retinoid": ["Retinal (Retinaldehyde)"]}),
    ("Dimethyl Isosorbide, Hydroxypinacolone Retinoate, Squalane", {"retinoid": ["Hydroxypinacolone Retinoate"]}),
    ("Tretinoin 0.025%, Isopropyl Myristate, Stearic Acid",
     {"retinoid": ["Tretinoin"], "retinoid_rx": ["Tretinoin"], "comedogenic": ["Isopropyl Myristate"]}),
    ("Active ingredient: Adapalene 0.1%. Inactive ingredients: Carbomer, Propylene Glycol",
     {"retinoid": ["Adapalene"], "retinoid_rx": ["Adapalene"]}),
    ("Aqua, Glycerin, RETINYL ACETATE, Phenoxyethanol", {"retinoid": ["RETINYL ACETATE"]}),
    ("Aqua, Encapsulated Retinol 0.5 %, Squalane", {"retinoid": ["Encapsulated Retinol"]}),
    # alpha-hydroxy acids
    ("Aqua, Glycolic Acid 7%, Alcohol Denat., Aloe Barbadensis Leaf Juice, Sodium Hydroxide, Parfum",
     {"aha": ["Glycolic Acid"], "drying_alcohol": ["Alcohol Denat."], "fragrance": ["Parfum"]}),
    ("Aqua, Mandelic Acid, Sodium Hydroxide", {"aha": ["Mandelic Acid"]}),
    ("Aqua, Lactic Acid (10%), Glycerin", {"aha": ["Lactic Acid"]}),
    ("Aqua, Ammonium Glycolate, Glycolic Acid", {"aha": ["Ammonium Glycolate", "Glycolic Acid"]}),
    ("Aqua, Gluconolactone, Lactobionic Acid, Glycerin", {"aha": ["Gluconolactone", "Lactobionic Acid"]}),
    # beta-hydroxy acid
    ("Water, Salicylic Acid 2%, Butylene Glycol, Niacinamide", {"bha": ["Salicylic Acid"]}),
    ("Aqua, Betaine Salicylate, Salix Alba (Willow) Bark Extract",
     {"bha": ["Betaine Salicylate", "Salix Alba (Willow) Bark Extract"]}),
    # benzoyl peroxide
    ("Active Ingredient: Benzoyl Peroxide 5%. Inactive: Water, Carbomer",
     {"benzoyl_peroxide": ["Benzoyl Peroxide"]}),
    # vitamin C
    ("Aqua, L-Ascorbic Acid 15%, Ferulic Acid, Tocopherol", {"vitamin_c": ["L-Ascorbic Acid"]}),
    ("Aqua, Sodium Ascorbyl Phosphate, Glycerin", {"vitamin_c": ["Sodium Ascorbyl Phosphate"]}),
    ("Tetrahexyldecyl Ascorbate, Squalane, Tocopherol", {"vitamin_c": ["Tetrahexyldecyl Ascorbate"]}),
    ("Aqua, 3-O-Ethyl Ascorbic Acid, Magnesium Ascorbyl Phosphate, Ascorbyl Glucoside",
     {"vitamin_c": ["3-O-Ethyl Ascorbic Acid", "Magnesium Ascorbyl Phosphate", "Ascorbyl Glucoside"]}),
    # drying alcohols
    ("SD Alcohol 40-B, Water, Hamamelis Virginiana (Witch Hazel) Water",
     {"drying_alcohol": ["SD Alcohol 40-B"]}),
    ("Alcohol, Aqua, Glycerin", {"drying_alcohol": ["Alcohol"]}),
    ("Isopropyl Alcohol, Aqua", {"drying_alcohol": ["Isopropyl Alcohol"]}),
    ("Aqua, Alcohol (Denat.), Menthol", {"drying_alcohol": ["Alcohol (Denat.)"]}),
    ("Ethanol 70%, Aqua, Glycerin", {"drying_alcohol": ["Ethanol"]}),
    # fragrance and essential oils
    ("Aqua, Fragrance (Parfum), Limonene, Citronellol, Geraniol",
     {"fragrance": ["Fragrance (Parfum)", "Limonene", "Citronellol", "Geraniol"]}),
    ("Aqua, Melaleuca Alternifolia (Tea Tree) Leaf Oil, Eugenol",
     {"fragrance": ["Melaleuca Alternifolia (Tea Tree) Leaf Oil", "Eugenol"]}),
    ("Citrus Aurantium Dulcis (Orange) Peel Oil, Mentha Piperita (Peppermint) Oil",
     {"fragrance": ["Citrus Aurantium Dulcis (Orange) Peel Oil", "Mentha Piperita (Peppermint) Oil"]}),
    ("Aqua, Benzyl Alcohol, Hexyl Cinnamal, Evernia Prunastri (Oakmoss) Extract",
     {"fragrance": ["Benzyl Alcohol", "Hexyl Cinnamal", "Evernia Prunastri (Oakmoss) Extract"]}),
    # comedogenic oils and esters
    ("Cocos Nucifera (Coconut) Oil, Butyrospermum Parkii (Shea) Butter, Isopropyl Myristate, Cera Alba",
     {"comedogenic": ["Cocos Nucifera (Coconut) Oil", "Isopropyl Myristate"]}),
    ("Theobroma Cacao (Cocoa) Seed Butter, Isopropyl Palmitate, Ethylhexyl Palmitate",
     {"comedogenic": ["Theobroma Cacao (Cocoa) Seed Butter", "Isopropyl Palmitate", "Ethylhexyl Palmitate"]}),
    ("Mica, Myristyl Myristate, D&C Red No. 27 (CI 45410), Acetylated Lanolin",
     {"comedogenic": ["Myristyl Myristate", "D&C Red No. 27 (CI 45410)", "Acetylated Lanolin"]}),
    ("Organic coconut oil*, Shea butter*", {"comedogenic": ["Organic coconut oil"]}),
    # scrubs and antibiotics
    ("Aqua, Juglans Regia (Walnut) Shell Powder, Sodium Laureth Sulfate",
     {"scrub": ["Juglans Regia (Walnut) Shell Powder"]}),
    ("Aqua, Prunus Armeniaca (Apricot) Seed Powder, Glycerin", {"scrub": ["Prunus Armeniaca (Apricot) Seed Powder"]}),
    ("Bacitracin Zinc, Neomycin Sulfate, Petrolatum", {"antibiotic": ["Bacitracin Zinc", "Neomycin Sulfate"]}),
    # negatives: look-alikes and harmless lists
    ("Aqua, Cetyl Alcohol, Cetearyl Alcohol, Stearyl Alcohol, Behenyl Alcohol, Glycerin", {}),
    ("Aqua, Polyglycolic Acid, Propylene Glycol, Sodium Starch Glycolate", {}),
    ("Aqua, Glycolipids, Butylene Glycol, Pentylene Glycol", {}),
    ("Aqua, Glycerin, Bakuchiol, Squalane", {}),
    ("Aqua, Benzyl Salicylate", {"fragrance": ["Benzyl Salicylate"]}),  # fragrance, not BHA
    ("Aqua, Lanolin Alcohol, Cetearyl Alcohol (and) Ceteareth-20", {}),
    ("Aqua, Cocamidopropyl Betaine, Glycerin, Sodium Cocoyl Glycinate, Panthenol, Allantoin, "
     "Citric Acid, Sodium Benzoate", {}),  # citric acid low on the list sets the pH
    ("Aqua, Glycerin, Cocos Nucifera (Coconut) Water, Caprylic/Capric Triglyceride", {}),
    ("Zinc Oxide 20%, Aqua, Caprylic/Capric Triglyceride, Glycerin, Dimethicone, Tocopherol", {}),
    ("Aqua, Sodium Hyaluronate, Ceramide NP, Petrolatum, Triethanolamine", {}),
    ("Aqua, Sodium Citrate, Sodium Lactate, Sodium Benzoate", {}),
    ("", {}),
]


@pytest.mark.parametrize("label, expected", LABELS, ids=[label[:40] or "empty" for label, _ in LABELS])
def test_label_flags(label, expected):
    found: dict[str, list[str]] = {}
    for match in match_ingredients(label):
        if match.caution:
            found.setdefault(match.class_id, []).append(match.ingredient)
    assert found == expected
    assert caution_classes(label) == set(expected)


def test_at_least_forty_labels_with_negatives():
    assert len(LABELS) >= 40
    assert sum(1 for _, expected in LABELS if not expected) >= 8


def test_match_is_a_frozen_dataclass_with_human_names():
    [match] = [m for m in match_ingredients("Aqua, Retinyl Palmitate") if m.caution]
    assert match == IngredientMatch("retinoid", "retinoid", "Retinyl Palmitate", True)
    with pytest.raises(AttributeError):
        match.class_id = "other"  # type: ignore[misc]


def test_soothing_ingredients_are_matched_without_caution():
    matches = match_ingredients("Aqua, Sodium Hyaluronate, Ceramide NP, Petrolatum")
    assert {m.class_id for m in matches} == {"soothing"}
    assert not any(m.caution for m in matches)
    assert caution_classes("Aqua, Sodium Hyaluronate") == set()


def test_flag_summary_groups_by_class():
    label = "Aqua, Retinol, Parfum, Retinyl Palmitate, Sodium Hyaluronate"
    assert flag_summary(label) == "retinoid (Retinol, Retinyl Palmitate); fragrance (Parfum)"
    assert flag_summary(label, include_soothing=True).endswith("; soothing (Sodium Hyaluronate)")
    assert flag_summary("Aqua, Glycerin") == ""


def test_weak_acids_count_high_on_the_list_or_with_a_percentage():
    assert caution_classes("Aqua, Lactic Acid, Glycerin") == {"aha"}
    low = "Aqua, Glycerin, Butylene Glycol, Niacinamide, Squalane, Dimethicone, Lactic Acid"
    assert caution_classes(low) == set()
    assert caution_classes(low + " 5%") == {"aha"}


def test_split_label_copes_with_headings_parentheses_and_bullets():
    assert split_label("INGREDIENTS: Aqua (Water, Eau) • Glycerin; Parfum.") == [
        "Aqua (Water, Eau)", "Glycerin", "Parfum"]
    assert split_label("Active Ingredients: Zinc Oxide 20%. Inactive Ingredients: Aqua") == [
        "Zinc Oxide", "Aqua"]
    # an unclosed bracket must not swallow the rest of the list
    assert split_label("Aqua (Water, Retinol, Parfum") == ["Aqua (Water", "Retinol", "Parfum"]


def test_every_class_in_the_brief_is_present():
    classes = ingredient_classes()
    for class_id in ("retinoid", "aha", "bha", "benzoyl_peroxide", "vitamin_c", "drying_alcohol",
                     "fragrance", "comedogenic", "scrub", "soothing"):
        assert class_id in classes
    assert [c.id for c in classes.values() if not c.caution] == ["soothing", "lanolin"]


@pytest.mark.parametrize("text, message", [
    ('[[class]]\nid = "x"\nname = "X"\ncaution = true\nnames = [1]\n', "class 'x': 'names'"),
    ('[[class]]\nid = "x"\nname = "X"\ncaution = "yes"\nnames = ["a"]\n', "class 'x': 'caution'"),
    ('[[class]]\nid = "x"\nname = "X"\ncaution = true\nnames = ["a"]\ncolour = 1\n',
     "class 'x': unknown key(s): colour"),
    ('[[class]]\nid = "x"\nname = "X"\ncaution = true\nexact = ["a * b"]\n', "class 'x': exact entry"),
    ('[[class]]\nid = "x"\nname = "X"\ncaution = true\nnames = ["a"]\n'
     '[[class]]\nid = "x"\nname = "Y"\ncaution = true\nnames = ["b"]\n', "class 'x': the id is used twice"),
    ('[[class]]\nname = "X"\ncaution = true\nnames = ["a"]\n', "class #1: 'id'"),
    ('[[class]\nid = "x"', "not valid TOML"),
])
def test_bad_ingredient_files_fail_naming_the_entry(tmp_path, text, message):
    path = tmp_path / "ingredients.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_classes(path)
    assert message in str(info.value)
