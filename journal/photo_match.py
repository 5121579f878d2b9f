"""Which photo to compare a photo with: same area, same Day N after the previous session,
or the "before" photo of its session. Plain functions over the Journal facade (no Qt),
shared by the compare dialog and the printed summary's photo pages.
"""
from __future__ import annotations

from journal.models import Photo, latest_session_index


def previous_session_match(journal, photo: Photo) -> Photo | None:
    """Same area, same Day N (or the nearest day) after the session before this photo's."""
    sessions = journal.sessions()
    index = latest_session_index(photo.date, sessions)
    if index is None or index == 0:
        return None
    current, previous = sessions[index], sessions[index - 1]
    day = (photo.date - current.date).days
    candidates = [p for p in journal.photos(previous.date, current.date, photo.area)
                  if p.date < current.date]
    if not candidates:
        return None
    return min(candidates, key=lambda p: (abs((p.date - previous.date).days - day), p.date, p.id))


def day_zero_match(journal, photo: Photo) -> Photo | None:
    """The "before" photo of this session: same area on the session day, else the latest
    one before it, else the earliest one after it."""
    sessions = journal.sessions()
    index = latest_session_index(photo.date, sessions)
    same_area = [p for p in journal.photos(area=photo.area) if p.id != photo.id]
    if index is None:
        return same_area[0] if same_area and same_area[0].date < photo.date else None
    start = sessions[index].date
    on_day = [p for p in same_area if p.date == start]
    if on_day:
        return on_day[0]
    before = [p for p in same_area if p.date < start]
    if before:
        return before[-1]
    after = [p for p in same_area if start < p.date < photo.date]
    return after[0] if after else None
