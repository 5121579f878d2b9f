"""Build (once, then cache) the large journal the benchmark runs on.

Five years of daily entries, 40 sessions, 150 products with real-length
ingredient lists and 3,000 photos (most small, 50 at phone size 4000x3000),
plus the files the import measures feed in: 20 phone-size JPEGs with EXIF and
a batch of 200 for the GUI import. Rows go in with one transaction and
sqlite-utils ``insert_all``; photo files are written straight into the
``photos/<sha256 of the stored bytes>.jpg`` layout of journal/store/photos.py,
so no import pipeline runs for them.

Everything lives under tests/perf/.cache/ (gitignored) and is rebuilt only
when BUILD_VERSION changes or ``--rebuild`` is given.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import math
import os
import random
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CACHE = Path(__file__).resolve().parent / ".cache"
BUILD_VERSION = 3
YEARS = 5
SESSIONS = 40
PRODUCTS = 150
PHOTOS = 3000
PHONE_PHOTOS_IN_JOURNAL = 50
IMPORT_FILES = 20       # phone-size JPEGs for the per-photo import measure
GUI_BATCH = 200         # files imported through the GUI for the responsiveness measure
GUI_BATCH_PHONE = 10    # of which phone-size
PHONE_SIZE = (4000, 3000)
SMALL_SIZE = (800, 600)

# A pool of real INCI names; products draw 25-45 of them (labels are long).
BASE_INCI = """Aqua; Glycerin; Butylene Glycol; Propanediol; Pentylene Glycol; Caprylic/Capric
Triglyceride; Squalane; Dimethicone; Cyclopentasiloxane; Cetearyl Alcohol; Cetyl Alcohol;
Stearyl Alcohol; Glyceryl Stearate; PEG-100 Stearate; Ceteareth-20; Niacinamide; Panthenol;
Allantoin; Sodium Hyaluronate; Hydrolyzed Hyaluronic Acid; Ceramide NP; Ceramide AP;
Ceramide EOP; Phytosphingosine; Cholesterol; Tocopherol; Tocopheryl Acetate; Ascorbyl
Glucoside; Sodium PCA; Urea; Betaine; Trehalose; Centella Asiatica Extract; Madecassoside;
Bisabolol; Aloe Barbadensis Leaf Juice; Camellia Sinensis Leaf Extract; Glycyrrhiza Glabra
Root Extract; Avena Sativa Kernel Extract; Zinc Oxide; Titanium Dioxide; Iron Oxides; Mica;
Silica; Xanthan Gum; Carbomer; Acrylates/C10-30 Alkyl Acrylate Crosspolymer; Sodium
Polyacrylate; Hydroxyethylcellulose; Sodium Hydroxide; Triethanolamine; Disodium EDTA;
Sodium Citrate; Citric Acid; Lactic Acid; Phenoxyethanol; Ethylhexylglycerin; Sodium
Benzoate; Potassium Sorbate; Chlorphenesin; 1,2-Hexanediol; Caprylyl Glycol; Polysorbate 20;
Polysorbate 80; Lecithin; Hydrogenated Lecithin; Behenyl Alcohol; Isononyl Isononanoate;
Isohexadecane; C12-15 Alkyl Benzoate; Ethylhexyl Palmitate; Helianthus Annuus Seed Oil;
Simmondsia Chinensis Seed Oil; Prunus Amygdalus Dulcis Oil; Rosa Canina Fruit Oil; Olea
Europaea Fruit Oil; Butyrospermum Parkii Butter; Theobroma Cacao Seed Butter; Cera Alba;
Lanolin; Sodium Lauroyl Sarcosinate; Cocamidopropyl Betaine; Sodium Cocoyl Isethionate;
Decyl Glucoside; Coco-Glucoside; Sodium Laureth Sulfate; Sodium Chloride; Polyquaternium-10;
Adenosine; Palmitoyl Tripeptide-1; Palmitoyl Tetrapeptide-7; Acetyl Hexapeptide-8; Copper
Tripeptide-1; Ectoin; Beta-Glucan; Magnesium Aluminum Silicate; Kaolin; Bentonite; Boron
Nitride; Magnesium Stearate; Nylon-12; Dimethicone Crosspolymer; Polymethylsilsesquioxane;
Ethylhexyl Methoxycinnamate; Octocrylene; Butyl Methoxydibenzoylmethane; Bis-Ethylhexyloxyphenol
Methoxyphenyl Triazine; Diethylamino Hydroxybenzoyl Hexyl Benzoate""".replace("\n", " ")
BASE_INCI = [name.strip() for name in BASE_INCI.split(";") if name.strip()]
# Ingredients that the care rules look for; each product gets zero to three of them.
FLAGGED_INCI = [
    "Retinol", "Retinyl Palmitate", "Hydroxypinacolone Retinoate", "Glycolic Acid 7%",
    "Mandelic Acid", "Salicylic Acid 2%", "Benzoyl Peroxide 5%", "Ascorbic Acid",
    "Alcohol Denat.", "Parfum/Fragrance", "Linalool", "Limonene",
    "Lavandula Angustifolia (Lavender) Oil", "Cocos Nucifera (Coconut) Oil",
    "Isopropyl Myristate", "Jojoba Esters", "Walnut Shell Powder",
]
BRANDS = ["Nuvé Lab", "Calma", "Purebase", "Island Botanics", "Dermaclear", "SkinFirst",
          "Aurea", "Mildwell", "Barrier & Co", "Lumen"]
KINDS = [("cleanser", "Cleanser"), ("moisturiser", "Cream"), ("moisturiser", "Balm"),
         ("serum", "Serum"), ("serum", "Essence"), ("sunscreen", "Sunscreen SPF 50"),
         ("makeup", "Foundation"), ("makeup", "Concealer"), ("other", "Toner"),
         ("other", "Mask")]
ADJECTIVES = ["Gentle", "Hydrating", "Calming", "Barrier", "Renewing", "Bright", "Daily",
              "Night", "Soothing", "Clear", "Rich", "Light", "Repair", "Glow", "Pure"]
NOTES = [
    "Skin felt tight in the morning.", "Redness mostly around the nose today.",
    "Forgot sunscreen on the walk, a bit pink.", "Tried the new serum, slight sting.",
    "Peeling on the chin, left it alone.", "Calm day, barely noticeable.",
    "Two new spots on the left cheek.", "Itchy in the evening, used the cream twice.",
    "Long run, lots of sweat; washed right after.", "Makeup for a wedding, removed early.",
]


def data_dir(cache: Path = CACHE) -> Path:
    return cache / "journal"


def meta_path(cache: Path = CACHE) -> Path:
    return cache / "meta.json"


def load_meta(cache: Path = CACHE) -> dict | None:
    try:
        meta = json.loads(meta_path(cache).read_text())
    except (OSError, ValueError):
        return None
    return meta if meta.get("version") == BUILD_VERSION else None


def ensure_built(rebuild: bool = False, cache: Path = CACHE, log=print) -> dict:
    """The cached journal's metadata, building it first if missing or outdated."""
    meta = None if rebuild else load_meta(cache)
    if meta is not None:
        _upgrade(data_dir(cache))
        return meta
    started = time.perf_counter()
    _lower_priority()
    if cache.exists():
        shutil.rmtree(cache)
    cache.mkdir(parents=True)
    rng = random.Random(20261130)
    end = dt.date.today()
    log(f"building the large journal in {cache} (once; low priority) ...")
    counts = _build_journal(data_dir(cache), end, rng, log)
    log("  writing the import test files ...")
    _write_import_files(cache / "phone", IMPORT_FILES, rng, phone=IMPORT_FILES)
    _write_import_files(cache / "batch", GUI_BATCH, rng, phone=GUI_BATCH_PHONE)
    meta = {"version": BUILD_VERSION, "end": end.isoformat(),
            "start": (end - dt.timedelta(days=365 * YEARS)).isoformat(), **counts,
            "build_seconds": round(time.perf_counter() - started, 1)}
    meta_path(cache).write_text(json.dumps(meta, indent=1))
    log(f"  built in {meta['build_seconds']} s")
    return meta


