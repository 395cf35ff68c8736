"""Calendar object resources through python-caldav: save, find, edit and delete events and to-dos
(RFC 4791 §5.3.2, §7.9 calendar-multiget, §7.8 calendar-query)."""

import uuid
from datetime import datetime, timezone

import caldav.lib.error as error
import pytest
from conftest import canonical


def event_text(uid, summary, start="20300115T100000Z", end="20300115T110000Z"):
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//client tests//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20300101T000000Z\r\n"
        f"DTSTART:{start}\r\nDTEND:{end}\r\nSUMMARY:{summary}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def test_event_save_find_edit_delete(server, calendar):
    uid = f"pytest-event-{uuid.uuid4()}"
    saved = calendar.add_event(event_text(uid, "Kick-off"))
    assert canonical(saved.url).startswith(canonical(calendar.url))

    found = calendar.get_event_by_uid(uid)
    assert str(found.icalendar_component["UID"]) == uid
    assert str(found.icalendar_component["SUMMARY"]) == "Kick-off"

    listed = calendar.search(event=True)
    assert [str(e.icalendar_component["UID"]) for e in listed] == [uid]

    found.icalendar_component["SUMMARY"] = "Kick-off (moved)"
    found.save()
    again = calendar.get_event_by_uid(uid)
    assert str(again.icalendar_component["SUMMARY"]) == "Kick-off (moved)"
    assert again.icalendar_component["DTSTART"].dt == datetime(2030, 1, 15, 10, tzinfo=timezone.utc)

    again.delete()
    with pytest.raises(error.NotFoundError):
        calendar.get_event_by_uid(uid)
    assert calendar.search(event=True) == []


def test_event_put_get_etag(server, calendar):
    """The raw resource: PUT answers a strong ETag, GET returns the same ETag and the text."""
    uid = f"pytest-etag-{uuid.uuid4()}"
    path = canonical(calendar.url) + f"{uid}.ics"
    auth = {"user": server.user, "password": server.password}
    status, headers, _ = server.raw("PUT", path, body=event_text(uid, "ETag"),
                                    headers={"Content-Type": "text/calendar; charset=utf-8",
                                             "If-None-Match": "*"}, **auth)
    assert status == 201
    etag = headers.get("etag")
    assert etag is not None and etag.startswith('"') and etag.endswith('"')
    status, headers, body = server.raw("GET", path, **auth)
    assert status == 200
    assert headers.get("etag") == etag
    assert headers.get("content-type", "").startswith("text/calendar")
    assert f"UID:{uid}" in body.decode()
    status, _, _ = server.raw("PUT", path, body=event_text(uid, "again"),
                              headers={"Content-Type": "text/calendar", "If-None-Match": "*"},
                              **auth)
    assert status == 412
    status, _, _ = server.raw("PUT", path, body=event_text(uid, "stale"),
                              headers={"Content-Type": "text/calendar",
                                       "If-Match": '"not-the-etag"'}, **auth)
    assert status == 412
    status, _, _ = server.raw("DELETE", path, headers={"If-Match": etag}, **auth)
    assert status in (200, 204)  # RFC 4918 §9.6: either is a success
    status, _, _ = server.raw("GET", path, **auth)
    assert status == 404


def test_todo_save_find_complete_delete(server, calendar):
    todo = calendar.add_todo(summary="Call the customer", due=datetime(2030, 2, 1, 9, tzinfo=timezone.utc),
                             priority=1)
    uid = str(todo.icalendar_component["UID"])

    found = calendar.get_todo_by_uid(uid)
    assert str(found.icalendar_component["SUMMARY"]) == "Call the customer"
    assert found.icalendar_component["DUE"].dt == datetime(2030, 2, 1, 9, tzinfo=timezone.utc)
    assert int(found.icalendar_component["PRIORITY"]) == 1

    found.icalendar_component["SUMMARY"] = "Call the customer back"
    found.save()
    found = calendar.get_todo_by_uid(uid)
    assert str(found.icalendar_component["SUMMARY"]) == "Call the customer back"

    found.complete(completion_timestamp=datetime(2030, 1, 20, 12, tzinfo=timezone.utc))
    done = calendar.get_todo_by_uid(uid)
    assert str(done.icalendar_component["STATUS"]) == "COMPLETED"
    assert done.icalendar_component["COMPLETED"].dt == datetime(2030, 1, 20, 12, tzinfo=timezone.utc)

    done.delete()
    with pytest.raises(error.NotFoundError):
        calendar.get_todo_by_uid(uid)


def test_events_and_todos_are_told_apart(server, calendar):
    event_uid = f"pytest-kind-{uuid.uuid4()}"
    calendar.add_event(event_text(event_uid, "An event"))
    todo = calendar.add_todo(summary="A task")
    todo_uid = str(todo.icalendar_component["UID"])
    events = calendar.search(event=True, post_filter=False, compatibility_workarounds=False)
    todos = calendar.search(todo=True, include_completed=True, post_filter=False,
                            compatibility_workarounds=False)
    assert [str(e.icalendar_component["UID"]) for e in events] == [event_uid]
    assert [str(t.icalendar_component["UID"]) for t in todos] == [todo_uid]
