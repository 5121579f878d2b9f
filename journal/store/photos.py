"""Photo import pipeline and thumbnail cache (no Qt here).

A photo goes in like this:

1. the original file is read once (it is never written to) and hashed; if the
   same picture is already filed for that day and area, nothing is added;
2. it is decoded in full - that is the validation: an empty, truncated, text or
   oversized file fails here with a message for a person;
3. the EXIF orientation is applied, pictures over 24 megapixels are scaled down
   to 24, and everything else about the file is dropped: no EXIF (so no GPS and
   no maker notes), no XMP, no comments, and never the source's ICC profile
   (it can carry any text: an owner's name, XMP, GPS). The colour of redness is
   what the pictures are for, so a picture with an RGB profile has its pixels
   converted from that profile to sRGB (LittleCMS through Pillow's ImageCms)
   and is stored with a clean sRGB profile built here;
4. it is re-encoded: PNG stays PNG (lossless in, lossless out), a picture with
   real transparency becomes PNG, everything else (JPEG, WebP, HEIC) becomes
   JPEG at quality 92 with the chroma subsampling of the source JPEG (4:4:4 for
   other sources);
5. the stored bytes go to ``<data_dir>/photos/<sha256 of the stored bytes>.jpg|.png``
   through a temporary file that is fsynced and renamed, and only then is the
   database row inserted - a crash leaves at worst an unreferenced file.

The capture time (EXIF DateTimeOriginal) is kept in the row as ``taken_at``.
Thumbnails are a disposable cache in ``<data_dir>/thumbs/``, built on demand.

Pillow and pillow-heif are imported on first use, not with this module.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import sqlite3
import stat
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from journal.models import AREAS, JournalError, Photo, parse_date
from journal.paths import write_whole
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from journal.store.journal import Journal

MAX_STORED_PIXELS = 24_000_000
JPEG_QUALITY = 92
THUMB_QUALITY = 85
MAX_FILE_BYTES = 300 * 1024 * 1024
MAX_ICC_BYTES = 1024 * 1024
# Pillow format names we open (the JPEG opener also gives "MPO" for multi-frame phone JPEGs).
OPEN_FORMATS = ("JPEG", "PNG", "WEBP", "HEIF")
SUPPORTED_TEXT = "JPEG, PNG, WebP or HEIC"
EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 0x9003

# Magic numbers of images we do not take, to say what the file is instead of "unknown".
_OTHER_FORMATS = (
    (b"GIF87a", "a GIF image"), (b"GIF89a", "a GIF image"), (b"BM", "a BMP image"),
    (b"II*\x00", "a TIFF image"), (b"MM\x00*", "a TIFF image"), (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"), (b"8BPS", "a Photoshop file"),
)


class PhotoRejected(JournalError):
    """One file could not be imported; `reason` says why without naming the file."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class DuplicatePhoto(PhotoRejected):
    """The same picture is already filed for that day and area (`photo` is the existing row)."""

    def __init__(self, path: Path, photo: Photo):
        super().__init__(path, f"already in the journal for {photo.date.isoformat()} ({photo.area})")
        self.photo = photo


@dataclass
class ImportResult:
    """What a batch import did: new rows, files already there, files that failed and why."""
    imported: list[Photo] = field(default_factory=list)
    duplicates: list[Path] = field(default_factory=list)
    failed: list[tuple[Path, str]] = field(default_factory=list)
    cancelled: bool = False


@dataclass
class PreparedPhoto:
    """A decoded, cleaned and re-encoded picture, ready to be filed (no database yet)."""
    data: bytes
    ext: str
    width: int
    height: int
    taken_at: str | None


# -- Pillow, loaded lazily -------------------------------------------------------------------
_pillow_lock = threading.Lock()
_pillow_ready = False