def _upgrade(folder: Path) -> None:
    """Bring the cached journal to the app's schema once, not in every measured process."""
    from journal.store.journal import Journal

    Journal.open(folder).close()


def _lower_priority() -> None:
    try:
        os.nice(10)
    except (AttributeError, OSError):
        pass


# -- rows -------------------------------------------------------------------------------------
def _build_journal(folder: Path, end: dt.date, rng: random.Random, log) -> dict:
    from journal.models import AREAS
    from journal.store.journal import Journal

    start = end - dt.timedelta(days=365 * YEARS)
    days = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    step = len(days) / SESSIONS
    session_dates = [days[int(5 + i * step)] for i in range(SESSIONS)]
    products = _products(rng)
    photos_dir = folder / "photos"
    photos_dir.mkdir(parents=True, mode=0o700)

    with Journal.open(folder) as journal:
        db = journal.db
        with journal.transaction():
            db["products"].insert_all(products)
            product_ids = [r[0] for r in journal.conn.execute("SELECT id FROM products")]
            db["sessions"].insert_all(
                {"date": d.isoformat(), "areas": "full face" if i % 3 else "left cheek,right cheek",
                 "depth_mm": (0.5, 1.0, 1.5)[i % 3], "clinic": "Bright Skin Clinic",
                 "notes": f"Session {i + 1}."}
                for i, d in enumerate(session_dates))
            entries, uses = [], []
            routine = rng.sample(product_ids, 10)
            for index, date in enumerate(days):
                if index % 60 == 0:
                    routine = rng.sample(product_ids, 10)
                if rng.random() < 0.03 and index < len(days) - 2:
                    continue  # a forgotten evening
                entries.append(_entry(date, session_dates, rng))
                for pid in rng.sample(routine, rng.randint(3, 7)):
                    uses.append({"date": date.isoformat(), "product_id": pid})
            db["entries"].insert_all(entries, batch_size=500)
            db["product_uses"].insert_all(uses, batch_size=1000)
            db["settings"].insert({"key": "questions",
                                   "value": "Is the breakout after session 38 normal?"})
        log(f"  rows: {len(entries)} days, {len(uses)} product uses; writing {PHOTOS} photos ...")
        photo_rows = _photos(photos_dir, [e["date"] for e in entries], rng, AREAS)
        with journal.transaction():
            db["photos"].insert_all(photo_rows, batch_size=500)
    return {"entries": len(entries), "sessions": SESSIONS, "products": len(products),
            "photos": len(photo_rows), "product_uses": len(uses),
            "last_session": session_dates[-1].isoformat()}


