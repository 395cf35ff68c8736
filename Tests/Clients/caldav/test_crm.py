"""The CRM JSON API and python caldav see the same tasks (issue 5, CRM-MAPPING.md).

Tasks created through /api/v1 appear to caldav as VEVENT/VTODO with the mapped properties;
objects that caldav saves become CRM tasks; completion and deletion flow both ways; the trash
restores what either side deleted.
"""

import base64
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest


class API:
    """A tiny /api/v1 client on urllib with HTTP Basic."""

    def __init__(self, server, user=None, password=None):
        self.server = server
        user = user or server.user
        password = password or (server.password if user == server.user else server.password2)
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def call(self, method, path, body=None, headers=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            self.server.url("/api/v1" + path), data=data, method=method)
        request.add_header("Authorization", self.auth)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
                return response.status, dict(response.headers), json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            raw = error.read()
            return error.code, dict(error.headers), json.loads(raw) if raw else None

    def ok(self, method, path, body=None, expect=(200, 201, 204), headers=None):
        status, response_headers, payload = self.call(method, path, body, headers)
        assert status in expect, f"{method} {path} -> {status} {payload}"
        return payload, response_headers


@pytest.fixture
def api(server):
    return API(server)


def find_object(calendar, uid):
    return calendar.object_by_uid(uid)


def calendar_at(client, server, href):
    return client.calendar(url=server.url(href))


@pytest.fixture
def make_api_calendar(client, server):
    """Creates calendars through the API; deletes them through CalDAV afterwards."""
    created = []

    def make(api, default_type=None, display="API test"):
        path = f"pytest-crm-{uuid.uuid4().hex[:8]}"
        body = {"path": path, "displayName": display}
        if default_type:
            body["defaultType"] = default_type
        calendar, headers = api.ok("POST", "/calendars", body, expect=(201,))
        assert headers.get("Location") == calendar["caldavHref"]
        created.append(calendar["caldavHref"])
        return calendar

    yield make
    for href in created:
        calendar_at(client, server, href).delete()


def test_api_task_shows_up_in_caldav_with_mapped_properties(api, client, server, make_api_calendar):
    contact, _ = api.ok("POST", "/contacts", {
        "name": "Grace Hopper", "company": "Navy",
        "emails": [{"label": "work", "value": "grace@example.com"}],
        "phones": [{"label": "mobile", "value": "+1 555 0100"}]}, expect=(201,))
    calendar = make_api_calendar(api)
    task, headers = api.ok("POST", "/tasks", {
        "type": "meeting", "title": "Compiler demo", "timeZone": "Europe/Berlin",
        "start": "2026-12-01T10:00:00+01:00", "end": "2026-12-01T11:00:00+01:00",
        "priority": "high", "reminderMinutes": 15, "contactId": contact["id"],
        "calendar": calendar["path"]}, expect=(201,))
    assert task["componentType"] == "VEVENT"
    assert task["start"] == "2026-12-01T10:00:00+01:00"
    assert headers.get("ETag")
    cal = calendar_at(client, server, calendar["caldavHref"])
    event = find_object(cal, task["uid"])
    data = event.data
    assert "SUMMARY:Compiler demo" in data
    assert "CATEGORIES:" in data and "Meeting" in data
    assert "STATUS:CONFIRMED" in data
    assert "PRIORITY:1" in data
    assert "CONTACT" in data and "Grace Hopper" in data
    assert "ATTENDEE" in data and "mailto:grace@example.com" in data
    assert "BEGIN:VALARM" in data
    todo, _ = api.ok("POST", "/tasks", {
        "type": "email", "title": "Send slides", "due": "2026-12-02T09:00:00Z",
        "priority": "low", "calendar": calendar["path"]}, expect=(201,))
    assert todo["componentType"] == "VTODO"
    data = find_object(cal, todo["uid"]).data
    assert "BEGIN:VTODO" in data and "SUMMARY:Send slides" in data
    assert "STATUS:NEEDS-ACTION" in data and "PRIORITY:9" in data
    assert "Email" in data


def test_caldav_event_with_known_attendee_becomes_linked_meeting(api, client, server, make_api_calendar):
    contact, _ = api.ok("POST", "/contacts", {
        "name": "Alan Turing", "emails": [{"value": "alan@example.org"}]}, expect=(201,))
    calendar = make_api_calendar(api)
    cal = calendar_at(client, server, calendar["caldavHref"])
    uid = f"pytest-{uuid.uuid4()}"
    cal.save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pytest//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261203T140000Z\r\n"
        "DTEND:20261203T150000Z\r\nSUMMARY:Bletchley catch-up\r\n"
        "ATTENDEE;CN=Alan Turing:mailto:ALAN@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    page, _ = api.ok("GET", "/tasks?calendar=" + urllib.parse.quote(calendar["path"]))
    [task] = [t for t in page["items"] if t["uid"] == uid]
    assert task["type"] == "meeting"
    assert task["contactId"] == contact["id"]
    assert task["unmatchedParticipants"] == []


