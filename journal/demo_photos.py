"""Generated sample photos for the demo journal.

A skin-toned, face-like picture whose redness follows the day's redness rating
and whose red spots follow the day's breakout count; the "left cheek" picture is
a close-up of the same face. They go through the real import pipeline (as JPEG
bytes with a capture time), so the demo gallery behaves like a real one.
"""
from __future__ import annotations

import datetime as dt
import io
import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.store.journal import Journal

WIDTH, HEIGHT = 800, 1000
SKIN = (226, 184, 156)
PHOTO_DAYS = (0, 3, 7)         # days after each session that get photos
AREAS = ("full face", "left cheek")
CHEEK_BOX = (370, 430, 650, 780)  # the left cheek: on the picture's right, the patient faces us


def add_demo_photos(journal: Journal, session_dates: list[dt.date], today: dt.date) -> int:
    """Add photos for days 0, 3 and 7 of each session and for `today`; return how many."""
    from journal.store.photos import import_photo_data, remove_unreferenced_files

    remove_unreferenced_files(journal)  # `demo --force`: the old demo's files go too
    dates = sorted({d + dt.timedelta(days=n) for d in session_dates for n in PHOTO_DAYS
                    if d + dt.timedelta(days=n) <= today} | {today})
    added = 0
    starred = {session_dates[1] + dt.timedelta(days=3), today} if len(session_dates) > 1 else {today}
    for date in dates:
        entry = journal.entry(date)
        redness = (entry.redness or 0) if entry else 1
        breakouts = (entry.breakouts or 0) if entry else 0
        face = face_picture(redness, breakouts, seed=date.toordinal())
        for area in AREAS:
            picture = face if area == "full face" else cheek_picture(face)
            photo = import_photo_data(journal, jpeg_bytes(picture, date), date, area)
            if area == "full face" and date in starred:
                journal.set_for_report(photo.id, True)
            added += 1
    return added


def face_picture(redness: int, breakouts: int, seed: int):
    """An 800 x 1000 face-like picture: oval, eyes, brows, mouth, flush and spots."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    img = Image.linear_gradient("L").resize((WIDTH, HEIGHT)).point(lambda v: 205 + v // 10)
    img = Image.merge("RGB", (img, img, img.point(lambda v: min(255, v + 12))))
    mask = Image.new("L", (WIDTH, HEIGHT), 0)
    ImageDraw.Draw(mask).ellipse((130, 110, 670, 900), fill=255)
    mask = mask.filter(ImageFilter.GaussianBlur(6))
    skin = Image.new("RGB", (WIDTH, HEIGHT), SKIN)
    shade = Image.radial_gradient("L").resize((WIDTH, HEIGHT), Image.BILINEAR).point(lambda v: v // 5)
    skin = Image.composite(Image.new("RGB", (WIDTH, HEIGHT), (196, 150, 124)), skin, shade)
    img.paste(skin, mask=mask)

    # A flush over both cheeks that deepens with the day's redness.
    # Drawn and blurred at a quarter of the size: soft anyway, and much faster.
    flush = Image.new("L", (WIDTH // 4, HEIGHT // 4), 0)
    draw = ImageDraw.Draw(flush)
    for box in ((180, 470, 380, 700), (420, 470, 620, 700), (300, 200, 500, 330)):
        draw.ellipse(tuple(v // 4 for v in box), fill=min(255, 18 * redness))
    flush = flush.filter(ImageFilter.GaussianBlur(10)).resize((WIDTH, HEIGHT), Image.BILINEAR)
    img.paste(Image.new("RGB", (WIDTH, HEIGHT), (214, 92, 86)), mask=flush)

    draw = ImageDraw.Draw(img)
    for x in (290, 510):  # eyes and brows
        draw.ellipse((x - 48, 405, x + 48, 445), fill=(250, 246, 240))
        draw.ellipse((x - 17, 408, x + 17, 442), fill=(92, 64, 48))
        draw.ellipse((x - 7, 418, x + 7, 432), fill=(25, 18, 15))
        draw.arc((x - 62, 355, x + 62, 400), 200, 340, fill=(110, 80, 60), width=9)
    draw.line((400, 450, 388, 600), fill=(190, 140, 115), width=5)  # nose
    draw.arc((370, 585, 430, 625), 0, 180, fill=(180, 130, 108), width=4)
    draw.chord((320, 680, 480, 760), 0, 180, fill=(184, 96, 96))  # mouth

    spots = Image.new("RGBA", (WIDTH, HEIGHT), (0, 0, 0, 0))
    spot_draw = ImageDraw.Draw(spots)
    zones = ((180, 480, 380, 720), (420, 480, 620, 720), (300, 190, 500, 330), (340, 780, 460, 860))
    for _ in range(breakouts):
        left, top, right, bottom = zones[rng.randrange(len(zones))] if rng.random() < 0.9 \
            else zones[1]
        x, y, r = rng.randint(left, right), rng.randint(top, bottom), rng.randint(5, 10)
        spot_draw.ellipse((x - 2 * r, y - 2 * r, x + 2 * r, y + 2 * r), fill=(205, 80, 80, 90))
        spot_draw.ellipse((x - r, y - r, x + r, y + r), fill=(188, 44, 48, 235))
        spot_draw.ellipse((x - r // 3, y - r // 3, x + r // 4, y + r // 4), fill=(236, 200, 180, 200))
    spots = spots.filter(ImageFilter.GaussianBlur(1.2))
    img.paste(spots, mask=spots)
    grain = Image.effect_noise((WIDTH // 2, HEIGHT // 2), 14).resize((WIDTH, HEIGHT))
    return Image.blend(img, Image.merge("RGB", (grain, grain, grain)), 0.06)


def cheek_picture(face):
    """A close-up of the left cheek, at the same picture size."""
    from PIL import Image

    return face.crop(CHEEK_BOX).resize((WIDTH, HEIGHT), Image.Resampling.BICUBIC)


def jpeg_bytes(picture, date: dt.date) -> bytes:
    """The picture as a phone would save it: JPEG with a capture time in its EXIF."""
    from PIL import Image

    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = f"{date:%Y:%m:%d} 20:30:00"
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=88, exif=exif.tobytes())
    return buffer.getvalue()