def _products(rng: random.Random) -> list[dict]:
    rows, names = [], set()
    while len(rows) < PRODUCTS:
        category, kind = rng.choice(KINDS)
        name = f"{rng.choice(ADJECTIVES)} {rng.choice(ADJECTIVES)} {kind}"
        if name in names:
            name = f"{name} {len(rows)}"
        names.add(name)
        label = rng.sample(BASE_INCI, rng.randint(25, 45))
        label[0] = "Aqua"
        for flagged in rng.sample(FLAGGED_INCI, rng.choice((0, 0, 1, 1, 2, 3))):
            label.insert(rng.randint(2, len(label)), flagged)
        rows.append({"name": name, "brand": rng.choice(BRANDS), "category": category,
                     "ingredients": ", ".join(dict.fromkeys(label))})
    return rows


def _entry(date: dt.date, session_dates: list[dt.date], rng: random.Random) -> dict:
    from journal.models import day_since_session

    day = day_since_session(date, session_dates)
    clamp = lambda v: max(0, min(10, round(v)))  # noqa: E731
    noise = lambda s=0.6: rng.gauss(0, s)  # noqa: E731
    if day is None or day > 21:
        values = {k: clamp(b + noise(0.5)) for k, b in
                  (("redness", 1), ("swelling", 0), ("pain", 0), ("itch", 0), ("dryness", 1))}
        breakouts = max(0, round(rng.gauss(0.4, 0.6)))
    else:
        values = {
            "redness": clamp(7.5 * math.exp(-0.55 * day) + 1 + noise()),
            "swelling": clamp(5 * math.exp(-0.9 * day) + noise(0.5)),
            "pain": clamp(4 * math.exp(-day) + noise(0.4)),
            "itch": clamp(3 * math.exp(-((day - 3) ** 2) / 4) + noise(0.4)),
            "dryness": clamp(4.5 * math.exp(-((day - 4.5) ** 2) / 5) + 1 + noise(0.5)),
        }
        breakouts = max(0, round(3 * math.exp(-((day - 4) ** 2) / 3) + rng.gauss(0.3, 0.5)))
    return {"date": date.isoformat(), **values, "breakouts": breakouts,
            "pus": int(rng.random() < 0.004), "fever": int(rng.random() < 0.001),
            "spreading_redness": int(rng.random() < 0.002), "cold_sore": int(rng.random() < 0.003),
            "makeup": int(rng.random() < 0.3), "sun": int(rng.random() < 0.15),
            "sweat": int(rng.random() < 0.15),
            "note": rng.choice(NOTES) if rng.random() < 0.2 else ""}