def test_caldav_categories_call_becomes_call(api, client, server, make_api_calendar):
    calendar = make_api_calendar(api)
    cal = calendar_at(client, server, calendar["caldavHref"])
    uid = f"pytest-{uuid.uuid4()}"
    cal.save_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pytest//EN\r\nBEGIN:VEVENT\r\n"
        f"UID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261204T090000Z\r\n"
        "DTEND:20261204T091500Z\r\nSUMMARY:Ring the supplier\r\nCATEGORIES:Call\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n")
    page, _ = api.ok("GET", "/tasks?type=call&calendar=" + urllib.parse.quote(calendar["path"]))
    assert [t["title"] for t in page["items"]] == ["Ring the supplier"]


def test_vtodo_in_email_tasks_calendar_is_an_email_task(api, client, server, make_api_calendar):
    calendar = make_api_calendar(api, default_type="email", display="Email Tasks")
    assert calendar["defaultType"] == "email"
    cal = calendar_at(client, server, calendar["caldavHref"])
    uid = f"pytest-{uuid.uuid4()}"
    cal.save_todo(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//pytest//EN\r\nBEGIN:VTODO\r\n"
        f"UID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nSUMMARY:Answer the tender\r\n"
        "END:VTODO\r\nEND:VCALENDAR\r\n")
    page, _ = api.ok("GET", "/tasks?calendar=" + urllib.parse.quote(calendar["path"]))
    [task] = [t for t in page["items"] if t["uid"] == uid]
    assert task["type"] == "email"
    assert task["componentType"] == "VTODO"


def test_completion_flows_both_ways(api, client, server, make_api_calendar):
    calendar = make_api_calendar(api)
    cal = calendar_at(client, server, calendar["caldavHref"])
    task, _ = api.ok("POST", "/tasks", {
        "type": "to-do", "title": "Renew contract", "calendar": calendar["path"]}, expect=(201,))
    todo = find_object(cal, task["uid"])
    todo.complete()
    after, _ = api.ok("GET", f"/tasks/{task['id']}")
    assert after["status"] == "done"
    assert after["completedAt"] is not None

    other, _ = api.ok("POST", "/tasks", {
        "type": "to-do", "title": "Call the bank", "calendar": calendar["path"]}, expect=(201,))
    api.ok("POST", f"/tasks/{other['id']}/complete")
    data = find_object(cal, other["uid"]).data
    assert "STATUS:COMPLETED" in data
    assert "COMPLETED:" in data


def test_delete_both_ways_and_restore_from_trash(api, client, server, make_api_calendar):
    calendar = make_api_calendar(api)
    cal = calendar_at(client, server, calendar["caldavHref"])
    first, _ = api.ok("POST", "/tasks", {
        "type": "to-do", "title": "Deleted in caldav", "calendar": calendar["path"]}, expect=(201,))
    find_object(cal, first["uid"]).delete()
    status, _, _ = api.call("GET", f"/tasks/{first['id']}")
    assert status == 404

    second, _ = api.ok("POST", "/tasks", {
        "type": "to-do", "title": "Deleted in the API", "calendar": calendar["path"]}, expect=(201,))
    api.ok("DELETE", f"/tasks/{second['id']}", expect=(204,))
    assert second["uid"] not in [o.icalendar_component["UID"] for o in cal.todos(include_completed=True)]

    trash, _ = api.ok("GET", "/trash")
    entries = {e["taskId"]: e for e in trash["items"]}
    assert first["id"] in entries and second["id"] in entries
    restored, _ = api.ok("POST", f"/trash/{entries[first['id']]['id']}/restore")
    assert restored["id"] == first["id"]
    assert "SUMMARY:Deleted in caldav" in find_object(cal, first["uid"]).data
    api.ok("POST", f"/trash/{entries[second['id']]['id']}/restore")
    again, _ = api.ok("GET", f"/tasks/{second['id']}")
    assert again["title"] == "Deleted in the API"


def test_other_users_tasks_are_not_found(api, server):
    task, _ = api.ok("POST", "/tasks", {"type": "to-do", "title": "Private"}, expect=(201,))
    bob = API(server, server.user2, server.password2)
    status, _, problem = bob.call("GET", f"/tasks/{task['id']}")
    assert status == 404
    assert problem["status"] == 404
    api.ok("DELETE", f"/tasks/{task['id']}", expect=(204,))
