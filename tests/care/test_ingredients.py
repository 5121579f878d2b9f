"""Ingredient labels as printed on real products, matched to ingredient classes."""
from __future__ import annotations

import pytest

from journal.care.ingredients import (
    IngredientMatch, KnowledgeError, caution_classes, flag_summary, ingredient_classes,
    load_classes, match_ingredients,
)
from tests.care.real_labels import REAL_LABELS

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
    # "Vitamin C" as the whole label (a patient typing what the bottle says) or high on a list;
    # far down, after the preservative, it protects the formula like ascorbic acid: not counted
    ("Vitamin C", {"vitamin_c": ["Vitamin C"]}),
    ("Vitamin C 20%, Aqua, Glycerin", {"vitamin_c": ["Vitamin C"]}),
    ("Aqua, Squalane, Cetearyl Alcohol, Dimethicone, Phenoxyethanol, Tocopherol, Vitamin C", {}),
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
    ("Mica, Myristyl Myristate, D&C Red No. 27 (CI 45410), Acetylated Lanolin Alcohol",
     {"comedogenic": ["Myristyl Myristate", "D&C Red No. 27 (CI 45410)",
                      "Acetylated Lanolin Alcohol"]}),
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
    ("Paraffinum Liquidum, Cera Alba, BHA, BHT", {}),  # BHA here is butylated hydroxyanisole
    ("Aqua, Salicylic Acid (BHA) 2%, Glycerin", {"bha": ["Salicylic Acid (BHA)"]}),
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
    # keys that came later: the label context and the sources
    ('[[class]]\nid = "x"\nname = "X"\ncaution = true\nnames = ["a"]\npart_of = "y"\n',
     "class 'x': part_of 'y' is not a class defined above it"),
    ('[[class]]\nid = "x"\nname = "X"\ncaution = true\nnames = ["a"]\nskip_in_soap = 1\n',
     "class 'x': 'skip_in_soap' must be true or false"),
    ('[[class]]\nid = "x"\nname = "X"\ncaution = true\nnames = ["a"]\nnot = ["* b"]\n',
     "class 'x': not entry '* b' is not a usable name"),
    ('[context]\nsoap_words = ["a * b"]\n[[class]]\nid = "x"\nname = "X"\ncaution = true\n'
     'names = ["a"]\n', "[context]: soap_words entry 'a * b' cannot use '*'"),
    ('[context]\ncolour = []\n[[class]]\nid = "x"\nname = "X"\ncaution = true\nnames = ["a"]\n',
     "[context]: unknown key(s): colour"),
    ('[sources]\nlower = "x"\n[[class]]\nid = "x"\nname = "X"\ncaution = true\nnames = ["a"]\n',
     "[sources] 'lower' must be an upper-case id"),
])
def test_bad_ingredient_files_fail_naming_the_entry(tmp_path, text, message):
    path = tmp_path / "ingredients.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_classes(path)
    assert message in str(info.value)


# -- real labels ----------------------------------------------------------------------------
# The labels and what each should be flagged for: tests/care/real_labels.py.
@pytest.mark.parametrize("label", REAL_LABELS, ids=[label.product for label in REAL_LABELS])
def test_real_labels(label):
    found: dict[str, list[str]] = {}
    for match in match_ingredients(label.text):
        if match.class_id != "soothing":
            found.setdefault(match.class_id, []).append(match.ingredient)
    assert found == label.expected


def test_at_least_a_hundred_real_labels_with_negatives():
    labels = LABELS + [(label.text, label.expected) for label in REAL_LABELS]
    assert len(labels) >= 100
    assert sum(1 for _, expected in labels if not expected) >= 25
    assert len({label.product for label in REAL_LABELS}) == len(REAL_LABELS)


# -- the rules for a label as a whole, one at a time ---------------------------------------
def classes_of(label: str) -> set[str]:
    return {m.class_id for m in match_ingredients(label)} - {"soothing"}


