"""A calendar shared by one user with another (CalendarServer sharing, issue 13).

alice shares a calendar with bob read-only by POSTing CS:share, as macOS Calendar does; bob's
python-caldav client then finds it among his own calendars, reads its events, sees from
current-user-privilege-set that he may not write, and gets 403 need-privileges on a PUT.
"""

import uuid
import xml.etree.ElementTree as ET

from conftest import canonical

DAV = "{DAV:}"

SHARE = """<?xml version="1.0" encoding="UTF-8"?>
<C:share xmlns:C="http://calendarserver.org/ns/" xmlns:D="DAV:">
  <C:{action}><D:href>{href}</D:href>{access}</C:{action}>
</C:share>"""


def _share(server, calendar, href, action="set", access="<C:read/>"):
    body = SHARE.format(action=action, href=href, access=access if action == "set" else "")
    status, _, data = server.raw(
        "POST", canonical(calendar.url), user=server.user, password=server.password,
        body=body.encode(), headers={"Content-Type": "text/xml; charset=utf-8"})
    assert status == 200, data


def _event(uid, summary):
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//client tests//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20300101T000000Z\r\n"
        "DTSTART:20300115T100000Z\r\nDTEND:20300115T110000Z\r\n"
        f"SUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def test_shared_calendar_is_read_only_for_the_sharee(server, calendar):
    uid = f"pytest-shared-{uuid.uuid4()}"
    summary = f"Shared {uuid.uuid4().hex}"
    calendar.add_event(_event(uid, summary))
    calendar_id = canonical(calendar.url).rstrip("/").rsplit("/", 1)[-1]
    _share(server, calendar, server.principal_url(server.user2))

    with server.client(user=server.user2, password=server.password2) as bob:
        shared_url = server.home_url(server.user2) + f"{calendar_id}_shared_by_{server.user}/"
        mine = {canonical(c.url): c for c in bob.principal().get_calendars()}
        assert shared_url in mine
        shared = mine[shared_url]
        events = shared.search(event=True, post_filter=False, compatibility_workarounds=False)
        assert [e.icalendar_component["SUMMARY"] for e in events] == [summary]
        assert shared.get_event_by_uid(uid).icalendar_component["SUMMARY"] == summary

    # What Thunderbird and DAVx5 read to mark the calendar read-only, and who owns it.
    status, _, data = server.raw(
        "PROPFIND", shared_url, user=server.user2, password=server.password2,
        body=b'<D:propfind xmlns:D="DAV:"><D:prop><D:current-user-privilege-set/>'
             b'<D:owner/></D:prop></D:propfind>',
        headers={"Depth": "0", "Content-Type": "application/xml"})
    assert status == 207
    root = ET.fromstring(data)
    privileges = {child.tag for p in root.iter(DAV + "privilege") for child in p}
    assert DAV + "read" in privileges
    assert DAV + "write" not in privileges and DAV + "write-content" not in privileges
    owner = [h.text for h in root.iter(DAV + "href") if h.text and "principals" in h.text]
    assert owner == [server.principal_path.format(user=server.user)]

    status, _, data = server.raw(
        "PUT", shared_url + "bob.ics", user=server.user2, password=server.password2,
        body=_event(f"{uid}-bob", "Bob was here").encode(),
        headers={"Content-Type": "text/calendar; charset=utf-8"})
    assert status == 403
    assert b"need-privileges" in data
    assert len(calendar.events()) == 1

    # Unsharing removes it from bob's home.
    _share(server, calendar, server.principal_url(server.user2), action="remove")
    with server.client(user=server.user2, password=server.password2) as bob:
        assert shared_url not in {canonical(c.url) for c in bob.principal().get_calendars()}


CS = "{http://calendarserver.org/ns/}"


def _propfind(server, url, user, password, body, depth="0"):
    status, _, data = server.raw(
        "PROPFIND", url, user=user, password=password, body=body,
        headers={"Depth": depth, "Content-Type": "application/xml"})
    assert status == 207, data
    return ET.fromstring(data)


def test_sharee_answers_the_invitation_in_their_notifications(server, calendar):
    """The invitation macOS Calendar shows: found through CS:notification-URL on the principal
    python caldav discovers, read with GET, declined with CS:invite-reply to the home."""
    calendar_id = canonical(calendar.url).rstrip("/").rsplit("/", 1)[-1]
    _share(server, calendar, f"mailto:{server.user2}@example.com")
    bob_password = server.password2

    with server.client(user=server.user2, password=bob_password) as bob:
        principal_url = canonical(bob.principal().url)
        shared_url = server.home_url(server.user2) + f"{calendar_id}_shared_by_{server.user}/"
        assert shared_url in {canonical(c.url) for c in bob.principal().get_calendars()}

    root = _propfind(
        server, principal_url, server.user2, bob_password,
        b'<D:propfind xmlns:D="DAV:" xmlns:C="http://calendarserver.org/ns/">'
        b'<D:prop><C:notification-URL/></D:prop></D:propfind>')
    notification_url = root.find(f".//{CS}notification-URL/{DAV}href").text
    listing = _propfind(
        server, notification_url, server.user2, bob_password,
        b'<D:propfind xmlns:D="DAV:" xmlns:C="http://calendarserver.org/ns/">'
        b'<D:prop><D:resourcetype/><C:notificationtype/></D:prop></D:propfind>', depth="1")
    invitations = [
        response.find(f"{DAV}href").text for response in listing.iter(f"{DAV}response")
        if response.find(f".//{CS}invite-notification") is not None]
    ours = None
    for href in invitations:
        status, headers, data = server.raw("GET", href, user=server.user2, password=bob_password)
        assert status == 200 and headers["content-type"].startswith("application/xml")
        document = ET.fromstring(data)
        host = document.find(f".//{CS}hosturl/{DAV}href").text
        if host.rstrip("/").endswith(f"/{server.user}/{calendar_id}"):
            ours = document
    assert ours is not None
    assert ours.find(f".//{CS}invite-noresponse") is not None
    assert ours.find(f".//{CS}access/{CS}read") is not None
    uid = ours.find(f".//{CS}uid").text

    # alice cannot read bob's notifications.
    status, _, _ = server.raw(
        "PROPFIND", notification_url, user=server.user, password=server.password,
        headers={"Depth": "1"})
    assert status == 404

    reply = f"""<?xml version="1.0" encoding="UTF-8"?>
<C:invite-reply xmlns:C="http://calendarserver.org/ns/" xmlns:D="DAV:">
  <D:href>mailto:{server.user}@example.com</D:href><C:invite-declined/>
  <C:hosturl><D:href>{host}</D:href></C:hosturl><C:in-reply-to>{uid}</C:in-reply-to>
</C:invite-reply>"""
    status, _, data = server.raw(
        "POST", server.home_url(server.user2), user=server.user2, password=bob_password,
        body=reply.encode(), headers={"Content-Type": "text/xml; charset=utf-8"})
    assert status == 200, data
    with server.client(user=server.user2, password=bob_password) as bob:
        assert shared_url not in {canonical(c.url) for c in bob.principal().get_calendars()}
