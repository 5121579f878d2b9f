"""journal.trends: series by calendar day, Day N alignment, rolling means, session summaries."""
from __future__ import annotations

import datetime as dt

import pytest

from journal.models import (
    DayEntry, Session, day_since_session, latest_session, latest_session_index,
)
from journal.trends import (
    SUMMARY_HEADERS, build_trend_data,
    load_trend_data, recovery_curves, rolling_mean, session_summaries,
    summary_table,
)

D = dt.date


def _entry(date, **values):
    return DayEntry(date=date, **values)


def test_trend_data_window_pads_with_none_and_keeps_day_numbers():
    sessions = [Session(date=D(2026, 3, 1), id=1)]
    entries = [_entry(D(2026, 2, 27), redness=1), _entry(D(2026, 3, 2), redness=5, pus=True)]
    data = build_trend_data(entries, sessions, [])
    assert (data.start, data.end) == (D(2026, 2, 27), D(2026, 3, 2))   # entries and sessions
    assert data.values["redness"] == [1, None, None, 5]
    assert data.logged == [True, False, False, True]
    assert data.days == [None, None, 0, 1]
    assert [d for d, flagged in zip(data.dates, data.flags) if flagged] == [D(2026, 3, 2)]

    wider = data.window(D(2026, 2, 25), D(2026, 3, 4))
    assert wider.values["redness"] == [None, None, 1, None, None, 5, None, None]
    assert wider.days == [None, None, None, None, 0, 1, 2, 3]
    assert wider.sessions_in_range() == [(1, sessions[0])]
    assert data.window(D(2026, 3, 2), D(2026, 3, 2)).sessions_in_range() == []


def test_empty_journal_gives_empty_series():
    data = build_trend_data([], [], [])
    assert data.is_empty and data.dates == [] and data.start is None
    assert recovery_curves(data) == [] and session_summaries(data) == []


# -- day since session -------------------------------------------------------------------
def test_day_numbers_before_first_session_consecutive_sessions_and_gaps():
    sessions = [D(2026, 3, 2), D(2026, 3, 1), D(2026, 3, 10)]   # any order
    dates = [D(2026, 2, 27), D(2026, 2, 28), D(2026, 3, 1), D(2026, 3, 2), D(2026, 3, 3),
             D(2026, 3, 9), D(2026, 3, 10), D(2026, 3, 11)]
    ordered = sorted(sessions)
    assert [day_since_session(d, ordered) for d in dates] == [None, None, 0, 0, 1, 7, 0, 1]


def test_the_latest_session_on_or_before_a_date_is_the_last_of_that_day():
    sessions = [Session(date=D(2026, 3, 1), id=1), Session(date=D(2026, 3, 1), id=2),
                Session(date=D(2026, 3, 10), id=3)]
    assert latest_session(D(2026, 2, 28), sessions) is None
    assert latest_session(D(2026, 3, 1), sessions).id == 2
    assert latest_session(D(2026, 3, 9), sessions).id == 2
    assert latest_session(D(2026, 3, 10), sessions).id == 3
    assert latest_session_index(D(2026, 3, 11), sessions) == 2


def test_recovery_curves_align_by_day_and_stop_at_the_next_session():
    sessions = [Session(date=D(2026, 3, 1), id=1), Session(date=D(2026, 3, 2), id=2),
                Session(date=D(2026, 3, 10), id=3)]
    entries = [_entry(D(2026, 2, 27), breakouts=9),   # before any session: on no curve
               _entry(D(2026, 3, 1), breakouts=0),
               _entry(D(2026, 3, 2), breakouts=1),
               _entry(D(2026, 3, 3), breakouts=4),
               # 2026-03-04 not logged: a gap
               _entry(D(2026, 3, 5), breakouts=2),
               _entry(D(2026, 3, 9), breakouts=3),
               _entry(D(2026, 3, 10), breakouts=5),
               _entry(D(2026, 3, 12), breakouts=0)]
    data = build_trend_data(entries, sessions, [])
    first, second, third = recovery_curves(data, "breakouts", max_day=9)
    # the day after session 1 is day 0 of session 2, so session 1 has only its day 0
    assert first.values == (0, None, None, None, None, None, None, None, None, None)
    assert second.values == (1, 4, None, 2, None, None, None, 3, None, None)
    assert third.values == (5, None, 0, None, None, None, None, None, None, None)
    assert [c.number for c in (first, second, third)] == [1, 2, 3]
    assert [c.current for c in (first, second, third)] == [False, False, True]
    assert third.label == "Session 3 (10 Mar 2026)"


def test_recovery_curves_of_a_symptom_and_smoothing_stays_inside_the_session():
    sessions = [Session(date=D(2026, 3, 1), id=1), Session(date=D(2026, 3, 4), id=2)]
    entries = [_entry(D(2026, 3, 1), redness=8), _entry(D(2026, 3, 2), redness=6),
               _entry(D(2026, 3, 3), redness=4), _entry(D(2026, 3, 4), redness=9)]
    data = build_trend_data(entries, sessions, [])
    first, second = recovery_curves(data, "redness", max_day=4, smooth=True)
    # day 2 = mean(6, 4); the 9 of the next session's day 0 is not mixed in
    assert first.values == (7.0, 6.0, 5.0, None, None)
    assert second.values == (9.0, 9.0, None, None, None)
    with pytest.raises(ValueError):
        recovery_curves(data, "sleep")


# -- rolling mean ------------------------------------------------------------------------
def test_rolling_mean_averages_only_days_with_values_and_keeps_long_gaps():
    values = [1, None, 3, None, None, None, 5, 7]
    assert rolling_mean(values) == [1.0, 2.0, 3.0, 3.0, None, 5.0, 6.0, 6.0]


