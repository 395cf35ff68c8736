"""Finding colleagues and delegation, as python caldav sees them.

- `search_principals` sends `DAV:principal-property-search` (RFC 3744 §9.4) and needs each
  principal's `displayname` and `calendar-home-set` back.
- Delegation: the owner makes a colleague a member of their `calendar-proxy-read` group with
  PROPPATCH of `DAV:group-member-set` (as macOS does); the delegate's principal then lists the
  owner in `calendar-proxy-read-for`, and the delegate's client reads the owner's calendars but
  cannot write them (403). Removing the member closes the calendars again.
"""

import uuid

import caldav.lib.error as error
import pytest
from conftest import canonical


def set_read_proxies(server, hrefs):
    members = "".join(f"<A:href>{href}</A:href>" for href in hrefs)
    body = ('<?xml version="1.0" encoding="UTF-8"?><A:propertyupdate xmlns:A="DAV:"><A:set>'
            f"<A:prop><A:group-member-set>{members}</A:group-member-set></A:prop>"
            "</A:set></A:propertyupdate>")
    status, _, response = server.raw(
        "PROPPATCH", server.principal_url(server.user) + "calendar-proxy-read/",
        user=server.user, password=server.password, body=body,
        headers={"Content-Type": "application/xml"})
    assert status == 207, response
    assert b"200" in response


def test_search_principals_finds_colleague(server, client):
    found = client.search_principals(name=server.user2)
    urls = {canonical(p.url) for p in found}
    assert canonical(server.principal_url(server.user2)) in urls
    colleague = next(p for p in found if canonical(p.url) == canonical(server.principal_url(server.user2)))
    assert canonical(colleague.calendar_home_set.url) == canonical(server.home_url(server.user2))
    assert client.search_principals(name=f"nobody-{uuid.uuid4().hex}") == []


def test_colleague_home_stays_closed_without_delegation(server):
    status, _, _ = server.raw("PROPFIND", server.home_url(server.user), user=server.user2,
                              password=server.password2, headers={"Depth": "1"})
    assert status == 404


def test_read_delegate_reads_but_cannot_write(server, calendar):
    uid = f"pytest-delegated-{uuid.uuid4()}"
    calendar.add_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//client tests//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20300101T000000Z\r\n"
        "DTSTART:20300115T100000Z\r\nDTEND:20300115T110000Z\r\nSUMMARY:Delegated\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n")
    set_read_proxies(server, [server.principal_url(server.user2)])
    try:
        with server.client(user=server.user2, password=server.password2) as bob:
            status, _, body = server.raw(
                "PROPFIND", server.principal_url(server.user2), user=server.user2,
                password=server.password2, headers={"Depth": "0"},
                body=('<A:propfind xmlns:A="DAV:" xmlns:B="http://calendarserver.org/ns/">'
                      "<A:prop><B:calendar-proxy-read-for/></A:prop></A:propfind>"))
            assert status == 207
            assert server.principal_path.format(user=server.user).encode() in body
            owner = bob.principal(url=server.principal_url(server.user))
            calendars = {canonical(c.url): c for c in owner.get_calendars()}
            assert canonical(calendar.url) in calendars
            theirs = calendars[canonical(calendar.url)]
            events = theirs.search(event=True)
            assert uid in {str(e.icalendar_component["UID"]) for e in events}
            with pytest.raises(error.DAVError):
                theirs.add_event(
                    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nBEGIN:VEVENT\r\n"
                    f"UID:{uid}-intruder\r\nDTSTAMP:20300101T000000Z\r\n"
                    "DTSTART:20300101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    finally:
        set_read_proxies(server, [])
    status, _, _ = server.raw("PROPFIND", canonical(calendar.url), user=server.user2,
                              password=server.password2, headers={"Depth": "0"})
    assert status == 404

