"""Every date, number and plural a person reads, written one way: the app, the CLI and the brief.

Dates and numbers follow the user's locale through Babel (the Unicode CLDR data, the same tables
Qt and the operating systems use), so "14 Oct 2026" in Britain is "Oct 14, 2026" in the United
States, "14 oct. 2026" in Quebec and "14. Okt. 2026" in Germany, in every window, every printed
brief and every line the command line prints. Babel is imported on the first date or number
formatted, not when this module is, so a CLI command that prints no date pays nothing for it.

The words around the numbers are English (the app's texts go through ``tr()`` for a later
translation), so plurals follow the English rule: "1 new spot", "2 new spots".

The locale is chosen once: the GUI passes ``QLocale.system().name()`` to :func:`set_locale`; the
CLI and the report use the process's locale (``JOURNAL_LOCALE`` if set, else ``LC_ALL``,
``LC_TIME``, ``LANG``), and a machine
with none set ("C", "POSIX") gets :data:`FALLBACK_LOCALE`. No Qt here.
"""
from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterable

FALLBACK_LOCALE = "en_GB"  # day month year, a 24-hour clock: the least ambiguous English

_locale: str | None = None
_locale_name: str | None = None  # as given to set_locale


# -- the locale -------------------------------------------------------------------------------
def set_locale(name: str | None) -> str:
    """Use the locale `name` ("de_DE", "fr-CA", "en_US.UTF-8") from now on; return the one used.

    An empty, "C"/"POSIX" or unknown name falls back to :data:`FALLBACK_LOCALE`.
    """
    global _locale, _locale_name
    _locale_name = name
    _locale = _usable(name)
    return _locale


def current_locale() -> str:
    """The locale in use: the one set, else the process's (``LC_ALL``, ``LC_TIME``, ``LANG``)."""
    global _locale
    if _locale is None:
        _locale = _usable(_environment_locale())
    return _locale


def _environment_locale() -> str | None:
    for variable in ("JOURNAL_LOCALE", "LC_ALL", "LC_TIME", "LANG"):
        value = os.environ.get(variable)
        if value:
            return value
    return None


@functools.lru_cache(maxsize=32)
def _usable(name: str | None) -> str:
    text = (name or "").split(".")[0].split("@")[0].replace("-", "_").strip()
    if not text or text in ("C", "POSIX"):
        return FALLBACK_LOCALE
    return _remembered(f"locale|{text}", lambda: _parse_locale(text))


def _parse_locale(text: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(text))
    except (ValueError, TypeError, UnknownLocaleError):
        return FALLBACK_LOCALE


# -- what the first window needs, remembered from the last start ------------------------------
# Babel and a locale's CLDR data take ~30 ms to load. The first window's few texts (the
# locale's name, the date field's pattern, the dates in Today's day label) are kept from
# the last start (``remember_texts``/``remembered_texts``, stored by the GUI) and used
# until ``check_remembered()``, called just after the first paint, has worked them out with
# Babel again: it says whether one differed (a new Babel, another locale), so the window
# writes them anew. Until then a key not remembered is worked out with Babel as usual.
_earlier: dict[str, str] = {}
_used: dict[str, str] | None = None  # from remember_texts to check_remembered: what was asked


def remember_texts(texts: dict[str, str]) -> None:
    """Texts from the last start (see above), used until check_remembered()."""
    global _used
    _earlier.clear()
    _earlier.update(texts)
    _used = {}


def _remembered(key: str, compute) -> str:
    value = _earlier[key] if key in _earlier else compute()
    if _used is not None and len(_used) < 64:
        _used[key] = value
    return value


def remembering() -> bool:
    """True from remember_texts() until check_remembered()."""
    return _used is not None


def check_remembered() -> bool:
    """Work the remembered texts used so far out with Babel; False if one differed (the
    caches are then cleared: ask again for the right one). Remembered texts are not used
    after this."""
    global _used, _locale
    used, _used = _used or {}, None
    earlier = dict(_earlier)
    _earlier.clear()
    wrong = False
    for key in used:
        if key in earlier:
            used[key] = _compute(key)
            wrong = wrong or used[key] != earlier[key]
    _checked.clear()
    _checked.update(used)
    if wrong:
        for cached in (_usable, _skeleton, _number):
            cached.cache_clear()
        if _locale_name is not None:
            _locale = _usable(_locale_name)
        else:
            _locale = None
    return not wrong


_checked: dict[str, str] = {}


def remembered_texts() -> dict[str, str]:
    """What the first window asked for, worked out by Babel: to remember for the next start.
    Before check_remembered() (a start-up timing run, gone before it), the texts used then:
    those worked out by Babel, and those remembered (not checked, as they were not shown
    for longer than a frame)."""
    return dict(_checked) if _used is None else dict(_used)