@pytest.mark.parametrize("label, expected", [
    # a weak acid counts as a main ingredient ...
    ("Aqua, Glycerin, Citric Acid, Sodium Citrate", {"aha"}),              # 3rd, nothing before
    ("Aqua, Glycerin, Butylene Glycol, Propanediol, Lactic Acid", {"aha"}),  # 5th
    ("Aqua, Glycerin, Butylene Glycol, Propanediol, Squalane, Lactic Acid 5%", {"aha"}),
    # ... but not 6th, after a preservative or perfume, marked as a pH adjuster, or inactive
    ("Aqua, Glycerin, Butylene Glycol, Propanediol, Squalane, Lactic Acid", set()),
    ("Aqua, Sodium Laureth Sulfate, Phenoxyethanol, Citric Acid", set()),
    ("Aqua, Sodium Benzoate, Lactic Acid", set()),
    ("Aqua, Glycerin, Parfum, Tartaric Acid", {"fragrance"}),
    ("Aqua, Glycerin, Citric Acid (to adjust pH)", set()),
    ("Active ingredient: Zinc Oxide 20%. Inactive ingredients: Water, Citric Acid", set()),
    # names that are exfoliants wherever they are
    ("Aqua, Glycerin, Squalane, Butylene Glycol, Phenoxyethanol, Glycolic Acid", {"aha"}),
    ("Aqua, Glycerin, Squalane, Butylene Glycol, Phenoxyethanol, Ammonium Lactate", {"aha"}),
])
def test_weak_names_count_only_as_a_main_ingredient(label, expected):
    assert classes_of(label) == expected


@pytest.mark.parametrize("label, expected", [
    ("Aqua, Glycerin, Benzyl Alcohol, Dehydroacetic Acid", set()),
    ("Aqua, Glycerin, Benzyl Alcohol, Parfum", {"fragrance"}),
    ("Aqua, Benzyl Alcohol, Limonene", {"fragrance"}),
    ("Aqua, Benzyl Alcohol, Lavandula Angustifolia Oil", {"fragrance"}),
])
def test_benzyl_alcohol_is_perfume_only_beside_other_perfume(label, expected):
    assert classes_of(label) == expected
    assert ("Benzyl Alcohol" in flag_summary(label)) == bool(expected)


@pytest.mark.parametrize("label, soap", [
    ("Water, Organic Coconut Oil, Potassium Hydroxide, Organic Olive Oil", True),
    ("Saponified Organic Coconut Oil, Water", True),
    ("Sodium Cocoate, Aqua, Cocos Nucifera Oil", True),
    ("Cocos Nucifera Oil, Aqua, Glycerin, Cetyl Alcohol, Carbomer, Sodium Hydroxide", False),
    ("Aqua, Potassium Hydroxide, Cocos Nucifera Oil", False),  # lye before any oil: no soap
])
def test_the_oils_of_a_soap_are_not_pore_clogging(label, soap):
    assert ("comedogenic" in classes_of(label)) != soap


def test_a_prescription_retinoid_is_also_a_retinoid_and_is_named_once():
    label = "Tretinoin 0.025%, Retinol, Parfum"
    assert [(m.class_id, m.ingredient) for m in match_ingredients(label)] == [
        ("retinoid", "Tretinoin"), ("retinoid_rx", "Tretinoin"), ("retinoid", "Retinol"),
        ("fragrance", "Parfum")]
    assert caution_classes(label) == {"retinoid", "retinoid_rx", "fragrance"}
    assert flag_summary(label) == ("retinoid (Retinol); prescription retinoid (Tretinoin); "
                                   "fragrance (Parfum)")
    assert caution_classes("Aqua, Retinol, Retinyl Palmitate") == {"retinoid"}
    assert ingredient_classes()["retinoid_rx"].part_of == "retinoid"


def test_lanolin_is_matched_but_not_flagged():
    matches = match_ingredients("Petrolatum, Mineral Oil, Ceresin, Lanolin Alcohol, Panthenol")
    assert [(m.class_id, m.caution) for m in matches if m.class_id != "soothing"] == [
        ("lanolin", False)]
    assert flag_summary("Petrolatum, Lanolin") == ""