def _pillow():
    """Import Pillow (and register the HEIC opener) once, on first use."""
    global _pillow_ready
    from PIL import Image

    if not _pillow_ready:
        with _pillow_lock:
            if not _pillow_ready:
                import warnings

                try:
                    from pillow_heif import register_heif_opener

                    register_heif_opener(thumbnails=False)
                except ImportError:  # HEIC then fails with a clear "not supported" message
                    pass
                # Between Pillow's limit and twice it, Pillow only warns; we accept those
                # pictures (they are scaled down to 24 MP). Above twice it, it refuses.
                warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
                _pillow_ready = True
    return Image


# -- import ----------------------------------------------------------------------------------
_imports_guard = threading.Lock()
_running_imports: dict[int, float] = {}


class _ImportRunning:
    """Registers an import in progress, so `check --repair` leaves its new files alone."""

    def __enter__(self):
        import time

        with _imports_guard:
            _running_imports[id(self)] = time.time()
        return self

    def __exit__(self, *exc):
        with _imports_guard:
            _running_imports.pop(id(self), None)


def oldest_running_import() -> float | None:
    """When the oldest import still running in this process began (time.time()), or None.

    Other processes cannot import during a repair: it holds the journal alone.
    """
    with _imports_guard:
        return min(_running_imports.values(), default=None)


def import_photo(journal: Journal, path: str | os.PathLike, date: dt.date | str,
                 area: str = "full face", date_from_capture: bool = False) -> Photo:
    """Import one picture for `date` and `area`; return the new row.

    With `date_from_capture`, the picture is filed on the day the camera took it
    (EXIF DateTimeOriginal) and on `date` only when it has no capture time.
    Raises DuplicatePhoto if the same picture is already filed for that day and
    area, PhotoRejected (a JournalError) for anything wrong with the file. In
    both cases nothing is written.
    """
    path = Path(path)
    return import_photo_data(journal, read_original(path), date, area, path, date_from_capture)


def import_photo_data(journal: Journal, original: bytes, date: dt.date | str, area: str = "full face",
                      path: Path = Path("photo"), date_from_capture: bool = False) -> Photo:
    """Import a picture given as bytes (`path` only names it in messages); see import_photo."""
    date = parse_date(date)
    area = check_area(area)
    with _ImportRunning():
        return _import_photo_data(journal, original, date, area, path, date_from_capture)


def _import_photo_data(journal, original: bytes, date: dt.date, area: str, path: Path,
                       date_from_capture: bool) -> Photo:
    if date_from_capture:
        date = capture_date(original) or date
    original_sha = hashlib.sha256(original).hexdigest()
    existing = _find_photo(journal, date, area, original_sha)
    if existing is not None:
        raise DuplicatePhoto(path, existing)
    prepared = prepare_photo(original, path)
    file_name = store_bytes(journal.photos_dir, prepared.data, prepared.ext)
    try:
        with journal.transaction():
            cursor = journal.conn.execute(
                "INSERT INTO photos (date, area, sha256, file_name, width, height, taken_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (date.isoformat(), area, original_sha, file_name, prepared.width,
                 prepared.height, prepared.taken_at),
            )
    except sqlite3.IntegrityError:  # another import filed the same picture meanwhile
        _remove_if_unreferenced(journal, file_name)
        existing = _find_photo(journal, date, area, original_sha)
        if existing is None:
            raise
        raise DuplicatePhoto(path, existing) from None
    except JournalError:  # not recorded (disk full, journal locked): take the file back
        _remove_if_unreferenced(journal, file_name)
        raise
    return journal.photo(cursor.lastrowid)


def capture_date(original: bytes) -> dt.date | None:
    """The day the camera took the picture (EXIF DateTimeOriginal), read without decoding it."""
    Image = _pillow()
    try:
        with Image.open(io.BytesIO(original), formats=OPEN_FORMATS) as img:
            taken = _capture_time(img.getexif())
    except Exception:  # noqa: BLE001 - the full decode later says what is wrong with the file
        return None
    return dt.datetime.fromisoformat(taken).date() if taken else None


