"""Realistic sample data for a newcomer: three sessions, about 100 days, eight products.

The curves follow the fact sheet: redness and swelling peak on days 0-1 and settle
within days 3-5, dryness and peeling follow on days 3-7, and breakouts bump on days
2-6 - much more after the second session, when a retinol serum and a coconut-oil balm
went on too soon. One day in that session has a red flag (pus).
"""
from __future__ import annotations

import datetime as dt
import math
import random

from journal import settings
from journal.models import DayEntry, JournalError, Product, Session, day_since_session
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.store.journal import Journal

PRODUCTS = [
    # name, brand, category, ingredients
    ("Gentle Foaming Cleanser", "Calmderm", "cleanser",
     "Aqua, Cocamidopropyl Betaine, Glycerin, Sodium Cocoyl Glycinate, Panthenol, "
     "Allantoin, Citric Acid, Sodium Benzoate"),
    ("Ceramide Barrier Cream", "Calmderm", "moisturiser",
     "Aqua, Glycerin, Caprylic/Capric Triglyceride, Cetearyl Alcohol, Ceramide NP, "
     "Ceramide AP, Ceramide EOP, Phytosphingosine, Cholesterol, Sodium Hyaluronate, "
     "Cetyl Alcohol, Dimethicone, Xanthan Gum, Phenoxyethanol"),
    ("Mineral Sunscreen SPF 50", "Shieldwell", "sunscreen",
     "Zinc Oxide 20%, Aqua, Caprylic/Capric Triglyceride, Glycerin, Dimethicone, "
     "Polyglyceryl-4 Isostearate, Tocopherol, Bisabolol"),
    ("Hyaluronic Hydrating Serum", "Dewlab", "serum",
     "Aqua, Sodium Hyaluronate, Panthenol, Glycerin, Allantoin, Centella Asiatica Extract, "
     "Phenoxyethanol, Ethylhexylglycerin"),
    ("Retinol Night Serum", "Nuvé Lab", "serum",
     "Aqua, Squalane, Glycerin, Retinol, Retinyl Palmitate, Tocopherol, Dimethicone, "
     "Parfum/Fragrance, Linalool, Phenoxyethanol"),
    ("Glycolic Glow Toner", "Nuvé Lab", "other",
     "Aqua, Glycolic Acid 7%, Alcohol Denat., Aloe Barbadensis Leaf Juice, "
     "Sodium Hydroxide, Parfum"),
    ("Coconut Repair Balm", "Island Botanics", "moisturiser",
     "Cocos Nucifera (Coconut) Oil, Butyrospermum Parkii (Shea) Butter, Isopropyl Myristate, "
     "Cera Alba, Lanolin, Tocopherol, Lavandula Angustifolia (Lavender) Oil"),
    ("Mineral Foundation", "Purebase", "makeup",
     "Mica, Titanium Dioxide, Zinc Oxide, Iron Oxides, Boron Nitride, Magnesium Stearate"),
]

# Session offsets (days before the last demo day) and details.
SESSIONS = [
    (84, ("full face",), 0.5, "Bright Skin Clinic", "First session, acne scars on cheeks."),
    (49, ("full face", "forehead"), 1.0, "Bright Skin Clinic", "Deeper on the cheeks."),
    (12, ("left cheek", "right cheek"), 1.0, "Bright Skin Clinic", "Cheeks only this time."),
]
FIRST_DAY_OFFSET = 95

NOTES = {
    (0, 0): "Session today. Face hot and tight, like a sunburn.",
    (0, 2): "Tightness mostly gone. A couple of small spots on the chin.",
    (1, 2): "Started the retinol serum again tonight, skin felt fine.",
    (1, 4): "Lots of little whiteheads on both cheeks.",
    (1, 5): "One spot on the left cheek has yellow pus and is sore. Called the clinic.",
    (1, 8): "Stopped the retinol and the balm, back to basics.",
    (2, 0): "Third session, cheeks only. Went back to the basic routine from the start.",
    (2, 4): "Peeling a bit around the nose, much calmer than last time.",
}


