"""One user's calendars are closed to another (RFC 3744 as far as Cadence implements it)."""

import uuid

import caldav.lib.error as error
import pytest
from conftest import canonical


def test_second_user_cannot_read_first_users_calendar(server, calendar):
    uid = f"pytest-private-{uuid.uuid4()}"
    secret = f"Private {uuid.uuid4().hex}"  # in the content only, never in a URL
    event = calendar.add_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//client tests//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20300101T000000Z\r\n"
        "DTSTART:20300115T100000Z\r\nDTEND:20300115T110000Z\r\n"
        f"SUMMARY:{secret}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n")

    with server.client(user=server.user2, password=server.password2) as bob:
        foreign = bob.calendar(url=str(calendar.url))
        with pytest.raises(error.DAVError):
            foreign.search(event=True, post_filter=False, compatibility_workarounds=False)
        with pytest.raises(error.DAVError):
            foreign.get_event_by_uid(uid)
        own = {canonical(c.url) for c in bob.principal().get_calendars()}
        assert canonical(calendar.url) not in own
        assert all(not url.startswith(server.home_url(server.user)) for url in own)

    bob_auth = {"user": server.user2, "password": server.password2}
    object_path = canonical(event.url).rstrip("/")
    for method, path, headers, body in [
        ("GET", object_path, {}, None),
        ("PROPFIND", canonical(calendar.url), {"Depth": "1"}, None),
        ("PROPFIND", server.home_url(server.user), {"Depth": "1"}, None),
        ("DELETE", object_path, {}, None),
        ("PUT", canonical(calendar.url) + "intruder.ics", {"Content-Type": "text/calendar"},
         "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nBEGIN:VEVENT\r\nUID:intruder\r\n"
         "DTSTAMP:20300101T000000Z\r\nDTSTART:20300101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"),
    ]:
        status, _, response = server.raw(method, path, headers=headers, body=body, **bob_auth)
        assert status in (403, 404), f"{method} {path} as {server.user2}: {status}"
        assert secret.encode() not in response

    # Still there and unchanged for its owner.
    assert str(calendar.get_event_by_uid(uid).icalendar_component["SUMMARY"]) == secret
    status, _, _ = server.raw("GET", canonical(calendar.url) + "intruder.ics",
                              user=server.user, password=server.password)
    assert status == 404