def import_photos(journal: Journal, paths: Iterable[str | os.PathLike], date: dt.date | str,
                  area: str = "full face",
                  progress: Callable[[int, int, Path], None] | None = None,
                  is_cancelled: Callable[[], bool] | None = None,
                  date_from_capture: bool = False) -> ImportResult:
    """Import many files; the good ones are kept, the others listed with the reason.

    `progress(done, total, path)` is called after each file; `is_cancelled()` is
    asked before each file, and a cancelled import keeps what it already filed.
    `date_from_capture` files each picture on its camera date (see import_photo).
    A bad date or area raises JournalError before anything is read.
    """
    date = parse_date(date)
    area = check_area(area)
    paths = [Path(p) for p in paths]
    result = ImportResult()
    for done, path in enumerate(paths, start=1):
        if is_cancelled is not None and is_cancelled():
            result.cancelled = True
            break
        try:
            result.imported.append(import_photo(journal, path, date, area, date_from_capture))
        except DuplicatePhoto:
            result.duplicates.append(path)
        except PhotoRejected as exc:
            result.failed.append((path, exc.reason))
        except JournalError as exc:
            result.failed.append((path, str(exc)))
        if progress is not None:
            progress(done, len(paths), path)
    return result


def check_area(area: str | None) -> str:
    area = (area or "full face").strip().lower()
    if area not in AREAS:
        raise JournalError(f"unknown area {area!r}: use one of {', '.join(AREAS)}")
    return area


