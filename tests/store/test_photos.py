"""Photo import: privacy of the stored copy, bad input, duplicates, thumbnails, CLI.

Every picture here is a real file built in the test with Pillow, piexif and pillow-heif.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import shutil
import struct
import zlib
from pathlib import Path

import piexif
import pytest
from PIL import Image

from journal.models import JournalError
from journal.store import photos
from journal.store.photos import DuplicatePhoto, PhotoRejected, import_photo, import_photos

from tests.conftest import run_cli

DAY = dt.date(2026, 3, 14)
RED = (220, 30, 30)
GREY = (128, 128, 128)


def marked_image(size=(400, 300)) -> Image.Image:
    """Grey picture with a red block in the top-left corner, to see where "up" went."""
    img = Image.new("RGB", size, GREY)
    img.paste(RED, (0, 0, size[0] // 4, size[1] // 4))
    return img


def exif_bytes(orientation: int | None = None, gps: bool = True,
               taken: bytes | None = b"2026:03:14 08:30:12") -> bytes:
    zeroth = {piexif.ImageIFD.Make: b"PhoneMaker", piexif.ImageIFD.Model: b"Phone 12"}
    if orientation is not None:
        zeroth[piexif.ImageIFD.Orientation] = orientation
    exif = {piexif.ExifIFD.MakerNote: b"SECRET-MAKER-NOTE serial 123456"}
    if taken:
        exif[piexif.ExifIFD.DateTimeOriginal] = taken
    data = {"0th": zeroth, "Exif": exif}
    if gps:
        data["GPS"] = {
            piexif.GPSIFD.GPSLatitudeRef: b"N",
            piexif.GPSIFD.GPSLatitude: ((52, 1), (31, 1), (1234, 100)),
            piexif.GPSIFD.GPSLongitudeRef: b"E",
            piexif.GPSIFD.GPSLongitude: ((13, 1), (24, 1), (5678, 100)),
        }
    return piexif.dump(data)


XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
       b'22-rdf-syntax-ns#"><rdf:Description photoshop:City="SECRET-CITY"/></rdf:RDF></x:xmpmeta>')


def write_jpeg(path: Path, orientation: int | None = None, gps: bool = True, **extra) -> Path:
    marked_image().save(path, "JPEG", quality=90, exif=exif_bytes(orientation, gps),
                        xmp=XMP, comment=b"SECRET-COMMENT", **extra)
    return path


def stored_file(journal, photo) -> Path:
    return journal.photos_dir / photo.file_name


def stored_files(journal) -> list[Path]:
    return sorted(journal.photos_dir.iterdir()) if journal.photos_dir.exists() else []


def photo_count(journal) -> int:
    return journal.conn.execute("SELECT count(*) FROM photos").fetchone()[0]


def is_red(pixel) -> bool:
    r, g, b = pixel[:3]
    return r > 180 and g < 80 and b < 80


# -- the stored copy -------------------------------------------------------------------------
@pytest.mark.parametrize("orientation, red_corner", [(6, "top-right"), (8, "bottom-left")])
def test_rotated_phone_jpeg_is_stored_upright_and_without_location(
        journal, tmp_path, orientation, red_corner):
    original = write_jpeg(tmp_path / "IMG_0001.jpg", orientation=orientation)
    before = original.read_bytes()
    before_mtime = original.stat().st_mtime_ns

    photo = import_photo(journal, original, DAY, "left cheek")

    assert (photo.width, photo.height) == (300, 400)  # portrait: the orientation was applied
    data = stored_file(journal, photo).read_bytes()
    with Image.open(io.BytesIO(data)) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (300, 400)
        exif = stored.getexif()
        assert 0x8825 not in exif  # no GPS IFD
        assert exif.get_ifd(0x8825) == {}
        assert 274 not in exif  # no orientation left to apply twice
        corner = {"top-right": (280, 20), "bottom-left": (20, 380)}[red_corner]
        assert is_red(stored.convert("RGB").getpixel(corner))
        assert not is_red(stored.convert("RGB").getpixel((20, 20)))
    for secret in (b"SECRET", b"Exif", b"xmpmeta", b"PhoneMaker", b"GPS"):
        assert secret not in data
    assert photo.taken_at == "2026-03-14T08:30:12"
    row = journal.conn.execute("SELECT taken_at, date, area FROM photos").fetchone()
    assert row == ("2026-03-14T08:30:12", "2026-03-14", "left cheek")
    assert photo.sha256 == hashlib.sha256(before).hexdigest()
    assert photo.file_name == hashlib.sha256(data).hexdigest() + ".jpg"
    assert original.read_bytes() == before
    assert original.stat().st_mtime_ns == before_mtime


def test_photo_without_capture_time_has_none(journal, tmp_path):
    path = tmp_path / "plain.jpg"
    marked_image().save(path, "JPEG")
    photo = import_photo(journal, path, DAY)
    assert photo.taken_at is None
    assert photo.area == "full face"


def test_png_stays_png_and_keeps_transparency(journal, tmp_path):
    img = Image.new("RGBA", (120, 80), (200, 150, 130, 255))
    img.paste((0, 0, 0, 0), (0, 0, 30, 30))
    img.save(tmp_path / "cut-out.png")
    Image.new("RGB", (50, 40), RED).save(tmp_path / "screenshot.png")

    cut_out = import_photo(journal, tmp_path / "cut-out.png", DAY)
    screenshot = import_photo(journal, tmp_path / "screenshot.png", DAY)

    assert cut_out.file_name.endswith(".png") and screenshot.file_name.endswith(".png")
    with Image.open(stored_file(journal, cut_out)) as stored:
        assert stored.mode == "RGBA"
        assert stored.getpixel((5, 5))[3] == 0
        assert stored.getpixel((100, 60)) == (200, 150, 130, 255)
    with Image.open(stored_file(journal, screenshot)) as stored:
        assert (stored.mode, stored.size) == ("RGB", (50, 40))


def test_webp_becomes_jpeg(journal, tmp_path):
    marked_image().save(tmp_path / "a.webp", "WEBP", quality=90)
    photo = import_photo(journal, tmp_path / "a.webp", DAY)
    assert photo.file_name.endswith(".jpg")
    assert (photo.width, photo.height) == (400, 300)


def test_heic_from_a_phone_is_imported_upright_with_capture_time(journal, tmp_path):
    from pillow_heif import register_heif_opener

    register_heif_opener()
    path = tmp_path / "IMG_0002.HEIC"
    marked_image((64, 48)).save(path, "HEIF", exif=exif_bytes(orientation=6))
    with Image.open(path) as check:
        assert check.format == "HEIF"

    photo = import_photo(journal, path, DAY)

    assert (photo.width, photo.height) == (48, 64)
    assert photo.taken_at == "2026-03-14T08:30:12"
    data = stored_file(journal, photo).read_bytes()
    assert data[:3] == b"\xff\xd8\xff" and b"Exif" not in data and b"GPS" not in data


def test_over_24_megapixels_is_scaled_down_keeping_the_shape(journal, tmp_path):
    path = tmp_path / "huge.jpg"
    Image.new("L", (6400, 4000), 140).save(path, "JPEG", quality=80)  # 25.6 MP
    photo = import_photo(journal, path, DAY)
    assert photo.width * photo.height <= photos.MAX_STORED_PIXELS
    assert photo.width * photo.height > 0.99 * photos.MAX_STORED_PIXELS
    assert abs(photo.width / photo.height - 1.6) < 0.001
    with Image.open(stored_file(journal, photo)) as stored:
        assert stored.size == (photo.width, photo.height)


def test_an_srgb_colour_profile_is_kept_as_the_apps_own_srgb_profile(journal, tmp_path):
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    marked_image().save(tmp_path / "p3.jpg", "JPEG", icc_profile=icc, exif=exif_bytes())
    photo = import_photo(journal, tmp_path / "p3.jpg", DAY)
    with Image.open(stored_file(journal, photo)) as stored:
        kept = stored.info.get("icc_profile")
    assert kept == photos.srgb_profile()
    assert "sRGB" in ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(kept)))


# -- bad input -------------------------------------------------------------------------------
def _truncated_jpeg(path: Path) -> None:
    buffer = io.BytesIO()
    Image.effect_noise((300, 300), 80).convert("RGB").save(buffer, "JPEG", quality=95)
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) * 6 // 10])


def _png_bomb(path: Path) -> None:
    """A valid 1-bit PNG of 20000 x 10000 = 200 megapixels: a few kilobytes on disk."""
    width, height = 20000, 10000

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    row = b"\x00" * (1 + width // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height,
                                                                      1, 0, 0, 0, 0))
                     + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def _make_bad(kind: str, tmp_path: Path) -> Path:
    path = tmp_path / f"{kind}.jpg"
    if kind == "empty":
        path.write_bytes(b"")
    elif kind == "text":
        path.write_text("Shopping list:\n- ceramide cream\n- sunscreen\n")
    elif kind == "truncated":
        _truncated_jpeg(path)
    elif kind == "bomb":
        path = tmp_path / "bomb.png"
        _png_bomb(path)
    elif kind == "gif":
        path = tmp_path / "animation.gif"
        marked_image().save(path, "GIF")
    elif kind == "bmp":
        path = tmp_path / "scan.bmp"
        marked_image().save(path, "BMP")
    elif kind == "missing":
        path = tmp_path / "no-such-photo.jpg"
    elif kind == "directory":
        path = tmp_path / "a-folder.jpg"
        path.mkdir()
    elif kind == "fifo":
        path = tmp_path / "pipe.jpg"
        os.mkfifo(path)
    return path


BAD_INPUTS = {
    "empty": "the file is empty",
    "text": "is not an image (it contains text)",
    "truncated": "the image is incomplete",
    "bomb": "too many pixels to open safely",
    "gif": "is a GIF image; only JPEG, PNG, WebP or HEIC photos can be imported",
    "bmp": "is a BMP image",
    "missing": "no such file",
    "directory": "is a folder, not a photo",
    "fifo": "is not a regular file",
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_input_gives_one_clear_message_and_writes_nothing(journal, tmp_path, kind):
    path = _make_bad(kind, tmp_path)
    with pytest.raises(PhotoRejected) as caught:
        import_photo(journal, path, DAY)
    assert BAD_INPUTS[kind] in caught.value.reason
    assert str(caught.value).startswith(str(path))
    assert "\n" not in str(caught.value)
    assert photo_count(journal) == 0
    assert stored_files(journal) == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read a file without read permission")
def test_unreadable_file_is_rejected(journal, tmp_path):
    path = write_jpeg(tmp_path / "locked.jpg")
    path.chmod(0)
    try:
        with pytest.raises(PhotoRejected, match="permission denied"):
            import_photo(journal, path, DAY)
    finally:
        path.chmod(0o600)
    assert photo_count(journal) == 0 and stored_files(journal) == []


def test_batch_keeps_the_good_files_and_lists_the_bad(journal, tmp_path):
    good = [write_jpeg(tmp_path / "a.jpg"), write_jpeg(tmp_path / "b.jpg", orientation=6)]
    bad = [_make_bad("empty", tmp_path), _make_bad("truncated", tmp_path)]
    seen = []
    result = import_photos(journal, [good[0], bad[0], good[1], bad[1]], DAY, "chin",
                           progress=lambda done, total, path: seen.append((done, total)))
    assert [p.area for p in result.imported] == ["chin", "chin"]
    assert [path for path, _ in result.failed] == bad
    assert "empty" in result.failed[0][1] and "incomplete" in result.failed[1][1]
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert photo_count(journal) == 2 and len(stored_files(journal)) == 2


def test_cancelled_batch_keeps_what_was_filed(journal, tmp_path):
    files = [write_jpeg(tmp_path / f"{n}.jpg", orientation=n % 2 * 6 or None) for n in range(3)]
    done = []
    result = import_photos(journal, files, DAY, progress=lambda d, t, p: done.append(d),
                           is_cancelled=lambda: len(done) >= 1)
    assert result.cancelled and len(result.imported) == 1
    assert photo_count(journal) == 1


def test_bad_date_or_area_is_refused_before_reading(journal, tmp_path):
    path = write_jpeg(tmp_path / "a.jpg")
    with pytest.raises(JournalError, match="not a valid date"):
        import_photos(journal, [path], "14/03/2026")
    with pytest.raises(JournalError, match="unknown area"):
        import_photo(journal, path, DAY, "elbow")
    assert photo_count(journal) == 0


# -- duplicates and deletion -----------------------------------------------------------------
def test_same_picture_same_day_and_area_is_not_added_twice(journal, tmp_path):
    path = write_jpeg(tmp_path / "a.jpg")
    first = import_photo(journal, path, DAY, "nose")
    with pytest.raises(DuplicatePhoto, match="already in the journal for 2026-03-14 \\(nose\\)"):
        import_photo(journal, path, DAY, "nose")
    result = import_photos(journal, [path, path], DAY, "nose")
    assert result.imported == [] and result.duplicates == [path, path] and result.failed == []
    assert photo_count(journal) == 1

    # Another day or area is a new row, but the same stored file.
    other = import_photo(journal, path, DAY + dt.timedelta(days=1), "nose")
    assert other.id != first.id and other.file_name == first.file_name
    assert len(stored_files(journal)) == 1


def test_delete_removes_the_file_only_when_no_row_uses_it(journal, tmp_path):
    path = write_jpeg(tmp_path / "a.jpg")
    first = import_photo(journal, path, DAY)
    second = import_photo(journal, path, DAY, "chin")
    thumb = photos.thumbnail_path(journal, first)
    photos.delete_photo(journal, first.id)
    assert stored_file(journal, second).exists() and thumb.exists()
    photos.delete_photo(journal, second.id)
    assert stored_files(journal) == [] and not thumb.exists()
    assert photo_count(journal) == 0
    with pytest.raises(JournalError, match="no photo with id"):
        photos.delete_photo(journal, second.id)


# -- thumbnails ------------------------------------------------------------------------------
def test_thumbnails_are_a_cache_rebuilt_when_deleted(journal, tmp_path):
    photo = import_photo(journal, write_jpeg(tmp_path / "a.jpg", orientation=6), DAY)
    thumb = photos.thumbnail_path(journal, photo, 128)
    assert thumb == journal.thumbs_dir / f"{Path(photo.file_name).stem}-128.jpg"
    with Image.open(thumb) as img:
        assert img.size == (96, 128)
        assert is_red(img.getpixel((90, 5)))  # upright like the stored copy
    mtime = thumb.stat().st_mtime_ns
    assert photos.thumbnail_path(journal, photo, 128).stat().st_mtime_ns == mtime  # cached

    shutil.rmtree(journal.thumbs_dir)
    rebuilt = photos.thumbnail_path(journal, photo, 128)
    assert rebuilt == thumb and rebuilt.is_file()


def test_thumbnail_of_a_missing_photo_file_says_so(journal, tmp_path):
    photo = import_photo(journal, write_jpeg(tmp_path / "a.jpg"), DAY)
    stored_file(journal, photo).unlink()
    with pytest.raises(JournalError, match="is missing"):
        photos.thumbnail_path(journal, photo)


# -- command line ----------------------------------------------------------------------------
def test_cli_imports_and_reports_failures(data_dir, tmp_path):
    good = write_jpeg(tmp_path / "good.jpg", orientation=8)
    empty = _make_bad("empty", tmp_path)
    done = run_cli("photo", "add", good, empty, "--date", "2026-03-14", "--area", "chin",
                   data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    assert "imported 1 photo for 2026-03-14 (chin)" in done.stdout
    assert done.stderr.strip().splitlines() == [f"error: {empty}: the file is empty"]

    again = run_cli("photo", "add", good, "--date", "2026-03-14", "--area", "chin",
                    data_dir=data_dir)
    assert again.returncode == 0
    assert "nothing added: the photo was already in the journal" in again.stdout

    text = _make_bad("text", tmp_path)
    failed = run_cli("photo", "add", empty, text, tmp_path / "nope.jpg", "--date", "2026-03-14",
                     data_dir=data_dir)
    assert failed.returncode == 2
    lines = failed.stderr.strip().splitlines()
    assert len(lines) == 3 and all(line.startswith("error: ") for line in lines)
    assert "no such file" in lines[2]

    bad_date = run_cli("photo", "add", good, "--date", "yesterday", data_dir=data_dir)
    assert bad_date.returncode == 2 and "not a valid date" in bad_date.stderr
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    future = run_cli("photo", "add", good, "--date", tomorrow, data_dir=data_dir)
    assert future.returncode == 2 and "in the future" in future.stderr  # as in the app

    from journal.store.journal import Journal

    with Journal.open(data_dir) as journal:
        assert [(p.date, p.area) for p in journal.photos()] == [(DAY, "chin")]
        assert len(stored_files(journal)) == 1


# -- filing by capture date, orphans, demo ---------------------------------------------------
def test_batch_can_file_each_photo_on_its_camera_date(journal, tmp_path):
    dated = write_jpeg(tmp_path / "dated.jpg")  # taken 2026-03-14
    undated = tmp_path / "undated.jpg"
    marked_image().save(undated, "JPEG")
    result = import_photos(journal, [dated, undated], dt.date(2026, 3, 20), "chin",
                           date_from_capture=True)
    assert sorted(p.date for p in result.imported) == [DAY, dt.date(2026, 3, 20)]


def test_a_photo_the_journal_could_not_record_leaves_no_file_behind(journal, data_dir, tmp_path):
    """Another process holds the journal's write lock: the row cannot be saved, so no file."""
    import sqlite3

    picture = write_jpeg(tmp_path / "face.jpg")
    journal.conn.execute("PRAGMA busy_timeout = 0")  # do not wait the usual 10 s here
    other = sqlite3.connect(data_dir / "journal.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(JournalError, match="could not save"):
            import_photo(journal, picture, DAY)
        other.execute("ROLLBACK")
    finally:
        other.close()
    assert photo_count(journal) == 0
    assert stored_files(journal) == []  # no stray file for `check` to complain about


def test_remove_unreferenced_files_keeps_the_used_ones(journal, tmp_path):
    photo = import_photo(journal, write_jpeg(tmp_path / "a.jpg"), DAY)
    thumb = photos.thumbnail_path(journal, photo)
    orphan = journal.photos_dir / ("0" * 64 + ".jpg")
    orphan.write_bytes(b"left by a crash")
    stale_thumb = journal.thumbs_dir / ("0" * 64 + "-256.jpg")
    stale_thumb.write_bytes(b"x")
    assert photos.remove_unreferenced_files(journal) == 1
    assert stored_files(journal) == [stored_file(journal, photo)]
    assert thumb.exists() and not stale_thumb.exists()


def test_demo_photos_follow_the_breakouts_and_force_leaves_no_orphans(demo_dir):
    from journal.demo import build_demo
    from journal.store.journal import Journal

    journal = Journal.open(demo_dir)  # the demo as `main.py demo` made it (once per run)
    rows = journal.photos()
    assert 12 <= len(rows) <= 20
    assert {p.area for p in rows} == {"full face", "left cheek"}
    assert all(p.taken_at and p.taken_at.startswith(p.date.isoformat()) for p in rows)
    assert any(p.for_report for p in rows)
    assert len(stored_files(journal)) == len({p.file_name for p in rows})

    def red_pixels(photo) -> int:
        with Image.open(stored_file(journal, photo)) as img:
            small = img.convert("RGB").resize((200, 250))
        data = small.tobytes()
        return sum(1 for i in range(0, len(data), 3)
                   if data[i] > 165 and data[i + 1] < 90 and data[i + 2] < 90)

    faces = {p.date: p for p in rows if p.area == "full face" and journal.entry(p.date)}
    by_breakouts = sorted(faces, key=lambda d: journal.entry(d).breakouts or 0)
    assert red_pixels(faces[by_breakouts[-1]]) > red_pixels(faces[by_breakouts[0]])

    photos.thumbnail_path(journal, rows[0])
    before = {p.file_name for p in rows}
    build_demo(journal, force=True, today=dt.date.today() - dt.timedelta(days=1))  # other days
    rows = journal.photos()
    assert {p.file_name for p in rows} != before
    assert len(stored_files(journal)) == len({p.file_name for p in rows})
    stems = {Path(p.file_name).stem for p in rows}
    assert all(t.name.rsplit("-", 1)[0] in stems for t in journal.thumbs_dir.iterdir())
    journal.close()


def _photo_rows(journal, rows) -> None:
    """Photo rows without files (the gallery's lists read only the rows)."""
    with journal.transaction():
        journal.conn.executemany(
            "INSERT INTO photos (date, area, sha256, file_name, width, height, for_report) "
            "VALUES (?, ?, ?, ?, 160, 120, ?)",
            [(date, area, f"{n:064x}", f"{n:064x}.jpg", star)
             for n, (date, area, star) in enumerate(rows)])


def test_photo_refs_are_the_narrow_rows_of_photos_by_date_then_id(journal):
    from journal.models import PhotoRef

    _photo_rows(journal, [("2026-03-04", "chin", 0), ("2026-03-02", "nose", 1),
                          ("2026-03-04", "full face", 0), ("2026-03-09", "chin", 1)])
    refs = journal.photo_refs()
    photos = {p.id: p for p in journal.photos()}
    assert [(r.date.isoformat(), r.area) for r in refs] == [
        ("2026-03-02", "nose"), ("2026-03-04", "chin"), ("2026-03-04", "full face"),
        ("2026-03-09", "chin")]  # same day: by id (the order they were added)
    assert all(isinstance(r, PhotoRef) for r in refs)
    assert all((r.date, r.area, r.for_report) == (photos[r.id].date, photos[r.id].area,
                                                  photos[r.id].for_report) for r in refs)
    assert refs[0].for_report is True and refs[1].for_report is False
    # the same filters as photos(): a date range (both ends included) and an area
    assert [r.id for r in journal.photo_refs(dt.date(2026, 3, 3), dt.date(2026, 3, 9), "chin")
            ] == [p.id for p in journal.photos(dt.date(2026, 3, 3), dt.date(2026, 3, 9), "chin")]
    assert [r.area for r in journal.photo_refs(end=dt.date(2026, 3, 4))] == [
        "nose", "chin", "full face"]
    assert journal.photo_refs(start=dt.date(2026, 3, 10)) == []


def test_photos_by_id_reads_whole_rows_and_leaves_out_missing_ids(journal):
    _photo_rows(journal, [(f"2026-01-{1 + n % 28:02d}", "chin", n % 2) for n in range(1200)])
    everything = {p.id: p for p in journal.photos()}
    wanted = list(everything)[::-1] + [999_999]  # more ids than one query takes, and a stranger
    found = journal.photos_by_id(wanted)
    assert found == everything  # whole Photo rows, keyed by id; the missing id left out
    assert journal.photos_by_id([]) == {}
    some = list(everything)[5:8]
    assert journal.photos_by_id(some + some) == {i: everything[i] for i in some}
