"""Ingredient labels as printed on real products, matched to ingredient classes."""
from __future__ import annotations

from typing import NamedTuple

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


# -- real labels ----------------------------------------------------------------------------
# Full ingredient lists as printed on (or copied from the leaflet of) real products, including
# US drug facts panels and UK patient leaflets. Expected: every class except "soothing" (which
# nearly every label has; see test_uk_and_eu_names_of_barrier_ingredients), with the
# ingredient names as they should be reported. {} = nothing to flag.
class Label(NamedTuple):
    product: str
    text: str
    expected: dict[str, list[str]]


NO_FLAGS: dict[str, list[str]] = {}
DR_BRONNER_FOOTNOTES = ("*Certified Fair Trade Organic Ingredients **None remains after "
                        "saponifying oils into soap and glycerin")

REAL_LABELS = [
    # --- moisturisers and cleansers that should stay quiet -------------------------------
    Label("CeraVe Moisturising Cream",
          "Aqua / Water, Glycerin, Cetearyl Alcohol, Caprylic/Capric Triglyceride, Cetyl Alcohol, "
          "Ceteareth-20, Petrolatum, Potassium Phosphate, Ceramide NP, Ceramide AP, Ceramide EOP, "
          "Carbomer, Dimethicone, Behentrimonium Methosulfate, Sodium Lauroyl Lactylate, Sodium "
          "Hyaluronate, Cholesterol, Phenoxyethanol, Disodium EDTA, Dipotassium Phosphate, "
          "Tocopherol, Phytosphingosine, Xanthan Gum, Ethylhexylglycerin", NO_FLAGS),
    Label("CeraVe Hydrating Cleanser",
          "Aqua / Water, Glycerin, Cetearyl Alcohol, PEG-40 Stearate, Stearyl Alcohol, Potassium "
          "Phosphate, Ceramide NP, Ceramide AP, Ceramide EOP, Carbomer, Glyceryl Stearate, "
          "Behentrimonium Methosulfate, Sodium Lauroyl Lactylate, Sodium Hyaluronate, Cholesterol, "
          "Phenoxyethanol, Disodium EDTA, Dipotassium Phosphate, Phytosphingosine, Xanthan Gum, "
          "Ethylhexylglycerin", NO_FLAGS),
    Label("CeraVe Healing Ointment (drug facts)",
          "Active ingredient: Petrolatum 46.5% Purpose: Skin protectant. Inactive ingredients: "
          "Mineral Oil, Paraffin, Ceresin, Dimethicone, Panthenol, Ceramide NP, Ceramide AP, "
          "Ceramide EOP, Phytosphingosine, Cholesterol, Sodium Hyaluronate, Bisabolol, "
          "Tocopherol", NO_FLAGS),
    Label("La Roche-Posay Cicaplast Baume B5",
          "Aqua / Water, Hydrogenated Polyisobutene, Dimethicone, Glycerin, Butyrospermum Parkii "
          "Butter / Shea Butter, Panthenol, Butylene Glycol, Aluminum Starch Octenylsuccinate, "
          "Propanediol, Cetyl PEG/PPG-10/1 Dimethicone, Tristearin, Zinc Gluconate, Madecassoside, "
          "Manganese Gluconate, Magnesium Sulfate, Disodium EDTA, Copper Gluconate, Acetylated "
          "Glycol Stearate, Polyglyceryl-4 Isostearate, Sodium Benzoate, Phenoxyethanol, "
          "Chlorhexidine Digluconate, CI 77891 / Titanium Dioxide", NO_FLAGS),
    Label("La Roche-Posay Toleriane Double Repair",
          "Aqua / Water, Glycerin, Dimethicone, Hydrogenated Polyisobutene, Niacinamide, Ammonium "
          "Polyacryloyldimethyl Taurate, Cetyl Alcohol, Sodium Hydroxide, Caprylyl Glycol, "
          "Ceramide NP, Citric Acid, Glyceryl Stearate, Pentylene Glycol, PEG-100 Stearate, "
          "Potassium Cetyl Phosphate, Tocopherol, Xanthan Gum", NO_FLAGS),
    Label("The Ordinary Hyaluronic Acid 2% + B5",
          "Aqua (Water), Sodium Hyaluronate, Pentylene Glycol, Propanediol, Sodium Hyaluronate "
          "Crosspolymer, Panthenol, Ahnfeltiopsis Concinna Extract, Glycerin, Trisodium "
          "Ethylenediamine Disuccinate, Citric Acid, Isoceteth-20, Ethoxydiglycol, "
          "Ethylhexylglycerin, Hexylene Glycol, 1,2-Hexanediol, Phenoxyethanol, Caprylyl Glycol",
          NO_FLAGS),
    Label("The Ordinary Natural Moisturizing Factors + HA (sodium lactate, citric acid low)",
          "Aqua (Water), Caprylic/Capric Triglyceride, Cetyl Alcohol, Propanediol, Stearyl "
          "Alcohol, Glycerin, Sodium Hyaluronate, Arginine, Aspartic Acid, Glycine, Alanine, "
          "Serine, Valine, Isoleucine, Proline, Threonine, Histidine, Phenylalanine, Glucose, "
          "Maltose, Fructose, Trehalose, Sodium PCA, PCA, Sodium Lactate, Urea, Allantoin, "
          "Linoleic Acid, Oleic Acid, Phytosteryl Canola Glycerides, Palmitic Acid, Stearic Acid, "
          "Lecithin, Triolein, Tocopherol, Carbomer, Isoceteth-20, Polysorbate 60, Sodium "
          "Chloride, Citric Acid, Trisodium Ethylenediamine Disuccinate, Pentylene Glycol, "
          "Triethanolamine, Sodium Hydroxide, Phenoxyethanol, Chlorphenesin", NO_FLAGS),
    Label("Cetaphil Moisturising Cream (benzyl alcohol as the preservative)",
          "Aqua, Glycerin, Petrolatum, Dicaprylyl Ether, Dimethicone, Glyceryl Stearate, Cetyl "
          "Alcohol, Prunus Amygdalus Dulcis (Sweet Almond) Oil, PEG-30 Stearate, Tocopheryl "
          "Acetate, Acrylates/C10-30 Alkyl Acrylate Crosspolymer, Dimethiconol, Benzyl Alcohol, "
          "Phenoxyethanol, Glyceryl Acrylate/Acrylic Acid Copolymer, Propylene Glycol, Disodium "
          "EDTA, Sodium Hydroxide", NO_FLAGS),
    Label("Cetaphil Gentle Skin Cleanser (original)",
          "Water, Cetyl Alcohol, Propylene Glycol, Sodium Lauryl Sulfate, Stearyl Alcohol, "
          "Methylparaben, Propylparaben, Butylparaben", NO_FLAGS),
    Label("Vaseline Original Pure Petroleum Jelly", "White Petrolatum USP (100%)", NO_FLAGS),
    Label("Vaseline Intensive Care Advanced Repair",
          "Water, Glycerin, Stearic Acid, Glycol Stearate, Dimethicone, Petrolatum, Isopropyl "
          "Isostearate, Tapioca Starch, Stearamide AMP, Cetyl Alcohol, Magnesium Aluminum "
          "Silicate, Carbomer, Ethylhexylglycerin, Disodium EDTA, Phenoxyethanol, Methylparaben, "
          "Propylparaben", {"comedogenic": ["Isopropyl Isostearate"]}),
    Label("Garnier Micellar Cleansing Water",
          "Aqua / Water, Hexylene Glycol, Glycerin, Disodium Cocoamphodiacetate, Disodium EDTA, "
          "Poloxamer 184, Polyaminopropyl Biguanide", NO_FLAGS),
    Label("COSRX Advanced Snail 96 Mucin Power Essence",
          "Snail Secretion Filtrate, Betaine, Butylene Glycol, 1,2-Hexanediol, Sodium "
          "Polyacrylate, Phenoxyethanol, Sodium Hyaluronate, Allantoin, Ethyl Hexanediol, "
          "Carbomer, Panthenol, Arginine", NO_FLAGS),
    Label("Thayers Unscented Witch Hazel Toner (alcohol-free; citric acid after preservatives)",
          "Purified Water, Glycerin, Hamamelis Virginiana (Witch Hazel) Extract (Certified "
          "Organic), Aloe Barbadensis Leaf Juice (Certified Organic), Phenoxyethanol, Caprylyl "
          "Glycol, Citric Acid, Ethylhexylglycerin, Sodium Benzoate, Potassium Sorbate", NO_FLAGS),
    Label("The Ordinary 100% Organic Cold-Pressed Rose Hip Seed Oil (not rose oil)",
          "Rosa Canina Seed Oil", NO_FLAGS),
    Label("Trilogy Certified Organic Rosehip Oil",
          "Rosa Canina Fruit Oil*, Tocopherol. *Certified organic ingredient", NO_FLAGS),
    Label("Face oil with ascorbyl palmitate as the antioxidant",
          "Prunus Amygdalus Dulcis Oil, Simmondsia Chinensis Seed Oil, Persea Gratissima Oil, "
          "Rosa Canina Fruit Oil, Helianthus Annuus Seed Oil, Tocopherol, Ascorbyl Palmitate",
          NO_FLAGS),
    Label("Sunscreen with octisalate (a UV filter, not an exfoliant)",
          "Aqua, Homosalate, Ethylhexyl Salicylate, Butyl Methoxydibenzoylmethane, Octocrylene, "
          "Glycerin, Silica, Potassium Cetyl Phosphate, Phenoxyethanol, Tocopherol", NO_FLAGS),
    Label("Claims on the pack: fragrance-free, retinol-free, free from alcohol",
          "Fragrance-free. Retinol-free. Free from parabens, fragrance and alcohol. Ingredients: "
          "Aqua, Glycerin, Bakuchiol, Squalane, Sodium Hyaluronate, Phenoxyethanol", NO_FLAGS),
    Label("Claims as a list: 0% alcohol, no parfum, non-comedogenic",
          "0% Alcohol • No Parfum • Non-comedogenic\nIngredients: Aqua, Glycerin, Non-Nano Zinc "
          "Oxide 20%, Caprylic/Capric Triglyceride", NO_FLAGS),
    # --- retinoids ---------------------------------------------------------------------------
    Label("CeraVe Resurfacing Retinol Serum",
          "Aqua / Water, Glycerin, Propanediol, Dimethicone, Niacinamide, Dimethicone/Vinyl "
          "Dimethicone Crosspolymer, Ceramide NP, Ceramide AP, Ceramide EOP, Carbomer, "
          "Polysorbate 20, Triethanolamine, Sodium Lauroyl Lactylate, Sodium Hyaluronate, "
          "Cholesterol, Phenoxyethanol, Retinol, Glycyrrhiza Glabra Root Extract, Hydrolyzed "
          "Collagen, Tocopherol, Phytosphingosine, Xanthan Gum, Ethylhexylglycerin",
          {"retinoid": ["Retinol"]}),
    Label("The Ordinary Retinol 0.5% in Squalane",
          "Squalane, Caprylic/Capric Triglyceride, Retinol, Solanum Lycopersicum (Tomato) Fruit "
          "Extract, Simmondsia Chinensis (Jojoba) Seed Oil, BHT", {"retinoid": ["Retinol"]}),
    Label("The Ordinary Granactive Retinoid 2% Emulsion",
          "Aqua (Water), Dimethyl Isosorbide, Cetearyl Isononanoate, Caprylic/Capric "
          "Triglyceride, Squalane, Hydroxypinacolone Retinoate, Glycerin, Cetearyl Alcohol, "
          "Glyceryl Stearate, Phenoxyethanol, Chlorphenesin", {"retinoid": ["Hydroxypinacolone Retinoate"]}),
    Label("Paula's Choice Clinical 1% Retinol Treatment (annotated INCI)",
          "Water (Aqua), Caprylic/Capric Triglyceride (skin replenishing), Glycerin (hydration), "
          "Cetearyl Alcohol (texture enhancer), Dimethicone (hydration), Retinol (vitamin A/skin "
          "restoring), Ceramide NP (skin replenishing), Bakuchiol (antioxidant), Phenoxyethanol "
          "(preservative)", {"retinoid": ["Retinol (vitamin A/skin restoring)"]}),
    Label("Night cream with Vitamin A Palmitate",
          "Aqua, Glycerin, Cetearyl Alcohol, Vitamin A Palmitate, Tocopheryl Acetate, "
          "Phenoxyethanol", {"retinoid": ["Vitamin A Palmitate"]}),
    Label("Differin Gel (US drug facts, purpose column run in)",
          "Drug Facts\nActive ingredient Purpose\nAdapalene 0.1% ........ Retinoid acne "
          "treatment\nUses • for the treatment of acne\nWarnings For external use only\nDo not "
          "use • on damaged skin (cuts, abrasions, eczema, or sunburned skin)\nInactive "
          "ingredients carbomer 940, edetate disodium, methylparaben, poloxamer 182, propylene "
          "glycol, purified water, sodium hydroxide (may contain to adjust pH)",
          {"retinoid": ["Adapalene"], "retinoid_rx": ["Adapalene"]}),
    Label("Tretinoin cream 0.05% (UK leaflet)",
          "Tretinoin 0.05% w/w. Excipients: stearic acid, isopropyl myristate, polyoxyl 40 "
          "stearate, stearyl alcohol, xanthan gum, sorbic acid, butylated hydroxytoluene, "
          "purified water",
          {"retinoid": ["Tretinoin"], "retinoid_rx": ["Tretinoin"],
           "comedogenic": ["isopropyl myristate"]}),
    Label("Tazorac cream (ascorbic acid as an antioxidant, after the preservative)",
          "Active ingredient: Tazarotene 0.1%. Inactive ingredients: benzyl alcohol, carbomer "
          "934P, edetate disodium, hexylene glycol, poloxamer 407, polyethylene glycol 400, "
          "polysorbate 40, purified water, ascorbic acid, butylated hydroxytoluene, tromethamine",
          {"retinoid": ["Tazarotene"], "retinoid_rx": ["Tazarotene"]}),
    Label("Aklief cream (trifarotene)",
          "Trifarotene 50 micrograms/g. Excipients: allantoin, copolymer of acrylamide and sodium "
          "acryloyldimethyltaurate, cyclomethicone, ethanol, phenoxyethanol, propylene glycol, "
          "medium-chain triglycerides, purified water",
          {"retinoid": ["Trifarotene"], "retinoid_rx": ["Trifarotene"],
           "drying_alcohol": ["ethanol"]}),
    Label("Epiduo gel (adapalene and benzoyl peroxide)",
          "Adapalene 0.1% and benzoyl peroxide 2.5%. Other ingredients: docusate sodium, "
          "disodium edetate, glycerol, poloxamer, propylene glycol, simulgel 600, purified water",
          {"retinoid": ["Adapalene"], "retinoid_rx": ["Adapalene"],
           "benzoyl_peroxide": ["benzoyl peroxide"]}),
    Label("Retinoic acid named as such", "Aqua, Retinoic Acid 0.025%, Propylene Glycol",
          {"retinoid": ["Retinoic Acid"], "retinoid_rx": ["Retinoic Acid"]}),
    # --- acids ---------------------------------------------------------------------------------
    Label("The Ordinary Glycolic Acid 7% Toning Solution (rose flower water is not rose oil)",
          "Aqua (Water), Glycolic Acid, Rosa Damascena Flower Water, Centaurea Cyanus Flower "
          "Water, Aloe Barbadensis Leaf Water, Propanediol, Glycerin, Triethanolamine, "
          "Aminomethyl Propanol, Panax Ginseng Root Extract, Tasmannia Lanceolata Fruit/Leaf "
          "Extract, Glucose, Ethylhexylglycerin, Hexylene Glycol, Fructose, Polysorbate 20, "
          "Sucrose, Caprylyl Glycol, Phenoxyethanol", {"aha": ["Glycolic Acid"]}),
    Label("The Ordinary Lactic Acid 10% + HA",
          "Aqua (Water), Lactic Acid, Glycerin, Pentylene Glycol, Propanediol, Sodium Hydroxide, "
          "Sodium Hyaluronate Crosspolymer, Tasmannia Lanceolata Fruit/Leaf Extract, Acacia "
          "Senegal Gum, Xanthan Gum, Isoceteth-20, Trisodium Ethylenediamine Disuccinate, "
          "Ethylhexylglycerin, 1,2-Hexanediol, Caprylyl Glycol", {"aha": ["Lactic Acid"]}),
    Label("The Ordinary Mandelic Acid 10% + HA",
          "Aqua (Water), Mandelic Acid, Propanediol, Sodium Hydroxide, Sodium Hyaluronate "
          "Crosspolymer, Ethoxydiglycol, Tasmannia Lanceolata Fruit/Leaf Extract, "
          "Hydroxyethylcellulose, Ethylhexylglycerin, 1,2-Hexanediol, Caprylyl Glycol",
          {"aha": ["Mandelic Acid"]}),
    Label("The Ordinary AHA 30% + BHA 2% Peeling Solution",
          "Glycolic Acid, Aqua (Water), Aloe Barbadensis Leaf Water, Sodium Hydroxide, Daucus "
          "Carota Sativa Extract, Propanediol, Cocamidopropyl Dimethylamine, Salicylic Acid, "
          "Lactic Acid, Tartaric Acid, Citric Acid, Panthenol, Sodium Hyaluronate Crosspolymer, "
          "Tasmannia Lanceolata Fruit/Leaf Extract, Glycerin, Pentylene Glycol, Xanthan Gum, "
          "Polysorbate 20, Trisodium Ethylenediamine Disuccinate, Potassium Sorbate, Sodium "
          "Benzoate, 1,2-Hexanediol, Caprylyl Glycol",
          {"aha": ["Glycolic Acid"], "bha": ["Salicylic Acid"]}),
    Label("Paula's Choice Skin Perfecting 8% AHA Gel",
          "Water (Aqua), Glycolic Acid (exfoliant), Butylene Glycol (hydration), Ammonium "
          "Hydroxide (pH adjuster), Camellia Oleifera Leaf Extract (green tea/antioxidant), "
          "Chamomilla Recutita (Matricaria) Flower Extract (skin soothing), Hydroxyethylcellulose "
          "(texture enhancer), Sodium Benzoate (preservative)",
          {"aha": ["Glycolic Acid (exfoliant)"]}),
    Label("Pixi Glow Tonic",
          "Aqua/Water/Eau, Aloe Barbadensis Leaf Water, Glycolic Acid, Ammonium Glycolate, "
          "Butylene Glycol, Hexylene Glycol, Fragrance/Parfum, Polysorbate 20, Panthenol, "
          "Glycerin, Hamamelis Virginiana (Witch Hazel) Leaf Extract, Panax Ginseng Root "
          "Extract, Sodium Citrate, Phenoxyethanol",
          {"aha": ["Glycolic Acid", "Ammonium Glycolate"], "fragrance": ["Fragrance/Parfum"]}),
    Label("AmLactin Daily Moisturizing Lotion 12% (ammonium lactate is lactic acid)",
          "Water, Ammonium Lactate, Light Mineral Oil, Glyceryl Stearate, PEG-100 Stearate, "
          "Propylene Glycol, Magnesium Aluminum Silicate, Laureth-4, Cetyl Alcohol, "
          "Methylparaben, Propylparaben, Methylcellulose", {"aha": ["Ammonium Lactate"]}),
    Label("Ammonium lactate lotion 12% (leaflet wording)",
          "Each gram contains ammonium lactate equivalent to 12% lactic acid. Other ingredients: "
          "light mineral oil, glyceryl stearate, PEG-100 stearate, propylene glycol, glycerin, "
          "magnesium aluminium silicate, laureth-4, cetyl alcohol, methylparaben, propylparaben, "
          "methylcellulose, purified water",
          {"aha": ["ammonium lactate equivalent to lactic acid"]}),
    Label("CeraVe SA Renewing Cream",
          "Aqua / Water, Glycerin, Cetearyl Alcohol, Caprylic/Capric Triglyceride, Ceteareth-20, "
          "Urea, Salicylic Acid, Ammonium Lactate, Dimethicone, Niacinamide, Ceramide NP, "
          "Ceramide AP, Ceramide EOP, Sodium Hyaluronate, Cholesterol, Phenoxyethanol, "
          "Ethylhexylglycerin", {"aha": ["Ammonium Lactate"], "bha": ["Salicylic Acid"]}),
    Label("Lactobionic acid and gluconolactone (PHA) serum",
          "Aqua, Lactobionic Acid, Gluconolactone, Glycerin, Sodium Hydroxide, Phenoxyethanol",
          {"aha": ["Lactobionic Acid", "Gluconolactone"]}),
    Label("Eucerin UreaRepair Plus 10% Lotion (lactic acid low: a pH adjuster)",
          "Aqua, Urea, Glycerin, Hydrogenated Polydecene, Sodium Lactate, Cetearyl Alcohol, "
          "Glyceryl Glucoside, Ceramide NP, Arginine HCl, Lactic Acid, Carnitine, Sodium "
          "Chloride, Dimethicone, Phenoxyethanol", NO_FLAGS),
    Label("Face wash with lactic acid after the perfume, in the first five",
          "Aqua, Sodium Laureth Sulfate, Parfum, Lactic Acid, Sodium Lactate",
          {"fragrance": ["Parfum"]}),
    Label("Toner with citric acid marked as a pH adjuster",
          "Aqua, Glycerin, Citric Acid (pH adjuster), Sodium Citrate", NO_FLAGS),
    Label("Mineral sunscreen (drug facts; lactic acid among the inactive ingredients)",
          "Active Ingredient: Zinc Oxide 9.0%. Purpose: Sunscreen. Inactive Ingredients: Purified "
          "Water, Lactic Acid, Cyclopentasiloxane, Niacinamide, Octyldodecyl Neopentanoate, "
          "Hyaluronic Acid, Polyisobutyl Methacrylate, Isopropyl Palmitate, Phenoxyethanol, "
          "Butylene Glycol, Tocopheryl Acetate, Triethoxycaprylylsilane, Oleth-3 Phosphate, "
          "PEG-7 Trimethylolpropane Coconut Ether, Polyglyceryl-4 Isostearate, Hexyl Laurate",
          {"comedogenic": ["Isopropyl Palmitate"]}),
    Label("Paula's Choice Skin Perfecting 2% BHA Liquid Exfoliant",
          "Water (Aqua), Methylpropanediol (hydration), Butylene Glycol (hydration), Salicylic "
          "Acid (beta hydroxy acid/exfoliant), Polysorbate 20 (stabilizer), Camellia Oleifera "
          "Leaf Extract (green tea/skin calming/antioxidant), Sodium Hydroxide (pH balancer), "
          "Tetrasodium EDTA (stabilizer)",
          {"bha": ["Salicylic Acid (beta hydroxy acid/exfoliant)"]}),
    Label("The Ordinary Salicylic Acid 2% Solution",
          "Aqua (Water), Cocamidopropyl Dimethylamine, Salicylic Acid, Dimethyl Isosorbide, "
          "Polysorbate 20, Hydroxyethylcellulose, Sodium Hydroxide, Trisodium Ethylenediamine "
          "Disuccinate, Citric Acid, Ethylhexylglycerin, 1,2-Hexanediol, Caprylyl Glycol",
          {"bha": ["Salicylic Acid"]}),
    Label("CeraVe SA Smoothing Cleanser",
          "Aqua / Water, Sodium Lauroyl Sarcosinate, Cocamidopropyl Hydroxysultaine, Glycerin, "
          "Niacinamide, Gluconolactone, Sodium Methyl Cocoyl Taurate, Ceramide NP, Ceramide AP, "
          "Ceramide EOP, Carbomer, Calcium Gluconate, Salicylic Acid, Sodium Benzoate, Sodium "
          "Lauroyl Lactylate, Sodium Hyaluronate, Cholesterol, Phenoxyethanol, Disodium EDTA, "
          "Sodium Chloride, Zinc Gluconate, Phytosphingosine, Xanthan Gum, Ethylhexylglycerin",
          {"bha": ["Salicylic Acid"]}),
    Label("COSRX BHA Blackhead Power Liquid (willow bark water is the base)",
          "Salix Alba (Willow) Bark Water, Butylene Glycol, Betaine Salicylate, Niacinamide, "
          "1,2-Hexanediol, Arginine, Panthenol, Sodium Hyaluronate, Xanthan Gum, Ethyl Hexanediol",
          {"bha": ["Betaine Salicylate"]}),
    Label("Toner with sodium salicylate", "Aqua, Glycerin, Sodium Salicylate, Phenoxyethanol",
          {"bha": ["Sodium Salicylate"]}),
    Label("La Roche-Posay Effaclar Duo+ (LHA, isocetyl stearate, parfum)",
          "Aqua / Water, Glycerin, Dimethicone, Isocetyl Stearate, Niacinamide, Isopropyl "
          "Lauroyl Sarcosinate, Silica, Ammonium Polyacryloyldimethyl Taurate, Methyl "
          "Methacrylate Crosspolymer, Potassium Cetyl Phosphate, Zinc PCA, Sodium Hydroxide, "
          "Aluminum Starch Octenylsuccinate, Capryloyl Salicylic Acid, Piroctone Olamine, "
          "Mannose, Caprylyl Glycol, Sodium Dodecylbenzenesulfonate, Xanthan Gum, Tocopherol, "
          "Parfum / Fragrance",
          {"bha": ["Capryloyl Salicylic Acid"], "fragrance": ["Parfum / Fragrance"],
           "comedogenic": ["Isocetyl Stearate"]}),
    Label("Neutrogena Oil-Free Acne Wash (drug facts)",
          "Active Ingredient: Salicylic Acid 2%. Purpose: Acne Treatment. Inactive Ingredients: "
          "Water, Sodium C14-16 Olefin Sulfonate, Cocamidopropyl Betaine, Sodium Chloride, "
          "PEG-120 Methyl Glucose Dioleate, Polysorbate 20, Linoleamidopropyl PG-Dimonium "
          "Chloride Phosphate, Fragrance, Propylene Glycol, Disodium EDTA, Benzalkonium Chloride, "
          "Sodium Hydroxide, Aloe Barbadensis Leaf Extract, Chamomilla Recutita (Matricaria) "
          "Flower Extract, Anthemis Nobilis Flower Extract",
          {"bha": ["Salicylic Acid"], "fragrance": ["Fragrance"]}),
    Label("Drunk Elephant T.L.C. Framboos Glycolic Night Serum",
          "Water/Aqua/Eau, Glycolic Acid, Butylene Glycol, Glycerin, Sodium Hydroxide, Salicylic "
          "Acid, Lactic Acid, Citric Acid, Rubus Idaeus (Raspberry) Fruit Extract, Aloe "
          "Barbadensis Leaf Juice, Sodium Hyaluronate Crosspolymer, Xanthan Gum, Phenoxyethanol",
          {"aha": ["Glycolic Acid"], "bha": ["Salicylic Acid"]}),
    # --- benzoyl peroxide, azelaic acid, sulfur -------------------------------------------------
    Label("La Roche-Posay Effaclar Duo (US drug facts)",
          "Active ingredient: Benzoyl Peroxide 5.5%. Purpose: Acne treatment. Inactive "
          "ingredients: Water, Glycerin, Lauryl Glucoside, Carbomer, Sodium Hydroxide, "
          "Hydrogenated Polyisobutene, Xanthan Gum, Caprylyl Glycol, Disodium EDTA",
          {"benzoyl_peroxide": ["Benzoyl Peroxide"]}),
    Label("Acnecide 5% w/w gel (UK leaflet)",
          "The active substance is benzoyl peroxide 5% w/w (as hydrous benzoyl peroxide). The "
          "other ingredients are docusate sodium, disodium edetate, poloxamer 182, carbomer 940, "
          "propylene glycol, glycerol, sodium hydroxide and purified water",
          {"benzoyl_peroxide": ["benzoyl peroxide (as hydrous benzoyl peroxide)"]}),
    Label("The Ordinary Azelaic Acid Suspension 10%",
          "Aqua (Water), Isodecyl Neopentanoate, Dimethicone, Azelaic Acid, Dimethicone/Bis-"
          "Isobutyl PPG-20 Crosspolymer, Hydroxyethyl Acrylate/Sodium Acryloyldimethyl Taurate "
          "Copolymer, Polysilicone-11, Isohexadecane, Tocopheryl Acetate, Trideceth-6, "
          "Chondrus Crispus Extract, Isoceteth-20, Polysorbate 60, Triethanolamine, "
          "Ethylhexylglycerin, Phenoxyethanol, Chlorphenesin", {"acne_active": ["Azelaic Acid"]}),
    Label("Paula's Choice 10% Azelaic Acid Booster",
          "Water (Aqua), Azelaic Acid (skin tone evening), Dimethyl Isosorbide (penetration "
          "enhancer), Butylene Glycol (hydration), Salicylic Acid (exfoliant), Adenosine "
          "(skin restoring), Allantoin (skin soothing), Xanthan Gum, Phenoxyethanol",
          {"acne_active": ["Azelaic Acid (skin tone evening)"], "bha": ["Salicylic Acid (exfoliant)"]}),
    Label("Skinoren 20% cream (UK leaflet)",
          "The active substance is azelaic acid 20% w/w. The other ingredients are glyceryl "
          "stearate, cetearyl alcohol, cetyl palmitate, propylene glycol, glycerol, benzoic acid "
          "(E210) and purified water", {"acne_active": ["azelaic acid"]}),
    Label("De La Cruz 10% Sulfur Ointment (drug facts)",
          "Active ingredient: Sulfur 10% Purpose: Acne medication. Inactive ingredients: Mineral "
          "oil, Paraffin, Petrolatum, White wax", {"acne_active": ["Sulfur"]}),
    Label("Mario Badescu Drying Lotion",
          "Alcohol, Calamine, Sulfur, Salicylic Acid, Zinc Oxide, Camphor, Water",
          {"drying_alcohol": ["Alcohol"], "acne_active": ["Sulfur"], "bha": ["Salicylic Acid"]}),
    Label("Shower gel with sodium lauryl sulfate (sulfate is not sulfur)",
          "Aqua, Sodium Lauryl Sulfate, Cocamidopropyl Betaine, Sodium Chloride, Glycol "
          "Distearate, Sodium Benzoate, Citric Acid", NO_FLAGS),
    # --- vitamin C ------------------------------------------------------------------------------
    Label("The Ordinary Vitamin C Suspension 23% + HA Spheres 2% (coconut alkanes are no oil)",
          "Ascorbic Acid, Squalane, Isodecyl Neopentanoate, Isononyl Isononanoate, Coconut "
          "Alkanes, Ethylene/Propylene/Styrene Copolymer, Sodium Hyaluronate, Glucomannan, "
          "Coco-Caprylate/Caprate, Silica Dimethyl Silylate, Butylene/Ethylene/Styrene Copolymer, "
          "Trisodium Ethylenediamine Disuccinate, Tocopherol", {"vitamin_c": ["Ascorbic Acid"]}),
    Label("SkinCeuticals C E Ferulic",
          "Aqua / Water / Eau, Ethoxydiglycol, Ascorbic Acid, Glycerin, Propylene Glycol, "
          "Laureth-23, Phenoxyethanol, Tocopherol, Triethanolamine, Ferulic Acid, Panthenol, "
          "Sodium Hyaluronate", {"vitamin_c": ["Ascorbic Acid"]}),
    Label("The Ordinary Ascorbyl Glucoside Solution 12%",
          "Aqua (Water), Ascorbyl Glucoside, Propanediol, Sodium Hydroxide, Glycerin, Lecithin, "
          "Trisodium Ethylenediamine Disuccinate, Xanthan Gum, Ethylhexylglycerin, Phenoxyethanol",
          {"vitamin_c": ["Ascorbyl Glucoside"]}),
    Label("Sunday Riley C.E.O. style oil (THD ascorbate)",
          "Tetrahexyldecyl Ascorbate, Squalane, Caprylic/Capric Triglyceride, Tocopherol",
          {"vitamin_c": ["Tetrahexyldecyl Ascorbate"]}),
    # --- drying alcohol ---------------------------------------------------------------------
    Label("Clinique Clarifying Lotion 2 (backslash synonyms)",
          "Water\\Aqua\\Eau, Alcohol Denat., Hamamelis Virginiana (Witch Hazel) Water, Glycerin, "
          "Salicylic Acid, Sodium Hydroxide, Butylene Glycol, Trehalose, Sodium Hyaluronate, "
          "Benzalkonium Chloride",
          {"drying_alcohol": ["Alcohol Denat."], "bha": ["Salicylic Acid"]}),
    Label("Toner with Alc. Denat. (abbreviated)",
          "Aqua, Alc. Denat., Glycerin, Hamamelis Virginiana Water, Menthol",
          {"drying_alcohol": ["Alc. Denat."]}),
    Label("Astringent with SD Alcohol 40",
          "SD Alcohol 40, Water, Hamamelis Virginiana (Witch Hazel) Extract, Menthol, Fragrance",
          {"drying_alcohol": ["SD Alcohol 40"], "fragrance": ["Fragrance"]}),
    Label("Aftershave with SD Alcohol 40-B and S.D. Alcohol 39-C",
          "SD Alcohol 40-B, Aqua, S.D. Alcohol 39-C, Glycerin, Parfum",
          {"drying_alcohol": ["SD Alcohol 40-B", "S.D. Alcohol 39-C"], "fragrance": ["Parfum"]}),
    Label("Dickinson's Original Witch Hazel (US)",
          "Hamamelis Virginiana (Witch Hazel) Water, Alcohol 14%", {"drying_alcohol": ["Alcohol"]}),
    Label("Witch hazel distillate (leaflet wording)",
          "Active ingredient: Witch Hazel 100% (Hamamelis virginiana distillate, contains 14% "
          "alcohol). Purpose: Astringent",
          {"drying_alcohol": ["Witch Hazel (Hamamelis virginiana distillate, contains alcohol)"]}),
    Label("Hand sanitiser gel", "Alcohol 70% v/v, Aqua, Glycerin, Carbomer, Aminomethyl Propanol",
          {"drying_alcohol": ["Alcohol"]}),
    Label("Alcohol swabs", "Isopropyl Alcohol 70%, Purified Water",
          {"drying_alcohol": ["Isopropyl Alcohol"]}),
    Label("The Body Shop Tea Tree Skin Clearing Toner",
          "Aqua, Alcohol Denat., Glycerin, PEG-40 Hydrogenated Castor Oil, Melaleuca Alternifolia "
          "Leaf Oil, Salicylic Acid, Sodium Hydroxide, Limonene, Disodium EDTA, Calophyllum "
          "Inophyllum Seed Oil, Leptospermum Petersonii Oil, Benzalkonium Chloride",
          {"drying_alcohol": ["Alcohol Denat."], "bha": ["Salicylic Acid"],
           "fragrance": ["Melaleuca Alternifolia Leaf Oil", "Limonene"]}),
    Label("Fatty alcohols only (cetyl, stearyl, cetearyl, behenyl, myristyl)",
          "Aqua, Cetyl Alcohol, Stearyl Alcohol, Cetearyl Alcohol, Behenyl Alcohol, Myristyl "
          "Alcohol, Isostearyl Alcohol, Glycerin", NO_FLAGS),
    # --- fragrance and essential oils ---------------------------------------------------------
    Label("Thayers Rose Petal Witch Hazel Toner",
          "Purified Water, Glycerin, Hamamelis Virginiana (Witch Hazel) Extract (Certified "
          "Organic), Aloe Barbadensis Leaf Juice (Certified Organic), Phenoxyethanol, Caprylyl "
          "Glycol, Citric Acid, Fragrance, Rosa Centifolia Flower Water, Ethylhexylglycerin, "
          "Sodium Benzoate, Potassium Sorbate", {"fragrance": ["Fragrance"]}),
    Label("La Roche-Posay Effaclar Purifying Foaming Gel",
          "Aqua / Water, Sodium Laureth Sulfate, PEG-8, Coco-Betaine, Hexylene Glycol, Sodium "
          "Chloride, PEG-120 Methyl Glucose Dioleate, Zinc PCA, Sodium Hydroxide, Citric Acid, "
          "Sodium Benzoate, Phenoxyethanol, Parfum / Fragrance",
          {"fragrance": ["Parfum / Fragrance"]}),
    Label("Neutrogena Hydro Boost Water Gel",
          "Aqua, Dimethicone, Glycerin, Dimethicone/Vinyl Dimethicone Crosspolymer, "
          "Phenoxyethanol, Polyacrylamide, Cetearyl Olivate, Sorbitan Olivate, C13-14 "
          "Isoparaffin, Dimethiconol, Sodium Hyaluronate, Ethylhexylglycerin, Laureth-7, "
          "Carbomer, Chlorphenesin, Sodium Hydroxide, CI 42090, Parfum", {"fragrance": ["Parfum"]}),
    Label("Body lotion with parfum and benzyl alcohol (here a sign of perfume)",
          "Aqua, Glycerin, Paraffinum Liquidum, Cetearyl Alcohol, Parfum, Benzyl Alcohol, "
          "Linalool", {"fragrance": ["Parfum", "Benzyl Alcohol", "Linalool"]}),
    Label("Tisserand Lavender Essential Oil",
          "Lavandula Angustifolia (Lavender) Oil, Linalool, Limonene, Geraniol, Coumarin",
          {"fragrance": ["Lavandula Angustifolia (Lavender) Oil", "Linalool", "Limonene",
                         "Geraniol", "Coumarin"]}),
    Label("Lavandin essential oil (two label forms)", "Lavandula Hybrida Oil, Lavandin Grosso Oil",
          {"fragrance": ["Lavandula Hybrida Oil", "Lavandin Grosso Oil"]}),
    Label("Lavender pillow balm (lavender extract)",
          "Butyrospermum Parkii Butter, Lavender Extract, Lavandula Angustifolia Flower Extract, "
          "Tocopherol", {"fragrance": ["Lavender Extract", "Lavandula Angustifolia Flower Extract"]}),
    Label("Thursday Plantation 100% Tea Tree Oil",
          "Melaleuca Alternifolia (Tea Tree) Leaf Oil",
          {"fragrance": ["Melaleuca Alternifolia (Tea Tree) Leaf Oil"]}),
    Label("Pharmacy tea tree oil (common name)", "100% Pure Tea Tree Essential Oil",
          {"fragrance": ["Pure Tea Tree Essential Oil"]}),
    Label("Rose facial oil", "Simmondsia Chinensis Seed Oil, Rosa Damascena Flower Oil, Rose Oil",
          {"fragrance": ["Rosa Damascena Flower Oil", "Rose Oil"]}),
    Label("Eucalyptus balm",
          "Petrolatum, Eucalyptus Globulus Leaf Oil, Cera Alba, Menthol, Camphor",
          {"fragrance": ["Eucalyptus Globulus Leaf Oil"]}),
    Label("Peppermint foot cream",
          "Aqua, Urea, Glycerin, Cetearyl Alcohol, Mentha Piperita Oil, Menthol, Phenoxyethanol",
          {"fragrance": ["Mentha Piperita Oil"]}),
    Label("Orange body oil",
          "Prunus Amygdalus Dulcis Oil, Citrus Aurantium Dulcis Peel Oil, Citrus Limon Peel Oil, "
          "Limonene, Citral", {"fragrance": ["Citrus Aurantium Dulcis Peel Oil",
                                             "Citrus Limon Peel Oil", "Limonene", "Citral"]}),
    Label("Grapefruit seed oil is a plain oil", "Citrus Paradisi Seed Oil, Tocopherol", NO_FLAGS),
    Label("Bio-Oil Skincare Oil",
          "Paraffinum Liquidum, Triisononanoin, Cetearyl Ethylhexanoate, Isopropyl Myristate, "
          "Retinyl Palmitate, Helianthus Annuus Seed Oil, Tocopheryl Acetate, Anthemis Nobilis "
          "Flower Oil, Lavandula Angustifolia Oil, Rosmarinus Officinalis Oil, Calendula "
          "Officinalis Extract, Glycine Soja Oil, BHT, Bisabolol, Parfum, Benzyl Salicylate, "
          "Butylphenyl Methylpropional, Citronellol, Coumarin, Eugenol, Farnesol, Geraniol, "
          "Hydroxycitronellal, Hydroxyisohexyl 3-Cyclohexene Carboxaldehyde, Alpha-Isomethyl "
          "Ionone, Limonene, Linalool, CI 26100",
          {"retinoid": ["Retinyl Palmitate"], "comedogenic": ["Isopropyl Myristate"],
           "fragrance": ["Anthemis Nobilis Flower Oil", "Lavandula Angustifolia Oil",
                         "Rosmarinus Officinalis Oil", "Parfum", "Benzyl Salicylate",
                         "Butylphenyl Methylpropional", "Citronellol", "Coumarin", "Eugenol",
                         "Farnesol", "Geraniol", "Hydroxycitronellal",
                         "Hydroxyisohexyl 3-Cyclohexene Carboxaldehyde",
                         "Alpha-Isomethyl Ionone", "Limonene", "Linalool"]}),
    Label("Nivea Creme",
          "Aqua, Paraffinum Liquidum, Cera Microcristallina, Glycerin, Lanolin Alcohol (Eucerit), "
          "Paraffin, Panthenol, Magnesium Sulfate, Decyl Oleate, Octyldodecanol, Aluminum "
          "Stearates, Citric Acid, Magnesium Stearate, Parfum, Limonene, Geraniol, "
          "Hydroxycitronellal, Linalool, Citronellol, Benzyl Benzoate, Cinnamyl Alcohol",
          {"lanolin": ["Lanolin Alcohol (Eucerit)"], "comedogenic": ["Decyl Oleate"],
           "fragrance": ["Parfum", "Limonene", "Geraniol", "Hydroxycitronellal", "Linalool",
                         "Citronellol", "Benzyl Benzoate", "Cinnamyl Alcohol"]}),
    Label("Burt's Bees Beeswax Lip Balm",
          "Beeswax, Cocos Nucifera (Coconut) Oil, Helianthus Annuus (Sunflower) Seed Oil, Mentha "
          "Piperita (Peppermint) Oil, Lanolin, Tocopherol, Rosmarinus Officinalis (Rosemary) Leaf "
          "Extract, Glycine Soja (Soybean) Oil, Canola Oil, Limonene, Linalool",
          {"comedogenic": ["Cocos Nucifera (Coconut) Oil"], "lanolin": ["Lanolin"],
           "fragrance": ["Mentha Piperita (Peppermint) Oil", "Limonene", "Linalool"]}),
    Label("Carmex Classic Lip Balm (drug facts)",
          "Active ingredients: Camphor 1.7%, Menthol 0.7%, Phenol 0.4%. Purpose: External "
          "analgesic. Inactive ingredients: Petrolatum, Lanolin, Cetyl Esters, Paraffin, "
          "Theobroma Cacao (Cocoa) Seed Butter, Flavor, Salicylic Acid, Vanillin",
          {"lanolin": ["Lanolin"], "comedogenic": ["Theobroma Cacao (Cocoa) Seed Butter"],
           "fragrance": ["Flavor"], "bha": ["Salicylic Acid"]}),
    # --- soaps: their oils are saponified, their essential oils are not ------------------------
    Label("Dr. Bronner's Peppermint Pure-Castile Liquid Soap",
          "Water, Organic Coconut Oil*, Potassium Hydroxide**, Organic Olive Oil*, Mentha "
          "Arvensis, Mentha Piperita, Organic Hemp Oil, Organic Jojoba Oil, Citric Acid, "
          f"Tocopherol. {DR_BRONNER_FOOTNOTES}",
          {"fragrance": ["Mentha Arvensis", "Mentha Piperita"]}),
    Label("Dr. Bronner's Unscented Baby Pure-Castile Liquid Soap",
          "Water, Organic Coconut Oil*, Potassium Hydroxide**, Organic Olive Oil*, Organic Hemp "
          f"Oil, Organic Jojoba Oil, Citric Acid, Tocopherol. {DR_BRONNER_FOOTNOTES}", NO_FLAGS),
    Label("Dr. Bronner's Tea Tree soap (footnotes not copied)",
          "Water, Organic Coconut Oil*, Potassium Hydroxide**, Organic Olive Oil*, Organic Hemp "
          "Oil, Organic Jojoba Oil, Melaleuca Alternifolia (Tea Tree) Leaf Oil, Citric Acid, "
          "Tocopherol", {"fragrance": ["Melaleuca Alternifolia (Tea Tree) Leaf Oil"]}),
    Label("Dr. Bronner's Citrus castile soap",
          "Water, Organic Coconut Oil, Potassium Hydroxide, Organic Olive Oil, Organic Hemp Oil, "
          "Organic Jojoba Oil, Citrus Aurantium Dulcis (Orange) Peel Oil, Citrus Limon (Lemon) "
          "Peel Oil, Citrus Aurantifolia (Lime) Oil, Citric Acid, Tocopherol",
          {"fragrance": ["Citrus Aurantium Dulcis (Orange) Peel Oil",
                         "Citrus Limon (Lemon) Peel Oil", "Citrus Aurantifolia (Lime) Oil"]}),
    Label("Dr. Bronner's Lavender Pure-Castile Bar Soap",
          "Saponified Organic Coconut*, Organic Palm Kernel* and Organic Olive* Oils (w/ Retained "
          "Glycerin), Organic Lavandin Extract, Lavender Extract, Organic Hemp Oil, Organic Jojoba "
          "Oil, Citric Acid, Salt, Tocopherol. *Certified Fair Trade Ingredients",
          {"fragrance": ["Organic Lavandin Extract", "Lavender Extract"]}),
    Label("Handmade soap in INCI (soap salts, superfatted with coconut oil)",
          "Sodium Olivate, Sodium Cocoate, Aqua, Sodium Shea Butterate, Glycerin, Cocos Nucifera "
          "(Coconut) Oil, Lavandula Angustifolia (Lavender) Oil, Linalool",
          {"fragrance": ["Lavandula Angustifolia (Lavender) Oil", "Linalool"]}),
    Label("Liquid soap with potassium cocoate", "Aqua, Potassium Cocoate, Potassium Olivate, "
          "Glycerin, Cocos Nucifera Oil, Citric Acid", NO_FLAGS),
    Label("Bar soap (sodium palmate, parfum)",
          "Sodium Palmate, Sodium Cocoate, Aqua, Glycerin, Sodium Chloride, Parfum, Tetrasodium "
          "EDTA, Etidronic Acid, CI 77891", {"fragrance": ["Parfum"]}),
    Label("Cream with coconut oil and sodium hydroxide low down (not a soap)",
          "Aqua, Cocos Nucifera (Coconut) Oil, Glycerin, Cetearyl Alcohol, Glyceryl Stearate, "
          "Sodium Stearoyl Glutamate, Carbomer, Sodium Hydroxide, Phenoxyethanol",
          {"comedogenic": ["Cocos Nucifera (Coconut) Oil"]}),
    # --- pore-clogging oils and esters ----------------------------------------------------------
    Label("Palmer's Cocoa Butter Formula",
          "Water, Theobroma Cacao (Cocoa) Seed Butter, Glyceryl Stearate, Mineral Oil, Cetyl "
          "Alcohol, Isopropyl Myristate, Dimethicone, Fragrance, Methylparaben, Propylparaben",
          {"comedogenic": ["Theobroma Cacao (Cocoa) Seed Butter", "Isopropyl Myristate"],
           "fragrance": ["Fragrance"]}),
    Label("Organic virgin coconut oil", "Cocos Nucifera (Coconut) Oil*. *Organic",
          {"comedogenic": ["Cocos Nucifera (Coconut) Oil"]}),
    Label("Aveeno Daily Moisturizing Lotion (drug facts; benzyl alcohol alone)",
          "Active ingredient: Dimethicone 1.2%. Purpose: Skin protectant. Inactive ingredients: "
          "Water, Glycerin, Distearyldimonium Chloride, Petrolatum, Isopropyl Palmitate, Cetyl "
          "Alcohol, Avena Sativa (Oat) Kernel Flour, Benzyl Alcohol, Sodium Chloride",
          {"comedogenic": ["Isopropyl Palmitate"]}),
    Label("Kiehl's Ultra Facial Cream (apricot kernel oil is no scrub)",
          "Aqua / Water, Glycerin, Cyclohexasiloxane, Squalane, Bis-PEG-18 Methyl Ether Dimethyl "
          "Silane, Sucrose Stearate, Stearyl Alcohol, PEG-8 Stearate, Myristyl Myristate, Urea, "
          "Prunus Armeniaca Kernel Oil / Apricot Kernel Oil, Glyceryl Stearate, Phenoxyethanol",
          {"comedogenic": ["Myristyl Myristate"]}),
    Label("Simple Kind to Skin Hydrating Light Moisturiser",
          "Aqua, Isopropyl Palmitate, Glycerin, Cetearyl Alcohol, Paraffinum Liquidum, Stearic "
          "Acid, Dimethicone, Panthenol, Allantoin, Phenoxyethanol",
          {"comedogenic": ["Isopropyl Palmitate"]}),
    Label("Wheat germ oil", "Triticum Vulgare (Wheat) Germ Oil",
          {"comedogenic": ["Triticum Vulgare (Wheat) Germ Oil"]}),
    Label("Lipstick with a shade range (+/-)",
          "Ricinus Communis Seed Oil, Cera Alba, Myristyl Lactate, Acetylated Lanolin Alcohol, "
          "Tocopherol [+/- CI 77491, CI 77891, D&C Red No. 7 Calcium Lake (CI 15850)]",
          {"comedogenic": ["Myristyl Lactate", "Acetylated Lanolin Alcohol",
                           "D&C Red No. 7 Calcium Lake (CI 15850)"],
           "lanolin": ["Acetylated Lanolin Alcohol"]}),
    # --- scrubs ---------------------------------------------------------------------------------
    Label("St. Ives Fresh Skin Apricot Scrub",
          "Water, Juglans Regia (Walnut) Shell Powder, Glyceryl Stearate, Propylene Glycol "
          "Stearate, Cetyl Alcohol, Zea Mays (Corn) Kernel Meal, Prunus Armeniaca (Apricot) Fruit "
          "Extract, Fragrance, Phenoxyethanol",
          {"scrub": ["Juglans Regia (Walnut) Shell Powder"], "fragrance": ["Fragrance"]}),
    # --- topical antibiotics ----------------------------------------------------------------------
    Label("Neosporin Original Ointment (full US drug facts panel)",
          "Drug Facts\nActive ingredients (in each gram) Purpose\nBacitracin zinc 400 units "
          "........ First aid antibiotic\nNeomycin 3.5 mg ........ First aid antibiotic\n"
          "Polymyxin B sulfate 5,000 units ........ First aid antibiotic\nUses first aid to help "
          "prevent infection in minor: • cuts • scrapes • burns\nWarnings For external use only.\n"
          "Do not use • if you are allergic to any of the ingredients • in the eyes\nAsk a doctor "
          "before use if you have • deep or puncture wounds\nStop use and ask a doctor if • you "
          "need to use longer than 1 week\nDirections • apply a small amount of this product on "
          "the area 1 to 3 times daily\nOther information • store at 20° to 25°C (68° to 77°F)\n"
          "Inactive ingredients cocoa butter, cottonseed oil, olive oil, sodium pyruvate, "
          "tocopheryl acetate, white petrolatum\nQuestions? 1-800-223-0182",
          {"antibiotic": ["Bacitracin zinc", "Neomycin", "Polymyxin B sulfate"],
           "comedogenic": ["cocoa butter"]}),
    Label("Polysporin First Aid Antibiotic Ointment (drug facts pasted on one line)",
          "Active ingredients (in each gram) Purpose Bacitracin zinc 500 units First aid "
          "antibiotic Polymyxin B sulfate 10,000 units First aid antibiotic Uses first aid to "
          "help prevent infection in minor cuts, scrapes, burns Warnings For external use only "
          "Inactive ingredient white petrolatum",
          {"antibiotic": ["Bacitracin zinc", "Polymyxin B sulfate"]}),
    Label("Polysporin Triple (gramicidin)",
          "Medicinal ingredients: Polymyxin B sulfate 10,000 units, Bacitracin zinc 500 units, "
          "Gramicidin 0.25 mg. Non-medicinal ingredients: white petrolatum",
          {"antibiotic": ["Polymyxin B sulfate", "Bacitracin zinc", "Gramicidin"]}),
    Label("Bactroban 2% ointment (UK leaflet)",
          "The active substance is mupirocin. Each gram of ointment contains 20 mg mupirocin "
          "(2% w/w). The other ingredients are macrogol 400 and macrogol 3350",
          {"antibiotic": ["mupirocin"]}),
    Label("Fucidin 2% cream (UK leaflet; UK names for the base)",
          "Fucidin Cream contains fusidic acid 2% w/w. Also contains butylhydroxyanisole (E320), "
          "cetyl alcohol, glycerol, liquid paraffin, polysorbate 60, potassium sorbate, purified "
          "water, all-rac-alpha-tocopherol, white soft paraffin and hydrochloric acid.",
          {"antibiotic": ["fusidic acid"]}),
    Label("Fucidin 2% ointment (wool fat is lanolin)",
          "Fucidin Ointment contains sodium fusidate 2% w/w. Also contains cetyl alcohol, wool "
          "fat, liquid paraffin and white soft paraffin.",
          {"antibiotic": ["sodium fusidate"], "lanolin": ["wool fat"]}),
    Label("Dalacin T topical solution / clindamycin gel",
          "Clindamycin 1% w/w (as clindamycin phosphate). Other ingredients: allantoin, carbomer, "
          "methyl parahydroxybenzoate (E218), polyethylene glycol, propylene glycol, sodium "
          "hydroxide, purified water", {"antibiotic": ["Clindamycin (as clindamycin phosphate)"]}),
    Label("Duac Once Daily gel (clindamycin and benzoyl peroxide)",
          "Clindamycin 1% (as clindamycin phosphate) and benzoyl peroxide 5% (as hydrous benzoyl "
          "peroxide). Other ingredients: carbomer, dimeticone, disodium lauryl sulfosuccinate, "
          "disodium edetate, glycerol, colloidal hydrated silica, poloxamer, purified water, "
          "sodium hydroxide",
          {"antibiotic": ["Clindamycin (as clindamycin phosphate)"],
           "benzoyl_peroxide": ["benzoyl peroxide (as hydrous benzoyl peroxide)"]}),
    Label("Zineryt (erythromycin and zinc acetate)",
          "Erythromycin 40 mg/ml, zinc acetate 12 mg/ml. Other ingredients: diisopropyl sebacate, "
          "ethanol", {"antibiotic": ["Erythromycin"], "drying_alcohol": ["ethanol"]}),
    # --- lanolin: matched, not flagged ---------------------------------------------------------
    Label("Aquaphor Healing Ointment (drug facts)",
          "Active Ingredient: Petrolatum (41%). Purpose: Skin Protectant. Inactive ingredients: "
          "Mineral Oil, Ceresin, Lanolin Alcohol, Panthenol, Glycerin, Bisabolol",
          {"lanolin": ["Lanolin Alcohol"]}),
    Label("Eucerin Original Healing Cream",
          "Water, Petrolatum, Mineral Oil, Ceresin, Lanolin Alcohol, Methylchloroisothiazolinone, "
          "Methylisothiazolinone", {"lanolin": ["Lanolin Alcohol"]}),
    Label("E45 Cream (UK)",
          "White Soft Paraffin 14.5% w/w, Light Liquid Paraffin 12.6% w/w, Anhydrous Lanolin "
          "(Medilan) 1.0% w/w. Other ingredients: Glyceryl Monostearate, Cetyl Alcohol, Macrogol "
          "Stearate, Methyl Parahydroxybenzoate, Propyl Parahydroxybenzoate, Carbomer, Sodium "
          "Hydroxide, Purified Water", {"lanolin": ["Anhydrous Lanolin (Medilan)"]}),
    Label("Sudocrem Antiseptic Healing Cream",
          "Active ingredients: Zinc Oxide 15.25% w/w, Benzyl Benzoate 1.01% w/w, Benzyl Cinnamate "
          "0.15% w/w, Lanolin (Hypoallergenic) 4.0% w/w. Other ingredients: Paraffin liquid, "
          "Paraffin wax, Microcrystalline wax, Propylene glycol, Sorbitan sesquioleate, Synthetic "
          "beeswax, Citric acid, Butylated hydroxyanisole, Linalyl acetate, Lavender (oil of), "
          "Purified water, Benzyl alcohol, Sodium benzoate",
          {"fragrance": ["Benzyl Benzoate", "Benzyl Cinnamate", "Linalyl acetate",
                         "Lavender (oil of)", "Benzyl alcohol"],
           "lanolin": ["Lanolin (Hypoallergenic)"]}),
    Label("A+D Original Ointment (vitamin A from cod liver oil is no retinoid product)",
          "Active ingredients: Petrolatum 53.4%, Lanolin 15.5%. Purpose: Skin protectant. "
          "Inactive ingredients: cod liver oil (contains vitamin A and vitamin D), fragrance, "
          "light mineral oil, microcrystalline wax, paraffin",
          {"lanolin": ["Lanolin"], "fragrance": ["fragrance"]}),
    Label("Avene Cicalfate+ Restorative Protective Cream (zinc and copper sulfate)",
          "Avene Thermal Spring Water (Avene Aqua), Caprylic/Capric Triglyceride, Mineral Oil "
          "(Paraffinum Liquidum), Glycerin, Hydrogenated Vegetable Oil, Zinc Oxide, Propylene "
          "Glycol Dipelargonate, Polyglyceryl-2 Sesquiisostearate, Aluminum Stearate, Beeswax "
          "(Cera Alba), Copper Sulfate, Magnesium Sulfate, Sucralfate, Zinc Sulfate, Aqua", NO_FLAGS),
    Label("Bepanthen Nappy Care Ointment (UK)",
          "Dexpanthenol 5% w/w. Also contains: protegin (petrolatum, mineral oil, ceresin, "
          "lanolin alcohol), lanolin, white soft paraffin, cetyl alcohol, stearyl alcohol, "
          "beeswax, almond oil, purified water",
          {"lanolin": ["protegin (petrolatum, mineral oil, ceresin, lanolin alcohol)", "lanolin"]}),
]


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

    from journal.care import ingredients

    labels = [f"{REAL_LABELS[i % len(REAL_LABELS)].text}, Aqua {i}" for i in range(150)]
    ingredients._match_cached.cache_clear()
    ingredients._items.cache_clear()
    start = time.process_time()
    for label in labels:
        caution_classes(label)
    # about 0.03 s on a quiet machine; the margin is for a busy one (2.1 s before matching
    # by word runs)
    assert time.process_time() - start < 0.5


@pytest.mark.parametrize("text, message", [
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
def test_bad_new_keys_fail_naming_the_entry(tmp_path, text, message):
    path = tmp_path / "ingredients.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_classes(path)
    assert message in str(info.value)


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