def _compute(key: str) -> str:
    kind, _, rest = key.partition("|")
    if kind == "locale":
        return _parse_locale(rest)
    if kind == "qt":
        name, _, locale = rest.partition("|")
        return _qt_date_format(name, locale)
    if kind == "number":
        value, pattern, locale = rest.split("|")
        return _babel_number(int(value), pattern, locale)
    value, _, locale = rest.partition("|")
    when = dt.time.fromisoformat(value) if kind == "time" else dt.date.fromisoformat(value)
    return _babel_skeleton(kind, when, locale)


# -- dates --------------------------------------------------------------------------------------
# CLDR "skeletons": which fields to show; the locale decides order, punctuation and spelling.
_SKELETONS = {
    "date": "yMMMd",            # 14 Oct 2026 / Oct 14, 2026 / 14 oct. 2026 / 14. Okt. 2026
    "weekday": "yMMMEd",        # Wed, 14 Oct 2026
    "short": "MMMd",            # 14 Oct (a chart axis, a chip)
    "numeric": "yMd",           # 14/10/2026 (a narrow table column)
    "month": "yMMM",            # Oct 2026
    "month_name": "MMM",        # Oct (a chart axis)
}


@functools.lru_cache(maxsize=4096)
def _skeleton(kind: str, value, locale: str) -> str:
    return _remembered(f"{kind}|{value.isoformat()}|{locale}",
                       lambda: _babel_skeleton(kind, value, locale))


def _babel_skeleton(kind: str, value, locale: str) -> str:
    from babel.dates import format_skeleton

    if kind == "time":  # the locale's own short time: its clock, its separators
        from babel.dates import format_time

        return format_time(value, "short", locale=locale)
    return format_skeleton(_SKELETONS[kind], value, locale=locale)


def qt_date_format(kind: str = "weekday") -> str:
    """The locale's pattern for `kind` ("date", "weekday", ...) in Qt's display-format syntax
    (for QDateEdit.setDisplayFormat), so a date field writes dates as the rest of the app:
    "ddd, d MMM yyyy" (en_GB), "ddd, MMM d, yyyy" (en_US), "ddd d MMM yyyy" (fr_CA)."""
    locale = current_locale()
    return _remembered(f"qt|{kind}|{locale}", lambda: _qt_date_format(kind, locale))


def _qt_date_format(kind: str, locale: str) -> str:
    import re

    from babel import Locale

    pattern = Locale.parse(locale).datetime_skeletons[_SKELETONS[kind]].pattern
    widths = {"E": {4: "dddd"}, "c": {4: "dddd"}, "d": {2: "dd"}, "y": {2: "yy"},
              "M": {1: "M", 2: "MM", 4: "MMMM"}, "L": {1: "M", 2: "MM", 4: "MMMM"}}
    default = {"E": "ddd", "c": "ddd", "d": "d", "y": "yyyy", "M": "MMM", "L": "MMM"}
    out = []
    for token in re.finditer(r"'(?:[^']|'')*'|([A-Za-z])\1*|[^A-Za-z']+", pattern):
        text, letter = token.group(0), token.group(1)
        if letter is None:
            out.append(text)  # a literal (quoted or punctuation) means the same to Qt
        elif letter in default:
            out.append(widths[letter].get(len(text), default[letter]))
        else:
            out.append(f"'{text}'")  # a field Qt has no use for in a date: kept as written
    return "".join(out)


def date(value: dt.date) -> str:
    """A calendar date as the locale writes it: "14 Oct 2026" (en_GB), "Oct 14, 2026" (en_US)."""
    return _skeleton("date", _as_date(value), current_locale())


def weekday_date(value: dt.date) -> str:
    """A date with its weekday: "Wed, 14 Oct 2026" (en_GB), "Wed, Oct 14, 2026" (en_US)."""
    return _skeleton("weekday", _as_date(value), current_locale())


def short_date(value: dt.date) -> str:
    """Day and month only, for a chart axis or a chip: "14 Oct" (en_GB), "Oct 14" (en_US)."""
    return _skeleton("short", _as_date(value), current_locale())


def numeric_date(value: dt.date) -> str:
    """All figures, for a narrow column: "14/10/2026" (en_GB), "10/14/2026" (en_US)."""
    return _skeleton("numeric", _as_date(value), current_locale())


def month(value: dt.date) -> str:
    """Month and year: "Oct 2026"."""
    return _skeleton("month", _as_date(value), current_locale())


def month_name(value: dt.date) -> str:
    """The month's short name alone, for a chart axis: "Oct" (en_GB), "oct." (fr_CA)."""
    return _skeleton("month_name", _as_date(value), current_locale())


def time(value: dt.time | dt.datetime) -> str:
    """A time of day on the locale's clock: "20:30" (en_GB), "8:30 PM" (en_US)."""
    if isinstance(value, dt.datetime):
        value = value.time()
    return _skeleton("time", value.replace(second=0, microsecond=0), current_locale())


