"""The one formatter: dates, numbers, plurals and the journal's own words, per locale."""
import datetime as dt

import pytest

from journal import format as fmt

D = dt.date(2026, 10, 14)

TABLE = {
    #          date              weekday_date              short       number  big
    "en_US": ("Oct 14, 2026", "Wed, Oct 14, 2026", "Oct 14", "2.5", "1,234", "8:30\u202fPM"),
    "en_GB": ("14 Oct 2026", "Wed, 14 Oct 2026", "14 Oct", "2.5", "1,234", "20:30"),
    "fr_CA": ("14 oct. 2026", "mer. 14 oct. 2026", "14 oct.", "2,5", "1\u00a0234", "20 h 30"),
    "de_DE": ("14. Okt. 2026", "Mi., 14. Okt. 2026", "14. Okt.", "2,5", "1.234", "20:30"),
}


@pytest.fixture
def locale_of():
    yield fmt.set_locale
    fmt.set_locale("en_GB")


@pytest.mark.parametrize("locale", sorted(TABLE))
def test_dates_and_numbers_follow_the_locale(locale, locale_of):
    date, weekday, short, decimal, big, clock = TABLE[locale]
    assert locale_of(locale) == locale
    assert fmt.date(D) == date
    assert fmt.weekday_date(D) == weekday
    assert fmt.short_date(D) == short
    assert fmt.number(2.5) == decimal
    assert fmt.number(1234) == big
    assert fmt.time(dt.time(20, 30)) == clock
    assert fmt.session_label(2, D) == f"Session 2 ({date})"
    assert fmt.date_time("2026-10-17 20:30:00") == f"{fmt.date(dt.date(2026, 10, 17))}, {clock}"
    assert fmt.depth(0.75) == f"0{decimal[1]}75 mm"


@pytest.mark.parametrize("name, used", [
    ("de-DE", "de_DE"), ("fr_CA.UTF-8", "fr_CA"), ("C", "en_GB"), ("POSIX", "en_GB"),
    ("", "en_GB"), (None, "en_GB"), ("xx_YY", "en_GB"), ("C.UTF-8", "en_GB"),
])
def test_locale_names_are_read_or_fall_back(name, used, locale_of):
    assert locale_of(name) == used


def test_environment_locale_is_used_when_none_is_set(monkeypatch):
    monkeypatch.setattr(fmt, "_locale", None)
    monkeypatch.delenv("JOURNAL_LOCALE", raising=False)
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    try:
        assert fmt.current_locale() == "de_DE"
        assert fmt.date(D) == "14. Okt. 2026"
    finally:
        fmt.set_locale("en_GB")


@pytest.mark.parametrize("count, singular, plural, shown", [
    (0, "new spot", None, "0 new spots"),
    (1, "new spot", None, "1 new spot"),
    (2, "new spot", None, "2 new spots"),
    (20, "photo", None, "20 photos"),
    (1, "photo", None, "1 photo"),
    (3, "session", None, "3 sessions"),
    (1, "day", None, "1 day"),
    (2, "entry", None, "2 entries"),
    (2, "page", None, "2 pages"),
    (2, "match", None, "2 matches"),
    (1500, "day", None, "1,500 days"),
    (2, "person", "people", "2 people"),
])
def test_plurals_agree_with_the_count(count, singular, plural, shown):
    assert fmt.plural(count, singular, plural) == shown


def test_the_journals_own_words():
    assert fmt.day_n(0) == "Day 0"
    assert fmt.day_n(None) == "Before the first session"
    assert fmt.session_label(2, D, capital=False) == "session 2 (14 Oct 2026)"
    assert fmt.day_after_session(3, 2, D) == "Day 3 after session 2 (14 Oct 2026)"
    assert fmt.day_after_session(3, None, D) == "Day 3 after the session of 14 Oct 2026"
    assert fmt.area("left cheek") == "Left cheek"
    assert fmt.areas(["full face", "neck"]) == "Full face, neck"
    assert fmt.areas([]) == "–"
    assert fmt.depth(1) == "1 mm" and fmt.depth(1.0) == "1 mm" and fmt.depth(None) == "–"
    assert fmt.rating(7) == "7/10" and fmt.rating(None) == "–"
    assert fmt.date_range(D, dt.date(2026, 10, 20)) == "14\u2009–\u200920 Oct 2026"
    assert fmt.date_range(D, D) == "14 Oct 2026"
    assert fmt.date_time("not a time") == "not a time" and fmt.date_time(None) == ""
    assert fmt.join(["a", "b", "c"]) == "a, b and c" and fmt.join(["a"]) == "a"
    assert fmt.month(D) == "Oct 2026" and fmt.numeric_date(D) == "14/10/2026"


