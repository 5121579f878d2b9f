"""Plain data that crosses the layers: sessions, products, day entries, photos.

Nothing here touches SQLite or Qt. The symptom scales, flags and the rule for
"Day N" live here because the store, the tips, the trends and the UI all need
the same definitions.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple, Sequence


class JournalError(Exception):
    """Something the user gave us is wrong; the message is meant for a person."""


# Symptom ratings, each 0-10, in the order the app shows them.
SYMPTOMS: tuple[str, ...] = ("redness", "swelling", "pain", "itch", "dryness")
SYMPTOM_LABELS: dict[str, str] = {
    "redness": "Redness",
    "swelling": "Swelling",
    "pain": "Pain",
    "itch": "Itch",
    "dryness": "Dryness / peeling",
}
RATING_MIN, RATING_MAX = 0, 10


def rating_anchor(value: int | None) -> str:
    """A short words-for-the-number text shown beside a 0-10 rating."""
    if value is None:
        return "not rated"
    if value == 0:
        return "none"
    if value <= 3:
        return "mild"
    if value <= 6:
        return "moderate"
    if value <= 9:
        return "severe"
    return "worst imaginable"


# Red flags: column name -> (command-line name, label).
FLAGS: dict[str, tuple[str, str]] = {
    "pus": ("pus", "Pus or discharge"),
    "fever": ("fever", "Fever (38 °C / 100.4 °F or more) or feeling shivery or unwell"),
    "spreading_redness": ("spreading-redness", "Spreading redness"),
    "cold_sore": ("cold-sore", "Cold sore"),
    "airway": ("airway", "Swelling of lips, tongue or throat, or trouble breathing"),
    "eye_problem": ("eye-problem",
                    "Eye problem (pain, swelling shut, blurred vision, blisters near the eye)"),
}
FLAG_BY_CLI_NAME: dict[str, str] = {cli: col for col, (cli, _) in FLAGS.items()}

# Context of the day: column name -> label.
CONTEXT: dict[str, str] = {
    "makeup": "Wore makeup",
    "sun": "Sun exposure",
    "sweat": "Heavy sweating / exercise",
}

# The patient profile: history a clinic asks about before a session. Field -> (command-line
# option, question). Stored in the journal's settings table (journal/settings.py, PROFILE).
PROFILE_FIELDS: dict[str, tuple[str, str]] = {
    "cold_sores": ("cold-sores", "I get cold sores (herpes simplex)"),
    "isotretinoin": ("isotretinoin", "I took isotretinoin (e.g. Roaccutane) in the last 6 months"),
    "keloids": ("keloids", "I tend to form keloids or raised scars"),
    "acne_flare": ("acne-flare", "I have an acne flare at the moment"),
}


@dataclass(frozen=True)
class Profile:
    """What the patient has recorded about their history (all False until answered)."""
    cold_sores: bool = False
    isotretinoin: bool = False
    keloids: bool = False
    acne_flare: bool = False

    def items(self) -> list[tuple[str, bool]]:
        return [(name, getattr(self, name)) for name in PROFILE_FIELDS]


CATEGORIES: tuple[str, ...] = ("cleanser", "moisturiser", "serum", "sunscreen", "makeup", "other")
AREAS: tuple[str, ...] = (
    "full face", "forehead", "left cheek", "right cheek", "nose", "chin", "neck", "other",
)


EARLIEST_YEAR, LATEST_YEAR = 1900, 2999
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # not ISO weeks (2026-W27-7) nor 20260705


def parse_date(text: str | dt.date) -> dt.date:
    """Read an ISO date (YYYY-MM-DD); raise JournalError naming the bad text."""
    if isinstance(text, dt.date):
        date = text
    else:
        text = (text or "").strip()
        try:
            if not _ISO_DATE.fullmatch(text):
                raise ValueError
            date = dt.date.fromisoformat(text)
        except ValueError:
            raise JournalError(
                f"{text!r} is not a valid date: use YYYY-MM-DD, for example 2026-03-14"
            ) from None
    shown = date.isoformat()
    if date.year < EARLIEST_YEAR:  # a typo; day arithmetic near year 1 overflows
        raise JournalError(f"{shown!r} is too far in the past: use a date from {EARLIEST_YEAR} on")
    if date.year > LATEST_YEAR:  # likewise near 9999 (Day 14 after a session ...)
        raise JournalError(f"{shown!r} is too far in the future: use a date up to {LATEST_YEAR}")
    return date


def check_rating(name: str, value) -> int | None:
    """Return the rating as an int 0-10 (or None for not rated); JournalError otherwise."""
    if value is None or value == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise JournalError(f"{name} must be a whole number from 0 to 10, not {value!r}") from None
    if not RATING_MIN <= number <= RATING_MAX:
        raise JournalError(f"{name} must be from 0 to 10, not {number}")
    return number


def check_breakouts(value) -> int | None:
    """Return a breakout count (>= 0) or None; JournalError otherwise."""
    if value is None or value == "":
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise JournalError(f"breakouts must be a whole number, not {value!r}") from None
    if number < 0:
        raise JournalError(f"breakouts cannot be negative ({number})")
    if number > 999:
        raise JournalError(f"breakouts of {number} is not believable; count new spots only")
    return number


# Bidirectional embeddings, overrides and isolates: they make text read otherwise than it is.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters: "Z" and "Z" + zero-width space would be two products that look the same.
from journal.terminal import INVISIBLE as _INVISIBLE  # noqa: E402 - one list for input and output


NAME_MAX_CHARS = 200        # a name, brand, clinic or area (one line)


def check_text(label: str, text: str, multiline: bool = False,
               max_chars: int | None = None) -> str:
    """`text` if it holds no control characters (a newline and a tab allowed when `multiline`)
    and is at most `max_chars` long (one-line text: NAME_MAX_CHARS unless given).

    Terminal escapes, other control characters and bidi overrides in a name could
    retitle or clear a terminal, fake rows in a listing or disguise what it says.
    """
    import unicodedata

    text = "" if text is None else str(text)
    if multiline:
        text = text.replace("\r\n", "\n")
    limit = max_chars if max_chars is not None or multiline else NAME_MAX_CHARS
    if limit is not None and len(text) > limit:  # a 100,000-character name: a 48-page brief
        raise JournalError(f"{label} is {len(text):,} characters long; it can hold at most "
                           f"{limit:,}")
    allowed = "\n\t" if multiline else ""
    for char in text:
        if char in allowed:
            continue
        if char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cc", "Cs"):
            what = "a line break" if char in "\r\n" else f"the control character U+{ord(char):04X}"
            raise JournalError(f"{label} contains {what}; type it without")
        if char in _INVISIBLE and not multiline:
            raise JournalError(f"{label} contains the invisible character U+{ord(char):04X}; "
                               "type it without")
    return text


def name_key(name: str | None) -> str:
    """What two product names must share to be the same product: case and Unicode form
    ignored ("Crème" typed as one character or as e + accent, "CRÈME")."""
    import unicodedata

    folded = unicodedata.normalize("NFC", (name or "").strip()).casefold()
    return unicodedata.normalize("NFC", folded)


NOTE_MAX_CHARS = 20_000     # a note longer than this is refused where it is entered


def check_note(text: str | None, what: str = "the note") -> str:
    """The note as given; JournalError when it is longer than NOTE_MAX_CHARS characters."""
    text = text or ""
    if len(text) > NOTE_MAX_CHARS:
        raise JournalError(f"{what} is {len(text):,} characters long; a note can hold at most "
                           f"{NOTE_MAX_CHARS:,} (shorten it, or keep long texts in a file)")
    return text


@dataclass
class Session:
    """A microneedling treatment session."""
    date: dt.date
    areas: tuple[str, ...] = ()
    depth_mm: float | None = None
    clinic: str = ""
    notes: str = ""
    id: int | None = None

    def validate(self) -> None:
        self.date = parse_date(self.date)
        self.areas = tuple(check_text("an area", area) for area in self.areas)
        self.clinic = check_text("the clinic", self.clinic)
        self.notes = check_text("the session notes", self.notes, multiline=True)
        self.notes = check_note(self.notes, "the session notes")
        if self.depth_mm is not None and not 0 < self.depth_mm <= 5:
            raise JournalError(f"needle depth must be more than 0 and at most 5 mm, "
                               f"not {self.depth_mm:g}")


@dataclass
class Product:
    """A product on the shelf, with its ingredient list as printed on the label."""
    name: str
    brand: str = ""
    category: str = "other"
    ingredients: str = ""
    id: int | None = None

    def validate(self) -> None:
        self.name = unicodedata.normalize(
            "NFC", check_text("the product name", (self.name or "").strip()))
        self.brand = check_text("the brand", self.brand)
        self.ingredients = check_text("the ingredient list", self.ingredients, multiline=True,
                                      max_chars=NOTE_MAX_CHARS)
        if not self.name:
            raise JournalError("a product needs a name")
        if self.category not in CATEGORIES:
            raise JournalError(
                f"unknown category {self.category!r}: use one of {', '.join(CATEGORIES)}"
            )


@dataclass
class DayEntry:
    """What was logged for one calendar day. Ratings are None when not rated."""
    date: dt.date
    redness: int | None = None
    swelling: int | None = None
    pain: int | None = None
    itch: int | None = None
    dryness: int | None = None
    breakouts: int | None = None
    pus: bool = False
    fever: bool = False
    spreading_redness: bool = False
    cold_sore: bool = False
    airway: bool = False
    eye_problem: bool = False
    makeup: bool = False
    sun: bool = False
    sweat: bool = False
    note: str = ""
    product_ids: tuple[int, ...] = ()

    def validate(self) -> None:
        self.date = parse_date(self.date)
        for name in SYMPTOMS:
            setattr(self, name, check_rating(name, getattr(self, name)))
        self.breakouts = check_breakouts(self.breakouts)
        self.note = check_text("the note", self.note, multiline=True)
        self.note = check_note(self.note)

    @property
    def flags(self) -> list[str]:
        """Column names of the red flags set on this day."""
        return [name for name in FLAGS if getattr(self, name)]

    def rating(self, name: str) -> int | None:
        return getattr(self, name)


@dataclass
class Photo:
    """A stored photo of the treated skin."""
    date: dt.date
    area: str
    sha256: str
    file_name: str
    width: int
    height: int
    taken_at: str | None = None
    for_report: bool = False
    id: int | None = None


class PhotoRef(NamedTuple):
    """The narrow row of a photo that a long list groups, filters and captions by
    (``Journal.photo_refs``); ``Journal.photos_by_id`` gives the whole ``Photo`` when shown."""
    id: int
    date: dt.date
    area: str
    for_report: bool


@dataclass(frozen=True)
class DayInfo:
    """Where a date stands relative to the sessions: Day N after `session`."""
    date: dt.date
    session: Session | None
    day: int | None

    def label(self) -> str:
        from journal import format as fmt

        if self.session is None:
            return "before the first session"
        return fmt.day_after_session(self.day, None, self.session.date)


def latest_session_index(date: dt.date, sessions: Sequence[Session]) -> int | None:
    """Index of the latest session on or before `date` (the last of that day); None if none.

    `sessions` must be sorted by (date, id), as ``Journal.sessions()`` returns them.
    """
    index = bisect.bisect_right(sessions, date, key=lambda s: s.date)
    return index - 1 if index else None


def latest_session(date: dt.date, sessions: Sequence[Session]) -> Session | None:
    """The latest session on or before `date`; None before the first one."""
    index = latest_session_index(date, sessions)
    return None if index is None else sessions[index]


def day_since_session(date: dt.date, session_dates: list[dt.date]) -> int | None:
    """Days since the latest session on or before `date` (0 = session day); None if none.

    `session_dates` must be sorted ascending.
    """
    index = bisect.bisect_right(session_dates, date)
    if index == 0:
        return None
    return (date - session_dates[index - 1]).days



def session_numbers(sessions: list[Session]) -> dict[int, int]:
    """Session id -> its number: chronological over ALL the journal's sessions, 1 = earliest.

    Pass every session of the journal (not those of a period): a report of a date range
    keeps the journal-wide numbers, and a session added later with a later date leaves
    the earlier numbers as they were. Same-day sessions are numbered in the order they
    were recorded (id).
    """
    ordered = sorted(sessions, key=lambda s: (s.date, s.id if s.id is not None else 1 << 62))
    return {s.id: number for number, s in enumerate(ordered, 1)}


def session_label(number: int, date: dt.date) -> str:
    """"Session 2 (14 Oct 2026)": a session's number is always shown with its date."""
    from journal import format as fmt

    return fmt.session_label(number, date)