def test_rolling_mean_never_bridges_a_gap_of_three_days_or_more():
    values = [2, None, None, None, 8]
    smoothed = rolling_mean(values)
    assert smoothed == [2.0, 2.0, None, 8.0, 8.0]
    assert 5.0 not in smoothed            # (2 + 8) / 2 would be averaging across the gap


def test_rolling_mean_edge_cases():
    assert rolling_mean([]) == []
    assert rolling_mean([None, None]) == [None, None]
    assert rolling_mean([0, 0, 3]) == [0.0, 1.0, 1.5]    # zeros are values, not gaps
    assert rolling_mean([1, 2, 3, 4, 5], window=5) == [2.0, 2.5, 3.0, 3.5, 4.0]
    with pytest.raises(ValueError):
        rolling_mean([1, 2], window=2)


# -- per-session summary (the small_journal fixture) ---------------------------------------
def test_session_summaries_of_the_small_journal(small_journal):
    data = load_trend_data(small_journal)
    first, second = session_summaries(data)

    assert first.number == 1 and first.session.date == D(2026, 3, 1) and not first.current
    assert first.last_day == 34                 # 1 March .. 4 April
    assert first.days_logged == 4               # 1, 2, 3, 5 March (27 Feb is before it)
    assert (first.peak_breakouts, first.peak_day) == (4, 2)
    assert first.redness_settled_day == 4       # redness 2 on 5 March
    assert first.red_flag_days == 1             # pus on 5 March
    assert first.caution_days == 2              # Night Serum (retinol), Coconut Balm (oil)
    assert first.early_caution == ("retinoid", "comedogenic")
    assert first.early_caution_products == ("Night Serum", "Coconut Balm")

    assert second.current and second.last_day == 1 and second.days_logged == 2
    assert (second.peak_breakouts, second.peak_day) == (1, 1)
    assert second.redness_settled_day is None   # 6 then 4: not settled yet
    assert second.red_flag_days == 0 and second.early_caution == ()

    rows = summary_table([first, second])
    assert len(SUMMARY_HEADERS) == len(rows[0])
    assert rows[0] == ("Session 1 (1 Mar 2026), 0.5 mm", "4 of 35", "4 on day 2", "day 4", "1",
                       "retinoid, pore-clogging oil")
    assert rows[1] == ("Session 2 (5 Apr 2026), 1 mm (current)", "2 of 2", "1 on day 1",
                       "not yet (day 1)", "0", "none")



def test_session_summaries_of_chosen_sessions_are_as_among_all(small_journal):
    """`only` (the report's shown sessions) sums up just those, numbered as among all."""
    data = load_trend_data(small_journal)
    first, second = session_summaries(data)
    assert session_summaries(data, only={second.session.id}) == [second]
    assert session_summaries(data, only={first.session.id}) == [first]
    assert session_summaries(data, only=set()) == []

def test_peak_ties_take_the_first_day_and_uncounted_breakouts_give_no_peak():
    sessions = [Session(date=D(2026, 5, 1), id=1)]
    entries = [_entry(D(2026, 5, 2), breakouts=3), _entry(D(2026, 5, 4), breakouts=3),
               _entry(D(2026, 5, 5), redness=2)]
    (summary,) = session_summaries(build_trend_data(entries, sessions, []))
    assert (summary.peak_breakouts, summary.peak_day) == (3, 1)
    assert summary.redness_settled_day == 4
    (nothing,) = session_summaries(build_trend_data([_entry(D(2026, 5, 1), redness=5)],
                                                    sessions, []))
    assert nothing.peak_breakouts is None and nothing.peak_day is None
    assert summary_table([nothing])[0][2] == "—"


# -- caution ingredients and the one query ------------------------------------------------
def test_recovery_curves_match_labels_only_for_the_curves_drawn(small_journal, monkeypatch):
    """A curve's caution days (days 2 and 4 of session 1: the retinol serum, the coconut
    balm) are worked out when read: a chart shows the latest few of years of sessions."""
    from journal import trends

    read = []
    used = trends._used_caution
    monkeypatch.setattr(trends, "_used_caution",
                        lambda data, entry: read.append(entry) or used(data, entry))
    first, second = recovery_curves(load_trend_data(small_journal))
    assert read == []
    assert second.caution_days == ()
    assert first.caution_days == (2, 4)
    count = len(read)
    assert first.caution_days == (2, 4) and len(read) == count   # worked out once


def test_caution_days_come_from_the_products_used(small_journal):
    data = load_trend_data(small_journal)
    by_date = dict(zip(data.dates, data.caution))
    assert by_date[D(2026, 3, 3)] == {"retinoid"}
    assert by_date[D(2026, 3, 5)] == {"comedogenic"}
    assert by_date[D(2026, 3, 2)] == frozenset()        # only the gentle cleanser
    assert by_date[D(2026, 3, 4)] == frozenset()        # not logged
    assert data.caution_classes_used() == ["retinoid", "comedogenic"]
    assert dict(zip(data.dates, data.caution_products))[D(2026, 3, 3)] == ("Night Serum",)


def test_load_trend_data_reads_entries_with_one_query(small_journal):
    statements = []
    small_journal.conn.set_trace_callback(statements.append)
    try:
        data = load_trend_data(small_journal)
    finally:
        small_journal.conn.set_trace_callback(None)
    entry_queries = [s for s in statements if "FROM entries" in s]
    assert len(entry_queries) == 1
    assert len([s for s in statements if "FROM product_uses" in s]) == 1
    assert len(data.entries) == 7