def build_demo(journal: Journal, force: bool = False, today: dt.date | None = None) -> str:
    """Fill `journal` with the demo; refuse a journal with data unless `force`."""
    if not journal.is_empty() and not force:
        raise JournalError("this journal already has data; run `demo --force` to replace it")
    today = today or dt.date.today()
    rng = random.Random(20260314)
    session_dates = [today - dt.timedelta(days=offset) for offset, *_ in SESSIONS]
    with journal.transaction():  # all through the facade, committed once (fast)
        journal.clear()
        ids = {name: journal.add_product(Product(name=name, brand=brand, category=category,
                                                 ingredients=ingredients))
               for name, brand, category, ingredients in PRODUCTS}
        for date, (_, areas, depth, clinic, notes) in zip(session_dates, SESSIONS):
            journal.add_session(Session(date=date, areas=areas, depth_mm=depth, clinic=clinic,
                                        notes=notes))
        entries = []
        for offset in range(FIRST_DAY_OFFSET, -1, -1):
            date = today - dt.timedelta(days=offset)
            if rng.random() < 0.06 and offset > 1:
                continue  # a forgotten evening: a gap, as in real journals
            values, products = _demo_day(date, session_dates, rng)
            values["date"] = date
            entries.append(DayEntry(**values, product_ids=tuple(ids[name] for name in products)))
        journal.save_entries(entries)
        settings.put(journal, settings.QUESTIONS,
                     "Is the breakout after my second session normal, or was it the retinol?\n"
                     "How long should I wait before using retinol again after a session?")
    # Photos (journal/demo_photos.py): generated faces whose spots follow the breakouts.
    from journal.demo_photos import add_demo_photos

    photo_count = add_demo_photos(journal, session_dates, today)
    return (f"demo journal ready: {len(SESSIONS)} sessions, {len(PRODUCTS)} products, "
            f"{len(entries)} days, {photo_count} photos in {journal.data_dir}")


def _demo_day(date, session_dates, rng) -> tuple[dict, list[str]]:
    day = day_since_session(date, session_dates)
    index = sum(1 for d in session_dates if d <= date) - 1
    jitter = lambda scale=1.0: rng.gauss(0, 0.6 * scale)  # noqa: E731
    clamp = lambda v: max(0, min(10, round(v)))  # noqa: E731
    products = ["Gentle Foaming Cleanser", "Ceramide Barrier Cream"]
    entry = {"note": ""}
    if day is None or day > 20:
        base = {"redness": 1, "swelling": 0, "pain": 0, "itch": 0, "dryness": 1}
        entry.update({k: clamp(v + jitter(0.5)) for k, v in base.items()})
        entry["breakouts"] = max(0, round(rng.gauss(0.4, 0.6)))
        products += ["Mineral Sunscreen SPF 50", "Retinol Night Serum"] if rng.random() < 0.5 \
            else ["Mineral Sunscreen SPF 50"]
        if rng.random() < 0.25:
            products.append("Glycolic Glow Toner")
    else:
        worse = index == 1  # the session where retinol and the balm went on too soon
        entry["redness"] = clamp(7.5 * math.exp(-0.55 * day) + 1 + jitter() + (0.8 if worse and 2 <= day <= 7 else 0))
        entry["swelling"] = clamp(5 * math.exp(-0.9 * day) + jitter(0.5))
        entry["pain"] = clamp(4 * math.exp(-1.0 * day) + jitter(0.4))
        entry["itch"] = clamp(3 * math.exp(-((day - 3) ** 2) / 4) + jitter(0.4))
        entry["dryness"] = clamp(4.5 * math.exp(-((day - 4.5) ** 2) / 5) + 1 + jitter(0.5))
        peak = (2.5, 7.0, 1.5)[index] if index < 3 else 2  # the second session is the bad one
        bump = peak * math.exp(-((day - 4) ** 2) / (4.5 if worse else 3))
        entry["breakouts"] = max(0, round(bump + rng.gauss(0.3, 0.5)))
        if day >= 1:
            products.append("Hyaluronic Hydrating Serum")
        if day >= 2:
            products.append("Mineral Sunscreen SPF 50")
        if worse and 2 <= day <= 8:
            products += ["Retinol Night Serum", "Coconut Repair Balm"]
        elif day >= 14 and rng.random() < 0.4:
            products.append("Retinol Night Serum")
    entry["pus"] = day == 5 and index == 1
    entry["fever"] = entry["spreading_redness"] = entry["cold_sore"] = False
    entry["makeup"] = bool(rng.random() < (0.35 if day is None or day > 3 else (0.5 if index == 1 and day == 1 else 0)))
    if entry["makeup"]:
        products.append("Mineral Foundation")
    entry["sun"] = rng.random() < 0.12 or (index == 0 and day == 2)
    entry["sweat"] = bool(rng.random() < 0.15 and (day is None or day > 2) or (index == 1 and day == 1))
    if day is not None and (index, day) in NOTES:
        entry["note"] = NOTES[(index, day)]
    return entry, products