# -- photo files ------------------------------------------------------------------------------
def _photos(photos_dir: Path, dates: list[str], rng: random.Random, areas) -> list[dict]:
    """Write PHOTOS files (PHONE_PHOTOS_IN_JOURNAL of them phone-size); return their rows."""
    recent = dates[-90:]
    chosen = sorted(rng.choice(dates) for _ in range(PHOTOS - 40)) + \
        sorted(rng.choice(recent) for _ in range(40))  # the report's last months have photos
    phone_at = set(rng.sample(range(PHOTOS), PHONE_PHOTOS_IN_JOURNAL - 10)) | \
        set(range(PHOTOS - 10, PHOTOS))
    noise = _noise_field(PHONE_SIZE, rng)
    rows = []
    for index, date in enumerate(chosen):
        phone = index in phone_at
        data, size = (_phone_jpeg(noise, rng) if phone else _small_jpeg(rng)), \
            (PHONE_SIZE if phone else SMALL_SIZE)
        sha = hashlib.sha256(data).hexdigest()
        (photos_dir / f"{sha}.jpg").write_bytes(data)
        rows.append({"date": date, "area": areas[index % 4], "sha256": sha,
                     "file_name": f"{sha}.jpg", "width": size[0], "height": size[1],
                     "taken_at": f"{date}T{8 + index % 12:02d}:{index % 60:02d}:00",
                     "for_report": int(index % 50 == 0)})
    return rows


def _skin_colour(rng: random.Random) -> tuple[int, int, int]:
    r = rng.randint(170, 240)
    return r, int(r * rng.uniform(0.62, 0.8)), int(r * rng.uniform(0.5, 0.68))


def _gradient(size, rng):
    from PIL import Image

    corners = Image.new("RGB", (2, 2))
    corners.putdata([_skin_colour(rng) for _ in range(4)])
    return corners.resize(size, Image.Resampling.BILINEAR)


def _small_jpeg(rng: random.Random) -> bytes:
    buffer = io.BytesIO()
    _gradient(SMALL_SIZE, rng).save(buffer, "JPEG", quality=88)
    return buffer.getvalue()


def _noise_field(size, rng: random.Random):
    """Skin-like fine texture (the thing that makes phone JPEGs several MB)."""
    import numpy as np

    gen = np.random.default_rng(rng.randint(0, 2**31))
    return gen.integers(-18, 19, size=(size[1], size[0], 1), dtype=np.int16)


def _textured(noise, rng: random.Random):
    import numpy as np
    from PIL import Image

    base = np.asarray(_gradient((noise.shape[1], noise.shape[0]), rng), dtype=np.int16)
    shift = rng.randint(0, noise.shape[0] - 1)
    pixels = np.clip(base + np.roll(noise, shift, axis=0), 0, 255).astype(np.uint8)
    return Image.fromarray(pixels, "RGB")


def _phone_jpeg(noise, rng: random.Random, exif: bytes | None = None) -> bytes:
    buffer = io.BytesIO()
    options = {"exif": exif} if exif else {}
    _textured(noise, rng).save(buffer, "JPEG", quality=90, **options)
    return buffer.getvalue()


def _exif(rng: random.Random, index: int) -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "Phonemaker"
    exif[0x0110] = "Pocket 12"
    exif[0x0112] = 6 if index % 2 else 1          # half of them taken in portrait
    exif.get_ifd(0x8769)[0x9003] = f"2026:03:{1 + index % 28:02d} 20:{index % 60:02d}:00"
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)   # a GPS position the import must drop
    return exif.tobytes()


def _write_import_files(folder: Path, count: int, rng: random.Random, phone: int) -> None:
    """`count` JPEGs as a phone makes them (EXIF, orientation); `phone` of them 4000x3000."""
    folder.mkdir(parents=True)
    noise = _noise_field(PHONE_SIZE, rng) if phone else None
    mid_noise = _noise_field((1200, 900), rng)
    for index in range(count):
        if index < phone:
            data = _phone_jpeg(noise, rng, _exif(rng, index))
        else:
            buffer = io.BytesIO()
            _textured(mid_noise, rng).save(buffer, "JPEG", quality=90, exif=_exif(rng, index))
            data = buffer.getvalue()
        (folder / f"IMG_{index:04d}.jpg").write_bytes(data)


if __name__ == "__main__":
    print(json.dumps(ensure_built(rebuild="--rebuild" in sys.argv), indent=1))
