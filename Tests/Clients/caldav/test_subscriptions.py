"""Subscription links as a subscriber polls them (issue 6): plain urllib, no credentials.

A link is created through /api/v1 for a fresh calendar holding a task and an event; the test then
fetches /caldav/public/{token}.ics as Nextcloud, Google or Outlook would: the body, the refresh
hints, a conditional re-poll answered 304, gzip, and 404 once the link is revoked.
"""

import base64
import gzip
import json
import urllib.error
import urllib.request
import uuid

TASK = """BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//pytest//EN\r
BEGIN:VTODO\r
UID:{uid}\r
DTSTAMP:20260101T000000Z\r
SUMMARY:Ring Ada\r
X-CADENCE-TYPE:call\r
DUE:20260310T170000Z\r
STATUS:NEEDS-ACTION\r
END:VTODO\r
END:VCALENDAR\r
"""


def _api(server, method, path, body=None):
    auth = base64.b64encode(f"{server.user}:{server.password}".encode()).decode()
    request = urllib.request.Request(
        server.url("/api/v1" + path), method=method,
        data=None if body is None else json.dumps(body).encode())
    request.add_header("Authorization", "Basic " + auth)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=30) as response:
        raw = response.read()
        return response.status, json.loads(raw) if raw else None


def _fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def test_subscriber_polls_a_link(server, calendar):
    uid = f"sub-{uuid.uuid4().hex}"
    calendar.save_todo(TASK.format(uid=uid))
    path = str(calendar.url.path).rstrip("/").rsplit("/", 1)[-1]
    status, created = _api(server, "POST", f"/calendars/{path}/links", {"mode": "events"})
    assert status == 201
    token = created["token"]
    link = server.url(f"/caldav/public/{token}.ics")

    status, headers, body = _fetch(link)
    assert status == 200
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    assert headers["cache-control"] == "private, max-age=900"
    text = body.decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT15M\r\n" in text
    assert "X-PUBLISHED-TTL:PT15M\r\n" in text
    assert "BEGIN:VTODO" not in text
    assert f"UID:{uid}\r\n" in text
    assert "SUMMARY:☎ Call: Ring Ada\r\n" in text

    status, _, body = _fetch(link, {"If-None-Match": headers["etag"]})
    assert status == 304 and body == b""
    status, _, _ = _fetch(link, {"If-Modified-Since": headers["last-modified"]})
    assert status == 304

    status, zipped_headers, zipped = _fetch(link, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert zipped_headers["content-encoding"] == "gzip"
    assert gzip.decompress(zipped).decode() == text

    status, _ = _api(server, "DELETE", f"/links/{created['id']}")
    assert status == 204
    status, _, body = _fetch(link)
    assert status == 404
