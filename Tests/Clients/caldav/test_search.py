"""Searches through python-caldav: time ranges with recurrence expansion (RFC 4791 §9.9, §9.6.5)
and pending versus completed to-dos (§9.7.5 text-match, §9.7.4 is-not-defined)."""

import uuid
from datetime import datetime, timezone

UTC = timezone.utc


def uid_of(obj):
    return str(obj.icalendar_component["UID"])


def instances(objects):
    """(UID, DTSTART, SUMMARY) of each expanded instance."""
    result = set()
    for obj in objects:
        component = obj.icalendar_component
        result.add((str(component["UID"]), component["DTSTART"].dt, str(component["SUMMARY"])))
    return result


def add_recurring_fixture(calendar):
    """A weekly series on Mondays 2030-01-07 .. 2030-02-11 with the 21st excluded and the 28th
    moved to 15:00, a single event inside the window and one outside."""
    series, single, outside = (f"pytest-{kind}-{uuid.uuid4()}" for kind in ("series", "single", "outside"))
    calendar.add_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//client tests//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{series}\r\nDTSTAMP:20300101T000000Z\r\n"
        "DTSTART:20300107T100000Z\r\nDTEND:20300107T110000Z\r\n"
        "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=6\r\nEXDATE:20300121T100000Z\r\n"
        "SUMMARY:Weekly sync\r\nEND:VEVENT\r\n"
        f"BEGIN:VEVENT\r\nUID:{series}\r\nDTSTAMP:20300101T000000Z\r\n"
        "RECURRENCE-ID:20300128T100000Z\r\n"
        "DTSTART:20300128T150000Z\r\nDTEND:20300128T160000Z\r\n"
        "SUMMARY:Weekly sync (moved)\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n")
    for uid, day in ((single, "20300120"), (outside, "20300301")):
        calendar.add_event(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//client tests//EN\r\n"
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20300101T000000Z\r\n"
            f"DTSTART:{day}T080000Z\r\nDTEND:{day}T090000Z\r\nSUMMARY:{uid}\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")
    start = datetime(2030, 1, 13, tzinfo=UTC)
    end = datetime(2030, 1, 30, tzinfo=UTC)
    expected = {
        (series, datetime(2030, 1, 14, 10, tzinfo=UTC), "Weekly sync"),
        (series, datetime(2030, 1, 28, 15, tzinfo=UTC), "Weekly sync (moved)"),
        (single, datetime(2030, 1, 20, 8, tzinfo=UTC), single),
    }
    return series, single, outside, start, end, expected


def test_time_range_search_expands_recurrences(calendar):
    """As an application calls it (the library may expand on the client)."""
    series, single, outside, start, end, expected = add_recurring_fixture(calendar)
    found = calendar.search(start=start, end=end, event=True, expand=True)
    assert instances(found) == expected
    assert len(found) == 3


def test_time_range_search_server_side(calendar):
    """The server's own filter: no client-side post-filtering, no workarounds."""
    series, single, outside, start, end, expected = add_recurring_fixture(calendar)
    found = calendar.search(start=start, end=end, event=True, post_filter=False,
                            compatibility_workarounds=False)
    assert sorted(uid_of(o) for o in found) == sorted([series, single])

    before = calendar.search(start=datetime(2030, 2, 12, tzinfo=UTC), end=datetime(2030, 2, 20, tzinfo=UTC),
                             event=True, post_filter=False, compatibility_workarounds=False)
    assert before == []

    # The EXDATE'd instance alone: nothing of the series matches.
    gap = calendar.search(start=datetime(2030, 1, 21, 9, tzinfo=UTC), end=datetime(2030, 1, 21, 12, tzinfo=UTC),
                          event=True, post_filter=False, compatibility_workarounds=False)
    assert gap == []


def test_time_range_search_server_expand(calendar):
    """CALDAV:expand (RFC 4791 §9.6.5) done by the server."""
    series, single, outside, start, end, expected = add_recurring_fixture(calendar)
    found = calendar.search(start=start, end=end, event=True, expand=True, server_expand=True,
                            post_filter=False, compatibility_workarounds=False)
    assert instances(found) == expected
    for obj in found:
        component = obj.icalendar_component
        assert "RRULE" not in component
        assert "EXDATE" not in component
        if uid_of(obj) == series:
            assert "RECURRENCE-ID" in component


