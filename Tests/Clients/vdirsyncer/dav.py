#!/usr/bin/env python3
"""A small independent CalDAV client (standard library only) for run.sh: it reads and changes the
server side of the vdirsyncer pair without going through vdirsyncer, and lists the local vdir the
same way, so both sides can be compared line by line.

    dav.py list URL                   one "UID<TAB>SUMMARY" line per object, sorted
    dav.py local-list DIR             the same for a vdirsyncer filesystem folder (*.ics)
    dav.py put URL UID SUMMARY        create UID.ics in the calendar (If-None-Match: *)
    dav.py edit URL UID SUMMARY       change the SUMMARY of the object with that UID (If-Match)
    dav.py delete URL UID             delete the object with that UID (If-Match)
    dav.py props URL                  "displayname<TAB>calendar-color" of a collection
    dav.py set-displayname URL NAME   PROPPATCH DAV:displayname
    dav.py rmcol URL                  delete a collection (404 is fine)

Credentials: CADENCE_TEST_USER and CADENCE_TEST_PASSWORD.
"""

import base64
import http.client
import os
import pathlib
import sys
import urllib.parse
import xml.etree.ElementTree as ET

DAV = "{DAV:}"
APPLE = "{http://apple.com/ns/ical/}"


class HTTPError(Exception):
    pass


def request(method, url, body=None, headers=None, expect=(200,)):
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    token = base64.b64encode(
        f"{os.environ['CADENCE_TEST_USER']}:{os.environ['CADENCE_TEST_PASSWORD']}".encode()).decode()
    all_headers = {"Authorization": f"Basic {token}", **(headers or {})}
    if isinstance(body, str):
        body = body.encode()
    try:
        connection.request(method, parts.path or "/", body=body, headers=all_headers)
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    if response.status not in expect:
        raise HTTPError(f"{method} {url} -> {response.status} {response.reason}\n"
                        f"{data.decode(errors='replace')[:2000]}")
    return response.status, {k.lower(): v for k, v in response.getheaders()}, data


def unfold(text):
    return text.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "").replace("\n\t", "")


def first_value(text, name):
    """The value of the first NAME property of the first component inside VCALENDAR."""
    for line in unfold(text).splitlines():
        key = line.split(":", 1)[0].split(";", 1)[0].upper()
        if key == name and ":" in line:
            return line.split(":", 1)[1]
    return None


def members(url):
    """(href URL, etag) of every non-collection member of the calendar at url."""
    body = ('<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:"><D:prop>'
            "<D:resourcetype/><D:getetag/></D:prop></D:propfind>")
    _, _, data = request("PROPFIND", url, body, {"Depth": "1", "Content-Type": "application/xml"},
                         expect=(207,))
    own = urllib.parse.urlsplit(url).path.rstrip("/")
    result = []
    for response in ET.fromstring(data).iter(DAV + "response"):
        href = urllib.parse.unquote(response.findtext(DAV + "href"))
        path = urllib.parse.urlsplit(href).path
        if path.rstrip("/") == own:
            continue
        if response.find(f".//{DAV}resourcetype/{DAV}collection") is not None:
            continue
        result.append((urllib.parse.urljoin(url, urllib.parse.quote(path)),
                       response.findtext(f".//{DAV}getetag")))
    return result


def objects(url):
    """(href, etag, text) of every object."""
    found = []
    for href, _ in members(url):
        _, headers, data = request("GET", href)
        found.append((href, headers.get("etag"), data.decode()))
    return found


def find(url, uid):
    for href, etag, text in objects(url):
        if first_value(text, "UID") == uid:
            return href, etag, text
    raise SystemExit(f"dav.py: no object with UID {uid} in {url}")


def print_listing(texts):
    lines = sorted(f"{first_value(t, 'UID')}\t{first_value(t, 'SUMMARY')}" for t in texts)
    for line in lines:
        print(line)


def event(uid, summary):
    return ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//vdirsyncer test//EN\r\n"
            f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20300101T000000Z\r\n"
            "DTSTART:20300115T100000Z\r\nDTEND:20300115T110000Z\r\n"
            f"SUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


def main(argv):
    command, args = argv[1], argv[2:]
    if command == "list":
        print_listing(text for _, _, text in objects(args[0]))
    elif command == "local-list":
        print_listing(p.read_text() for p in sorted(pathlib.Path(args[0]).glob("*.ics")))
    elif command == "put":
        url, uid, summary = args
        request("PUT", url.rstrip("/") + f"/{uid}.ics", event(uid, summary),
                {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"},
                expect=(201, 204))
    elif command == "edit":
        url, uid, summary = args
        href, etag, text = find(url, uid)
        lines = unfold(text).replace("\r\n", "\n").split("\n")
        lines = [f"SUMMARY:{summary}" if l.upper().startswith("SUMMARY") else l for l in lines]
        request("PUT", href, "\r\n".join(lines),
                {"Content-Type": "text/calendar; charset=utf-8", "If-Match": etag},
                expect=(200, 201, 204))
    elif command == "delete":
        url, uid = args
        href, etag, _ = find(url, uid)
        request("DELETE", href, headers={"If-Match": etag}, expect=(200, 204))
    elif command == "props":
        body = ('<?xml version="1.0" encoding="utf-8"?><D:propfind xmlns:D="DAV:" '
                'xmlns:A="http://apple.com/ns/ical/"><D:prop><D:displayname/><A:calendar-color/>'
                "</D:prop></D:propfind>")
        _, _, data = request("PROPFIND", args[0], body,
                             {"Depth": "0", "Content-Type": "application/xml"}, expect=(207,))
        tree = ET.fromstring(data)
        name = color = ""
        for propstat in tree.iter(DAV + "propstat"):
            if " 200 " not in (propstat.findtext(DAV + "status") or ""):
                continue
            name = propstat.findtext(f".//{DAV}displayname") or name
            color = propstat.findtext(f".//{APPLE}calendar-color") or color
        print(f"{name}\t{color}")
    elif command == "set-displayname":
        url, name = args
        body = ('<?xml version="1.0" encoding="utf-8"?><D:propertyupdate xmlns:D="DAV:"><D:set>'
                f"<D:prop><D:displayname>{name}</D:displayname></D:prop></D:set></D:propertyupdate>")
        request("PROPPATCH", url, body, {"Content-Type": "application/xml"}, expect=(207,))
    elif command == "rmcol":
        request("DELETE", args[0], expect=(200, 204, 404))
    else:
        raise SystemExit(f"dav.py: unknown command {command}")


if __name__ == "__main__":
    try:
        main(sys.argv)
    except HTTPError as error:
        raise SystemExit(f"dav.py: {error}")