def date_time(value: dt.datetime | str | None) -> str:
    """A moment: "14 Oct 2026, 20:30"; an ISO text ("2026-10-17 20:30:00") is read first.

    Text that is not a date and time comes back as it is; None and "" give "".
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip().replace("T", " "))
        except ValueError:
            return value
    return f"{date(value.date())}, {time(value)}"


def date_range(start: dt.date, end: dt.date) -> str:
    """Two dates as one span, without repeating what they share: "14–20 Oct 2026"."""
    start, end = _as_date(start), _as_date(end)
    if start == end:
        return date(start)
    return _interval(start, end, current_locale())


@functools.lru_cache(maxsize=512)
def _interval(start: dt.date, end: dt.date, locale: str) -> str:
    from babel.dates import format_interval

    return format_interval(start, end, _SKELETONS["date"], locale=locale)


def _as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str):
        return dt.date.fromisoformat(value)
    return value


# -- numbers and plurals ----------------------------------------------------------------------
def number(value: float | int, decimals: int | None = None) -> str:
    """A number as the locale writes it: "2.5" / "2,5", "1,234" / "1.234".

    `decimals` fixes the digits after the point; without it a whole number shows none and a
    fraction up to two ("0.75", never "0.750000001").
    """
    if type(value) is int and 0 <= value < 1000 and not decimals:
        # the same in every locale (Babel writes Latin digits unless asked; no grouping
        # below 1000): "Day 3" needs no Babel
        return str(value)
    if decimals is None:
        pattern = "#,##0.##"
    elif decimals == 0:
        pattern = "#,##0"
    else:
        pattern = "#,##0." + "0" * decimals
    return _number(float(value) if not isinstance(value, int) else value, pattern,
                   current_locale())


@functools.lru_cache(maxsize=2048)
def _number(value, pattern: str, locale: str) -> str:
    if type(value) is int:  # (a spin box's range: -1 in the count of new spots)
        return _remembered(f"number|{value}|{pattern}|{locale}",
                           lambda: _babel_number(value, pattern, locale))
    return _babel_number(value, pattern, locale)


def _babel_number(value, pattern: str, locale: str) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, format=pattern, locale=locale)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """The count and the noun that agrees with it: "1 new spot", "20 photos", "0 sessions"."""
    noun = singular if count == 1 else (plural_form or _plural_of(singular))
    return f"{number(count)} {noun}"


def _plural_of(noun: str) -> str:
    """English plural of a noun phrase (its last word): "new spot" -> "new spots"."""
    head, _, last = noun.rpartition(" ")
    if last.endswith(("s", "x", "ch", "sh")):
        last += "es"
    elif last.endswith("y") and last[-2:-1] not in ("a", "e", "i", "o", "u"):
        last = last[:-1] + "ies"
    else:
        last += "s"
    return f"{head} {last}" if head else last


def join(items: Iterable[str], conjunction: str = "and") -> str:
    """ "a", "a and b", "a, b and c" (English, like the sentences around it)."""
    items = [str(item) for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


# -- the journal's own words ------------------------------------------------------------------
def day_n(day: int | None) -> str:
    """ "Day 3" (0 = the session day); "Before the first session" when there is none."""
    if day is None:
        return "Before the first session"
    return f"Day {number(day)}"


def session_label(number_: int, when: dt.date, *, capital: bool = True) -> str:
    """ "Session 2 (14 Oct 2026)": the chronological number (1 = earliest) and its date."""
    word = "Session" if capital else "session"
    return f"{word} {number(number_)} ({date(when)})"


def day_after_session(day: int, number_: int | None, when: dt.date) -> str:
    """ "Day 3 after session 2 (14 Oct 2026)"; without a number "Day 3 after the session of 14 Oct 2026"."""
    if number_ is None:
        return f"{day_n(day)} after the session of {date(when)}"
    return f"{day_n(day)} after {session_label(number_, when, capital=False)}"


def area(name: str) -> str:
    """A treated area as a label: "left cheek" -> "Left cheek"."""
    name = (name or "").strip()
    return name[:1].upper() + name[1:]


def areas(names: Iterable[str]) -> str:
    """Several areas in one line: "Full face, neck"; "–" for none."""
    shown = [n.strip() for n in names if n and n.strip()]
    return area(", ".join(shown)) if shown else "–"


def depth(mm: float | None) -> str:
    """Needle depth, the same in every table and editor: "1 mm", "0.75 mm", "–" when unknown."""
    if mm is None:
        return "–"
    return f"{number(mm)} mm"


def rating(value: int | None) -> str:
    """A 0-10 rating: "7/10"; "–" when not rated."""
    return "–" if value is None else f"{number(value)}/10"
