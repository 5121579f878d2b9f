"""Suggested questions for the visit: what the log raises, for the patient to tick and add
to their own questions on the Report page. Plain functions over the Journal facade, no Qt.

Each question is in the patient's voice and says why it is suggested, so nothing is asked
that the log does not show:

* a product that went with more new spots (``journal.care.evidence``): restart it (when
  no longer used at the end of the period) or keep using it;
* a cold sore logged, or the health profile says cold sores: antiviral cover before the
  next session (herpes simplex can flare after microneedling);
* a red flag (pus, fever, spreading redness) logged in the period: what it was, what to do
  next time;
* a product with a caution ingredient used in the first week after a session: when it
  can go back on;
* a recovery clearly worse than after the earlier sessions (the "on course?" comparison).
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from journal import format as fmt
from journal.models import (
    FLAGS, day_since_session, latest_session, session_label, session_numbers,
)

log = logging.getLogger(__name__)

STOPPED_DAYS = 7        # not used on the last 7 logged days of the period: "restart?"
EARLY_DAYS = 7          # caution products on days 0..7 after a session


@dataclass(frozen=True)
class SuggestedQuestion:
    text: str       # what goes into the patient's questions, one line
    why: str        # what in the log raised it (shown beside the tick box)


def _long_date(day: dt.date) -> str:
    return fmt.date(day)


def suggested_questions(journal, start: dt.date, end: dt.date) -> list[SuggestedQuestion]:
    """The questions the log of `start`..`end` raises, most pressing first."""
    entries = journal.entries(start, end)
    sessions = journal.sessions()
    dates = [s.date for s in sessions]
    numbers = session_numbers(sessions)
    products = {p.id: p for p in journal.products()}
    out: list[SuggestedQuestion] = []

    # Red flags (not cold sores: they get their own question below).
    for entry in entries:
        flags = [f for f in entry.flags if f != "cold_sore"]
        if not flags:
            continue
        what = " and ".join(FLAGS[f][1].split(" (")[0].lower() for f in flags)
        day = day_since_session(entry.date, dates)
        when = _long_date(entry.date) + (f" (Day {day})" if day is not None else "")
        out.append(SuggestedQuestion(
            f"I had {what} on {when}: what was it, and what should I do if it happens again?",
            f"You logged {what} on {when}."))

    # Cold sores: logged (at any time), or the health profile says so.
    sores = [e.date for e in journal.entries(None, end) if e.cold_sore]
    profile = _profile(journal)
    if sores or (profile is not None and profile.cold_sores):
        why = (f"You logged a cold sore on {_long_date(sores[-1])}." if sores
               else "Your health profile says you get cold sores.")
        out.append(SuggestedQuestion(
            "Do I need antiviral cover before the next session?", why))

    # Products that went with more new spots.
    last_days = {e.date for e in entries[-STOPPED_DAYS:]}
    try:
        from journal.care.evidence import product_evidence

        evidence = product_evidence(journal, start, end, used_only=True)
    except Exception:  # no evidence module, or it failed: the other questions still stand
        log.info("product evidence failed", exc_info=True)
        evidence = []
    asked: set[int] = set()
    for item in evidence:
        if item.verdict != "more" or item.product_id is None:
            continue
        asked.add(item.product_id)
        recent = any(item.product_id in e.product_ids for e in entries if e.date in last_days)
        name = item.name
        if recent:
            text = (f"Should I stop the {name}? My spots were higher on days I used it.")
        else:
            text = (f"Should I restart the {name}? My spots were higher on days I used it.")
        out.append(SuggestedQuestion(text, f"{item.verdict_text}: {item.figures}"))

    # Caution products early after a session.
    caution = _caution(products)
    early: dict[int, list[str]] = {}
    for entry in entries:
        day = day_since_session(entry.date, dates)
        if day is None or day > EARLY_DAYS:
            continue
        session = latest_session(entry.date, sessions)
        for pid in entry.product_ids:
            label = session_label(numbers[session.id], session.date)
            if caution.get(pid) and label not in early.setdefault(pid, []):
                early[pid].append(label)
    for pid, labels in early.items():
        if pid in asked:
            continue   # already asked about above
        name = products[pid].name
        out.append(SuggestedQuestion(
            f"How long after a session should I wait before using the {name} again?",
            f"{name} ({', '.join(caution[pid])}) was used in the first week after "
            f"{' and '.join(labels)}."))

    # A recovery clearly worse than after the earlier sessions.
    from journal.care.course import course_comparison

    for session in [s for s in sessions if start <= s.date <= end][-2:]:
        for day in (3, 7, 14):
            date = session.date + dt.timedelta(days=day)
            if date > end:
                break
            try:
                comparison = course_comparison(journal, date)
            except Exception:
                log.info("course comparison failed", exc_info=True)
                break
            if comparison is not None and comparison.clearly_worse and comparison.text:
                label = session_label(numbers[session.id], session.date)
                out.append(SuggestedQuestion(
                    f"My recovery after {label} was worse than after the earlier ones: "
                    "is that normal, and should anything change next time?",
                    comparison.text))
                break
    # One of each text (a red flag on two days asks twice only if the days differ).
    seen, unique = set(), []
    for question in out:
        if question.text not in seen:
            seen.add(question.text)
            unique.append(question)
    return unique


def _profile(journal):
    try:
        return journal.profile()
    except Exception:  # an older journal without the profile: the log still counts
        log.info("profile not available", exc_info=True)
        return None


def _caution(products: dict) -> dict[int, list[str]]:
    from journal.care.ingredients import match_ingredients

    out = {}
    for pid, product in products.items():
        names = []
        for match in match_ingredients(product.ingredients or ""):
            if match.caution and match.class_name not in names:
                names.append(match.class_name)
        if names:
            out[pid] = names
    return out