def read_original(path: Path) -> bytes:
    """The bytes of the file to import; PhotoRejected for a path that is not a readable file."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise PhotoRejected(path, "no such file") from None
    except OSError as exc:
        raise PhotoRejected(path, f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(info.st_mode):
        raise PhotoRejected(path, "is a folder, not a photo")
    if not stat.S_ISREG(info.st_mode):
        raise PhotoRejected(path, "is not a regular file")
    if info.st_size == 0:
        raise PhotoRejected(path, "the file is empty")
    if info.st_size > MAX_FILE_BYTES:
        raise PhotoRejected(
            path, f"the file is {info.st_size // 2**20} MB; photos over "
                  f"{MAX_FILE_BYTES // 2**20} MB are not accepted")
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except PermissionError:
        raise PhotoRejected(path, "cannot be read: permission denied") from None
    except OSError as exc:
        raise PhotoRejected(path, f"cannot be read ({exc.strerror or exc})") from None
    if not data:
        raise PhotoRejected(path, "the file is empty")
    return data


def prepare_photo(original: bytes, path: Path) -> PreparedPhoto:
    """Decode, orient, scale and re-encode a picture without any of its metadata.

    Pure work on bytes (no database, no files written): safe to run on any thread.
    """
    Image = _pillow()
    from PIL import ImageOps, JpegImagePlugin

    try:
        img = Image.open(io.BytesIO(original), formats=OPEN_FORMATS)
    except Image.DecompressionBombError:
        raise PhotoRejected(path, _too_many_pixels()) from None
    except Image.UnidentifiedImageError:
        raise PhotoRejected(path, _what_is_it(original)) from None
    except Exception as exc:  # noqa: BLE001 - any decoder error means a damaged file
        raise PhotoRejected(path, f"the image is damaged and cannot be opened ({_one_line(exc)})") from None
    try:
        source_format = img.format
        width, height = img.size
        if width * height > MAX_STORED_PIXELS and source_format in ("JPEG", "MPO"):
            # Decode straight at a reduced DCT scale when that still covers the target size.
            target = _scaled_size(width, height)
            img.draft(img.mode, target)
        img.load()  # the full decode: a truncated file fails here, not at open()
        exif = img.getexif()
        taken_at = _capture_time(exif)
        icc = img.info.get("icc_profile")
        sampling = JpegImagePlugin.get_sampling(img) if source_format in ("JPEG", "MPO") else -1
        ImageOps.exif_transpose(img, in_place=True)
    except Image.DecompressionBombError:
        raise PhotoRejected(path, _too_many_pixels()) from None
    except MemoryError:
        raise PhotoRejected(path, "the image is too large to open with the memory available") from None
    except Exception as exc:  # noqa: BLE001
        if "truncated" in str(exc):
            reason = "the image is incomplete (the file is cut short); copy it again from the camera"
        else:
            reason = f"the image is damaged and cannot be decoded ({_one_line(exc)})"
        raise PhotoRejected(path, reason) from None

    img, as_png = _normalise_mode(img, source_format)
    if img.width * img.height > MAX_STORED_PIXELS:
        img = img.resize(_scaled_size(img.width, img.height), Image.Resampling.LANCZOS,
                         reducing_gap=3.0)
    img.info = {}  # nothing of the original's metadata may ride along into the stored copy
    options = {}
    img, profile = _in_srgb(img, icc)
    if profile is not None:
        options["icc_profile"] = profile
    buffer = io.BytesIO()
    if as_png:
        img.save(buffer, "PNG", compress_level=6, **options)
        ext = "png"
    else:
        img.save(buffer, "JPEG", quality=JPEG_QUALITY,
                 subsampling=sampling if sampling in (0, 1, 2) else 0, **options)
        ext = "jpg"
    return PreparedPhoto(buffer.getvalue(), ext, img.width, img.height, taken_at)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def _normalise_mode(img, source_format: str):
    """Return (image in a mode we store, whether to store PNG)."""
    mode = img.mode
    if mode == "P":
        img = img.convert("RGBA" if "transparency" in img.info else "RGB")
    elif mode in ("RGB", "L") and "transparency" in img.info:
        img = img.convert("RGBA" if mode == "RGB" else "LA")
    elif mode in ("I;16", "I;16B", "I;16L", "I;16N", "I"):
        img = img.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    elif mode == "1":
        img = img.convert("L")
    elif mode in ("CMYK", "YCbCr", "LAB", "HSV", "F"):
        img = img.convert("RGB")
    elif mode in ("RGBa", "La", "PA"):
        img = img.convert("RGBA")
    has_alpha = img.mode in ("RGBA", "LA") and img.getchannel("A").getextrema()[0] < 255
    if img.mode in ("RGBA", "LA") and not has_alpha:
        img = img.convert("RGB" if img.mode == "RGBA" else "L")
    return img, (source_format == "PNG" or has_alpha)


_srgb_profile: bytes | None = None


def srgb_profile() -> bytes:
    """The sRGB profile stored photos carry: built here, the same bytes all along."""
    global _srgb_profile
    if _srgb_profile is None:
        from PIL import ImageCms

        _srgb_profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return _srgb_profile


def _in_srgb(img, icc: bytes | None):
    """(pixels in sRGB, the profile to store or None); none of the source profile's bytes.

    A picture's own profile is read only for its colour data: the pixels are
    converted from it to sRGB. A grey, unreadable or oversized profile is dropped
    (the pixels are then taken as sRGB, as viewers do without a profile).
    """
    if not icc or len(icc) > MAX_ICC_BYTES or img.mode not in ("RGB", "RGBA") \
            or icc[16:20] != b"RGB ":
        return img, None
    from PIL import ImageCms

    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "sRGB" in (ImageCms.getProfileDescription(source) or ""):
            return img, srgb_profile()  # already sRGB: the pixels stay as they are
        converted = ImageCms.profileToProfile(
            img, source, ImageCms.createProfile("sRGB"),
            renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, outputMode=img.mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return img, None
    return converted, srgb_profile()


def _scaled_size(width: int, height: int) -> tuple[int, int]:
    scale = (MAX_STORED_PIXELS / (width * height)) ** 0.5
    return max(1, int(width * scale)), max(1, int(height * scale))


def _capture_time(exif) -> str | None:
    """EXIF DateTimeOriginal as ISO text (local time of the camera), or None."""
    try:
        value = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL)
        if isinstance(value, bytes):
            value = value.decode("ascii", "replace")
        if not value:
            return None
        return dt.datetime.strptime(str(value).strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S").isoformat()
    except Exception:  # noqa: BLE001 - a broken EXIF block just means "no capture time"
        return None


def _too_many_pixels() -> str:
    from PIL import Image

    limit = 2 * (Image.MAX_IMAGE_PIXELS or 0) / 1e6
    return (f"the image has too many pixels to open safely (over {limit:.0f} megapixels); "
            "it may be damaged or a decompression bomb")


def _what_is_it(data: bytes) -> str:
    """A reason for a file Pillow could not identify among the formats we take."""
    for magic, name in _OTHER_FORMATS:
        if data.startswith(magic):
            return f"is {name}; only {SUPPORTED_TEXT} photos can be imported"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc", b"ftypavif"):
        return "is a HEIC/AVIF file this installation cannot read (pillow-heif is missing)"
    head = data[:2048]
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and all(ch.isprintable() or ch in "\r\n\t" for ch in text.rstrip("\x00")):
        return f"is not an image (it contains text); only {SUPPORTED_TEXT} photos can be imported"
    return f"is not a {SUPPORTED_TEXT} image (or it is damaged)"


def store_bytes(folder: Path, data: bytes, ext: str) -> str:
    """Write `data` as ``<sha256>.<ext>`` in `folder` durably; return the file name.

    Temporary file, fsync, rename, fsync of the folder: the name appears only
    with its whole content. A file with that name already there is the same
    picture and is left as it is.
    """
    name = f"{hashlib.sha256(data).hexdigest()}.{ext}"
    target = folder / name
    try:
        if target.is_file() and target.stat().st_size == len(data):
            return name
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=folder, prefix=".import-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)
        except BaseException:
            with _suppress_os_error():
                os.unlink(temp)
            raise
        _fsync_dir(folder)
    except OSError as exc:
        raise JournalError(f"could not save the photo in {folder}: {exc.strerror or exc}") from None
    return name


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with _suppress_os_error():
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class _suppress_os_error:
    def __enter__(self):
        return self

    def __exit__(self, kind, exc, tb):
        return kind is not None and issubclass(kind, OSError)


# -- rows, files and deletion ----------------------------------------------------------------
def _find_photo(journal: Journal, date: dt.date, area: str, original_sha: str) -> Photo | None:
    row = journal.conn.execute(
        "SELECT id FROM photos WHERE date=? AND area=? AND sha256=?",
        (date.isoformat(), area, original_sha),
    ).fetchone()
    return journal.photo(row[0]) if row else None


def delete_photo(journal: Journal, photo_id: int) -> None:
    """Remove the row, then the stored file (and its thumbnails) if no other row uses it."""
    delete_photos(journal, [journal.photo(photo_id).id])


def delete_photos(journal: Journal, photo_ids) -> int:
    """Remove these rows in one transaction, then the files no other row uses; how many went."""
    ids = list(photo_ids)
    files: set[str] = set()
    with journal.transaction() as conn:
        for photo_id in ids:
            row = conn.execute("SELECT file_name FROM photos WHERE id=?", (photo_id,)).fetchone()
            if row is not None:
                files.add(row[0])
        conn.executemany("DELETE FROM photos WHERE id=?", [(i,) for i in ids])
    for file_name in sorted(files):
        _remove_if_unreferenced(journal, file_name)
    return len(files)


def _remove_if_unreferenced(journal: Journal, file_name: str) -> None:
    used = journal.conn.execute(
        "SELECT 1 FROM photos WHERE file_name=? LIMIT 1", (file_name,)).fetchone()
    if used:
        return
    with _suppress_os_error():
        (journal.photos_dir / file_name).unlink()
    stem = Path(file_name).stem
    if journal.thumbs_dir.is_dir():
        for thumb in journal.thumbs_dir.glob(f"{stem}-*.jpg"):
            with _suppress_os_error():
                thumb.unlink()


def remove_unreferenced_files(journal: Journal) -> int:
    """Delete stored photos no row refers to (and stale thumbnails); return how many went."""
    used = {r[0] for r in journal.conn.execute("SELECT DISTINCT file_name FROM photos")}
    removed = 0
    if journal.photos_dir.is_dir():
        for path in journal.photos_dir.iterdir():
            if path.is_file() and path.name not in used:
                with _suppress_os_error():
                    path.unlink()
                    removed += 1
    stems = {Path(name).stem for name in used}
    if journal.thumbs_dir.is_dir():
        for path in journal.thumbs_dir.iterdir():
            if path.is_file() and path.name.rsplit("-", 1)[0] not in stems:
                with _suppress_os_error():
                    path.unlink()
    return removed


# -- thumbnails ------------------------------------------------------------------------------
def thumbnail_path(journal: Journal, photo: Photo, size: int = 256) -> Path:
    """The cached thumbnail (longest side `size`) of `photo`, built if missing.

    Touches no database, so it may be called from worker threads.
    """
    return build_thumbnail(journal.photos_dir / photo.file_name, journal.thumbs_dir, size)


def build_thumbnail(source: Path, thumbs_dir: Path, size: int = 256) -> Path:
    """``<thumbs_dir>/<source stem>-<size>.jpg``, made from `source` when not there yet."""
    target = thumbs_dir / f"{source.stem}-{size}.jpg"
    if target.is_file():
        return target
    if not source.is_file():
        raise JournalError(f"the photo file {source.name} is missing from {source.parent}")
    from PIL import Image  # stored copies are JPEG or PNG: no need for the HEIC opener here
    try:
        with Image.open(source) as img:
            img.draft("RGB", (size, size))  # JPEG: decode at 1/2, 1/4 or 1/8 scale, much faster
            img.thumbnail((size, size), Image.Resampling.BICUBIC, reducing_gap=2.0)
            if img.mode in ("RGBA", "LA"):
                background = Image.new("RGB", img.size, (236, 236, 236))
                background.paste(img.convert("RGBA"), mask=img.convert("RGBA").getchannel("A"))
                img = background
            elif img.mode != "RGB":
                img = img.convert("RGB")
            buffer = io.BytesIO()
            img.save(buffer, "JPEG", quality=THUMB_QUALITY)
    except (OSError, ValueError) as exc:
        raise JournalError(f"cannot make a thumbnail of {source.name}: {exc}") from None
    try:
        write_whole(target, buffer.getvalue())  # the cache may be rebuilt: no fsync
    except OSError as exc:
        raise JournalError(f"cannot write a thumbnail in {thumbs_dir}: {exc.strerror or exc}") from None
    return target


# -- command line ----------------------------------------------------------------------------
def import_photos_cli(journal: Journal, args) -> int:
    """`photo add FILE... --date DATE [--area AREA]`: 0 if anything was filed, 2 if nothing."""
    import sys

    from journal.terminal import safe

    date = parse_date(args.date)
    if date > dt.date.today():  # as in the app's import dialog
        raise JournalError(f"photos cannot be filed on a day in the future ({date})")
    area = check_area(getattr(args, "area", None))
    result = import_photos(journal, args.files, date, area)
    for path, reason in result.failed:
        print(safe(f"error: {path}: {reason}"), file=sys.stderr)
    where = f"{date.isoformat()} ({area})"
    if result.imported:
        print(f"imported {_count(len(result.imported), 'photo')} for {where}")
    if result.duplicates:
        names = ", ".join(p.name for p in result.duplicates)
        if not result.imported and not result.failed:
            what = ("the photo was" if len(result.duplicates) == 1
                    else f"all {len(result.duplicates)} photos were")
            print(safe(f"nothing added: {what} already in the journal for {where} ({names})"))
        else:
            print(safe(f"already in the journal for {where}, not added again: {names}"))
    if result.failed and not result.imported:
        return 2
    return 0


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"