def test_importing_the_module_does_not_import_babel():
    import subprocess
    import sys

    code = ("import sys, journal.format as f; assert 'babel' not in sys.modules;"
            "f.set_locale('C'); assert 'babel' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("locale", sorted(TABLE))
def test_date_fields_write_dates_as_the_formatter_does(locale, locale_of, qapp):
    from PySide6.QtCore import QDate, QLocale
    from PySide6.QtWidgets import QDateEdit

    from journal.ui.widgets.date_field import use_app_date_format

    locale_of(locale)
    for day in (D, dt.date(2026, 9, 3), dt.date(2026, 5, 31)):
        qdate = QDate(day.year, day.month, day.day)
        assert QLocale(locale).toString(qdate, fmt.qt_date_format()) == fmt.weekday_date(day)
        assert QLocale(locale).toString(qdate, fmt.qt_date_format("date")) == fmt.date(day)
    edit = use_app_date_format(QDateEdit(QDate(2026, 10, 14)))
    assert edit.text() == fmt.weekday_date(D)          # e.g. Today's "Day shown" field


# -- the first window's texts, remembered from the last start (no Babel before the paint) ------
def test_small_whole_numbers_are_written_alike_in_every_locale(locale_of):
    from babel.numbers import format_decimal

    for locale in ("en_GB", "ar_EG", "fa_IR", "hi_IN", "de_CH", "fr_FR"):
        locale_of(locale)
        for value in (0, 3, 42, 999):
            assert fmt.number(value) == format_decimal(value, "#,##0.##", locale=locale)
        assert fmt.number(1234) == format_decimal(1234, "#,##0.##", locale=locale)


@pytest.fixture
def fresh_caches(locale_of):
    def clear():
        for cached in (fmt._usable, fmt._skeleton, fmt._number):
            cached.cache_clear()
    clear()
    yield
    fmt.check_remembered()
    clear()


def test_remembered_texts_stand_in_until_checked_then_babels_are_used(fresh_caches,
                                                                      locale_of):
    locale_of("en_GB")
    right = {"date": fmt.date(D), "qt": fmt.qt_date_format()}
    fmt._skeleton.cache_clear()
    fmt.remember_texts({f"date|{D.isoformat()}|en_GB": "a stale text",
                        "qt|weekday|en_GB": right["qt"]})
    assert fmt.remembering()
    assert fmt.date(D) == "a stale text"  # before the first paint: as remembered
    assert fmt.qt_date_format() == right["qt"]
    assert fmt.number(-1) == "-1"  # not remembered: worked out with Babel
    assert fmt.check_remembered() is False  # one was wrong: the window writes it anew
    assert not fmt.remembering()
    assert fmt.date(D) == right["date"]
    assert fmt.remembered_texts() == {f"date|{D.isoformat()}|en_GB": right["date"],
                                      "qt|weekday|en_GB": right["qt"],
                                      "number|-1|#,##0.##|en_GB": "-1"}


def test_a_remembered_locale_that_babel_reads_otherwise_is_corrected(fresh_caches, locale_of):
    fmt._usable.cache_clear()
    fmt.remember_texts({"locale|de_DE": "en_GB"})
    assert locale_of("de_DE") == "en_GB"
    assert fmt.check_remembered() is False
    assert fmt.current_locale() == "de_DE"  # the one set, read by Babel this time
    assert fmt.date(D) == "14. Okt. 2026"


def test_remembered_texts_that_are_right_are_kept(fresh_caches, locale_of):
    locale_of("en_GB")
    texts = {f"date|{D.isoformat()}|en_GB": fmt.date(D)}
    fmt._skeleton.cache_clear()
    fmt.remember_texts(texts)
    assert fmt.date(D) == "14 Oct 2026"
    assert fmt.check_remembered() is True
    assert fmt.remembered_texts() == texts
