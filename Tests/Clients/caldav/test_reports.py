"""The REPORT answers themselves, read without python-caldav (which quietly re-fetches objects whose
calendar-data is missing): calendar-query and calendar-multiget return the object text and the
same ETag as GET (RFC 4791 §7.8, §7.9, §9.6), the way DAVx5 and vdirsyncer ask."""

import urllib.parse
import uuid
import xml.etree.ElementTree as ET

from conftest import canonical

D = "{DAV:}"
C = "{urn:ietf:params:xml:ns:caldav}"


def put_event(server, calendar):
    uid = f"pytest-report-{uuid.uuid4()}"
    path = urllib.parse.urlsplit(canonical(calendar.url)).path + f"{uid}.ics"
    text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//client tests//EN\r\n"
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20300101T000000Z\r\n"
            "DTSTART:20300115T100000Z\r\nDTEND:20300115T110000Z\r\nSUMMARY:Report\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")
    status, headers, _ = server.raw("PUT", path, body=text, user=server.user,
                                    password=server.password,
                                    headers={"Content-Type": "text/calendar; charset=utf-8"})
    assert status == 201
    return uid, path, headers["etag"]


def answers(body):
    """{href path: {property name: (status, element)}} of a multistatus."""
    result = {}
    for response in ET.fromstring(body).iter(D + "response"):
        href = urllib.parse.unquote(urllib.parse.urlsplit(response.findtext(D + "href")).path)
        props = {}
        for propstat in response.findall(D + "propstat"):
            status = int(propstat.findtext(D + "status").split()[1])
            for prop in propstat.find(D + "prop"):
                props[prop.tag] = (status, prop)
        result[href] = props
    return result


def check_object(found, path, uid, etag):
    assert path in found, f"{path} missing from {sorted(found)}"
    props = found[path]
    assert props[D + "getetag"][0] == 200 and props[D + "getetag"][1].text == etag
    status, data = props[C + "calendar-data"]
    assert status == 200
    assert f"UID:{uid}" in data.text and "SUMMARY:Report" in data.text


def test_calendar_query_returns_calendar_data(server, calendar):
    uid, path, etag = put_event(server, calendar)
    body = ('<?xml version="1.0" encoding="utf-8"?>'
            '<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            "<D:prop><D:getetag/><C:calendar-data/></D:prop>"
            '<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/>'
            "</C:comp-filter></C:filter></C:calendar-query>")
    status, _, data = server.raw("REPORT", canonical(calendar.url), body=body, user=server.user,
                                 password=server.password,
                                 headers={"Depth": "1", "Content-Type": "application/xml"})
    assert status == 207
    check_object(answers(data), path, uid, etag)


def test_calendar_multiget_returns_calendar_data(server, calendar):
    """Path-only href, no Depth header (DAVx5), default DAV: namespace (vdirsyncer)."""
    uid, path, etag = put_event(server, calendar)
    missing = path.replace(".ics", "-missing.ics")
    body = ('<?xml version="1.0" encoding="utf-8" ?>'
            '<C:calendar-multiget xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
            f"<prop><getetag/><C:calendar-data/></prop><href>{path}</href><href>{missing}</href>"
            "</C:calendar-multiget>")
    status, _, data = server.raw("REPORT", canonical(calendar.url), body=body, user=server.user,
                                 password=server.password,
                                 headers={"Content-Type": "application/xml; charset=UTF-8"})
    assert status == 207
    found = answers(data)
    check_object(found, path, uid, etag)
    tree = ET.fromstring(data)
    statuses = {urllib.parse.unquote(urllib.parse.urlsplit(r.findtext(D + "href")).path):
                r.findtext(D + "status") for r in tree.iter(D + "response")}
    assert statuses.get(missing) is not None and " 404 " in statuses[missing]