def add_todos(calendar):
    pending = calendar.add_todo(summary="pending task", due=datetime(2030, 3, 1, tzinfo=UTC))
    in_process = calendar.add_todo(summary="task in process", status="IN-PROCESS")
    completed = calendar.add_todo(summary="completed task")
    completed.complete(completion_timestamp=datetime(2030, 1, 2, tzinfo=UTC))
    cancelled = calendar.add_todo(summary="cancelled task", status="CANCELLED")
    return [uid_of(t) for t in (pending, in_process, completed, cancelled)]


def test_pending_and_completed_todos(calendar):
    pending, in_process, completed, cancelled = add_todos(calendar)
    open_only = calendar.search(todo=True, include_completed=False)
    assert sorted(uid_of(t) for t in open_only) == sorted([pending, in_process])
    everything = calendar.search(todo=True, include_completed=True)
    assert sorted(uid_of(t) for t in everything) == sorted([pending, in_process, completed, cancelled])


def test_pending_todos_server_side(calendar):
    """The query DAVx5-style clients send, evaluated by the server alone: no COMPLETED, STATUS
    neither COMPLETED nor CANCELLED (RFC 4791 §9.7.4, §9.7.5)."""
    pending, in_process, completed, cancelled = add_todos(calendar)
    query = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/><C:calendar-data/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VTODO">
    <C:prop-filter name="COMPLETED"><C:is-not-defined/></C:prop-filter>
    <C:prop-filter name="STATUS"><C:text-match negate-condition="yes">COMPLETED</C:text-match></C:prop-filter>
    <C:prop-filter name="STATUS"><C:text-match negate-condition="yes">CANCELLED</C:text-match></C:prop-filter>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""
    found = calendar.search(xml=query, todo=True, post_filter=False, compatibility_workarounds=False)
    assert sorted(uid_of(t) for t in found) == sorted([pending, in_process])


BERLIN = (
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
    "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n"
    "DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n"
    "DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE\r\n")


def test_time_range_across_daylight_saving_in_a_time_zone(calendar):
    """A weekly 09:00 Europe/Berlin series across the 2030-03-31 change: 08:00Z before, 07:00Z
    after (RFC 5545 §3.3.5 form 3, RFC 4791 §9.9)."""
    uid = f"pytest-berlin-{uuid.uuid4()}"
    calendar.add_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//client tests//EN\r\n" + BERLIN +
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20300101T000000Z\r\n"
        "DTSTART;TZID=Europe/Berlin:20300318T090000\r\nDURATION:PT1H\r\n"
        "RRULE:FREQ=WEEKLY;COUNT=4\r\nSUMMARY:Berlin standup\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    strict = {"event": True, "post_filter": False, "compatibility_workarounds": False}

    # 2030-04-01 09:00 CEST is 07:00Z: a window 06:30Z-07:15Z overlaps it only with DST applied.
    after = calendar.search(start=datetime(2030, 4, 1, 6, 30, tzinfo=UTC),
                            end=datetime(2030, 4, 1, 7, 15, tzinfo=UTC), **strict)
    assert [uid_of(o) for o in after] == [uid]
    # 2030-03-25 09:00 CET is 08:00Z: 07:00Z-07:45Z is before it.
    before = calendar.search(start=datetime(2030, 3, 25, 7, 0, tzinfo=UTC),
                             end=datetime(2030, 3, 25, 7, 45, tzinfo=UTC), **strict)
    assert before == []

    expanded = calendar.search(start=datetime(2030, 3, 24, tzinfo=UTC), end=datetime(2030, 4, 2, tzinfo=UTC),
                               expand=True, server_expand=True, **strict)
    starts = sorted(o.icalendar_component["DTSTART"].dt for o in expanded)
    assert starts == [datetime(2030, 3, 25, 8, tzinfo=UTC), datetime(2030, 4, 1, 7, tzinfo=UTC)]