@pytest.mark.parametrize("label", [
    "Aqua, Glycerin. Fragrance-free", "Alcohol-free, Aqua, Glycerin", "Retinol free formula",
    "Free from parabens, fragrance and alcohol", "Contains no alcohol, parfum or retinol.",
    "No Parfum • No Alcohol", "0% Alcohol, 0% Parfum", "Without fragrance. Aqua",
])
def test_claims_are_not_ingredients(label):
    assert caution_classes(label) == set()


@pytest.mark.parametrize("label", [
    "Glycerol, Aqua", "White Soft Paraffin", "Liquid Paraffin, Aqua", "Paraffinum Liquidum, Aqua",
    "Aqua, Glycerine", "Yellow Soft Paraffin", "Petroleum Jelly", "Dexpanthenol 5%",
])
def test_uk_and_eu_names_of_barrier_ingredients(label):
    matches = match_ingredients(label)
    assert matches and {m.class_id for m in matches} == {"soothing"}


def test_every_class_cites_known_sources_and_caution_classes_say_when():
    from journal.care.ingredients import ingredient_sources
    from journal.care.rules import rulebook

    known = set(rulebook().sources) | set(ingredient_sources())
    for klass in ingredient_classes().values():
        assert klass.sources and set(klass.sources) <= known, klass.id
        assert klass.note, klass.id
        if klass.caution:
            assert klass.timing, klass.id
    # the ingredient-only references are not already in tips.toml under another id
    assert not set(ingredient_sources()) & set(rulebook().sources)


def test_the_rules_and_trends_know_the_new_classes():
    from journal.care.rules import rulebook
    from journal.trends import caution_label, ordered_caution_classes

    rulebook()  # checks that every class a rule names exists
    assert caution_label("retinoid_rx") == "prescription retinoid"
    assert ordered_caution_classes({"retinoid_rx", "fragrance", "retinoid"}) == [
        "retinoid", "retinoid_rx", "fragrance"]


def test_matching_150_labels_stays_fast():
    import time

    from journal.care import ingredients, labels as label_splitting

    labels = [f"{REAL_LABELS[i % len(REAL_LABELS)].text}, Aqua {i}" for i in range(150)]
    ingredients._match_cached.cache_clear()
    label_splitting._items.cache_clear()
    start = time.process_time()
    for label in labels:
        caution_classes(label)
    # about 0.03 s on a quiet machine; the margin is for a busy one (2.1 s before matching
    # by word runs)
    assert time.process_time() - start < 0.5


def test_grouped_flags_name_each_ingredient_once_under_its_narrowest_class():
    from journal.care.ingredients import grouped_flags

    assert [(klass.id, names) for klass, names in grouped_flags("Adapalene 0.1%, Parfum")] == [
        ("retinoid_rx", ["Adapalene"]), ("fragrance", ["Parfum"])]
    assert [(klass.id, names) for klass, names in
            grouped_flags("Aqua, Glycerin, Lanolin", include_soothing=True)] == [
        ("soothing", ["Glycerin"]), ("lanolin", ["Lanolin"])]
    assert grouped_flags("Aqua, Glycerin") == []


@pytest.mark.parametrize("label, expected", [
    # a list pasted under the directions is still read ...
    ("Directions: apply a thin layer at night.\nAqua, Glycerin, Squalane, Retinol, Tocopherol",
     {"retinoid"}),
    # ... but the directions and warnings themselves are not ingredients
    ("Active ingredient: Benzoyl Peroxide 2.5%\nWarnings: Do not use if you are sensitive to "
     "benzoyl peroxide, resorcinol, salicylic acid or sulfur\nKeep away from eyes, lips, "
     "nostrils, mouth, and mucous membranes\nInactive ingredients: Water, Carbomer",
     {"benzoyl_peroxide"}),
    ("Uses: helps prevent infection in minor cuts, scrapes and burns. Inactive ingredients: "
     "white petrolatum", set()),
])
def test_skipped_sections_keep_a_list_pasted_below_them(label, expected):
    assert classes_of(label) == expected


def test_soap_named_as_an_ingredient_is_not_a_pore_clogging_oil():
    assert classes_of("Aqua, Potassium Coconut Oil Soap, Glycerin") == set()
