"""Hostile and malformed requests at the HTTP level (issue 8).

Each case is sent over a raw loopback socket to the live server, so the real HTTP parser sees it
(no client library tidies it up). Every case must get its 4xx (or, where the RFC allows an
answer, a bounded one) within a few seconds; afterwards the server still serves, and nothing was
written: the calendar's CalendarServer ctag and member list are unchanged.
"""

import base64
import re
import socket
import threading
import time
import urllib.parse
import uuid

import pytest

DAV_XML = {"Content-Type": "application/xml; charset=utf-8"}


def raw_exchange(server, request_bytes, timeout=60.0):
    """Sends `request_bytes` as they are; returns (status or None if the connection was cut,
    head text, body bytes, seconds)."""
    parts = urllib.parse.urlsplit(server.base)
    started = time.monotonic()
    data = bytearray()
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as sock:
        try:
            sock.sendall(request_bytes)
        except (BrokenPipeError, ConnectionResetError):
            pass
        try:
            while True:  # Connection: close, so the answer ends when the server closes
                chunk = sock.recv(1 << 20)
                if not chunk:
                    break
                data += chunk
        except (ConnectionResetError, socket.timeout):
            pass
    seconds = time.monotonic() - started
    head, _, body = bytes(data).partition(b"\r\n\r\n")
    match = re.match(rb"HTTP/1\.[01] (\d{3})", head)
    if match and re.search(rb"(?im)^transfer-encoding:\s*chunked", head):
        body = dechunk(body)
    return (int(match.group(1)) if match else None), head.decode("latin-1"), body, seconds


def dechunk(body):
    out, rest = bytearray(), body
    while rest:
        size_line, _, rest = rest.partition(b"\r\n")
        size = int(size_line.split(b";")[0] or b"0", 16)
        if size == 0:
            break
        out += rest[:size]
        rest = rest[size + 2:]
    return bytes(out)


def request_bytes(server, method, target, headers=None, body=b"", auth=True):
    """One HTTP/1.1 request, `Connection: close`, as bytes."""
    parts = urllib.parse.urlsplit(server.base)
    lines = [f"{method} {target} HTTP/1.1", f"Host: {parts.hostname}:{parts.port}",
             "Connection: close"]
    if auth:
        token = base64.b64encode(f"{server.user}:{server.password}".encode()).decode()
        lines.append(f"Authorization: Basic {token}")
    for name, value in (headers or {}).items():
        lines.append(f"{name}: {value}")
    if isinstance(body, str):
        body = body.encode()
    if body is not None and "Transfer-Encoding" not in (headers or {}):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")


def calendar_state(server, path):
    """The ctag and the sorted member hrefs of a calendar, read by PROPFIND."""
    body = ('<?xml version="1.0"?><D:propfind xmlns:D="DAV:" '
            'xmlns:CS="http://calendarserver.org/ns/"><D:prop><D:getetag/><CS:getctag/>'
            '</D:prop></D:propfind>')
    status, _, data = server.raw("PROPFIND", path, server.user, server.password, body,
                                 {"Depth": "1", **DAV_XML})
    assert status == 207, data[:300]
    text = data.decode()
    ctag = re.search(r"getctag[^>]*>([^<]+)<", text)
    hrefs = sorted(re.findall(r"<D:href>([^<]+)</D:href>", text))
    return (ctag.group(1) if ctag else None), hrefs


def still_serving(server):
    status, _, _ = server.raw("GET", "/health")
    assert status == 200
    status, _, _ = server.raw("PROPFIND", server.home_url(server.user), server.user,
                              server.password, None, {"Depth": "0"})
    assert status == 207


@pytest.fixture
def target(server, principal):
    """A fresh calendar holding one event; yields its path; checks it is untouched."""
    cal_id = f"pytest-hostile-{uuid.uuid4().hex[:8]}"
    cal = principal.make_calendar(name="hostile", cal_id=cal_id)
    cal.add_event("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//tests//EN\r\n"
                  "BEGIN:VEVENT\r\nUID:hostile-base\r\nDTSTAMP:20260101T000000Z\r\n"
                  "DTSTART:20260105T100000Z\r\nDTEND:20260105T110000Z\r\nSUMMARY:base\r\n"
                  "END:VEVENT\r\nEND:VCALENDAR\r\n")
    path = urllib.parse.urlsplit(str(cal.url)).path
    before = calendar_state(server, path)
    yield path
    still_serving(server)
    assert calendar_state(server, path) == before, "a hostile request changed the calendar"
    cal.delete()


def expect(server, method, target_path, statuses, headers=None, body=b"", max_seconds=10.0,
           auth=True):
    status, head, data, seconds = raw_exchange(
        server, request_bytes(server, method, target_path, headers, body, auth))
    assert status in statuses, f"{method} {target_path[:80]}: {status} {head[:200]} {data[:300]!r}"
    assert seconds < max_seconds, f"{method} took {seconds:.1f}s"
    assert b"Traceback" not in data and b"Fatal error" not in data
    return status, head, data


PROPFIND_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'


# --- XML bodies -----------------------------------------------------------------------------

def test_xxe_local_file_is_refused(server, target):
    body = (PROPFIND_HEAD + '<!DOCTYPE D:propfind [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            '<D:propfind xmlns:D="DAV:"><D:prop><D:displayname>&xxe;</D:displayname></D:prop>'
            '</D:propfind>')
    _, _, data = expect(server, "PROPFIND", target, {400}, {"Depth": "0", **DAV_XML}, body)
    assert b"root:" not in data
    _, _, data = expect(server, "PROPPATCH", target, {400}, DAV_XML, body.replace(
        "D:propfind", "D:propertyupdate").replace("<D:prop>", "<D:set><D:prop>").replace(
        "</D:prop>", "</D:prop></D:set>"))
    assert b"root:" not in data


def test_xxe_network_entity_is_never_fetched(server, target):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(1.5)
    port = listener.getsockname()[1]
    connected = []

    def watch():
        try:
            conn, _ = listener.accept()
            connected.append(True)
            conn.close()
        except socket.timeout:
            pass

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        for body in [
            PROPFIND_HEAD + f'<!DOCTYPE x [<!ENTITY e SYSTEM "http://127.0.0.1:{port}/x">]>'
            '<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop>&e;</D:propfind>',
            PROPFIND_HEAD + f'<!DOCTYPE x SYSTEM "http://127.0.0.1:{port}/dtd">'
            '<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>',
            PROPFIND_HEAD + f'<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:{port}/p"> %p;]>'
            '<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>',
        ]:
            expect(server, "PROPFIND", target, {400}, {"Depth": "0", **DAV_XML}, body)
    finally:
        watcher.join()
        listener.close()
    assert not connected, "the server connected to an external entity's URL"


def test_billion_laughs_is_refused_quickly(server, target):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10))
    body = (PROPFIND_HEAD + f"<!DOCTYPE lolz [{entities}]>"
            '<D:propfind xmlns:D="DAV:"><D:prop><D:displayname>&lol9;</D:displayname></D:prop>'
            '</D:propfind>')
    expect(server, "PROPFIND", target, {400}, {"Depth": "0", **DAV_XML}, body, max_seconds=3)
    report = body.replace("D:propfind", "C:calendar-query").replace(
        'xmlns:D="DAV:"', 'xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav"')
    expect(server, "REPORT", target, {400}, {"Depth": "1", **DAV_XML}, report, max_seconds=3)


def test_deep_nesting_is_refused(server, target):
    depth = 50_000
    body = (PROPFIND_HEAD + '<D:propfind xmlns:D="DAV:"><D:prop>' + "<x>" * depth
            + "</x>" * depth + "</D:prop></D:propfind>")
    expect(server, "PROPFIND", target, {400, 413}, {"Depth": "0", **DAV_XML}, body)
    # Just inside the body limit, still too deep.
    depth = 2_000
    body = (PROPFIND_HEAD + '<D:propfind xmlns:D="DAV:"><D:prop>' + "<x>" * depth
            + "</x>" * depth + "</D:prop></D:propfind>")
    expect(server, "PROPFIND", target, {400}, {"Depth": "0", **DAV_XML}, body)


def test_oversized_xml_bodies_are_refused(server, target):
    filler = "<D:getetag/>" * 200_000  # 2.4 MB, over the 1 MB default XML limit
    body = PROPFIND_HEAD + f'<D:propfind xmlns:D="DAV:"><D:prop>{filler}</D:prop></D:propfind>'
    expect(server, "PROPFIND", target, {413}, {"Depth": "0", **DAV_XML}, body)
    # The same without Content-Length, chunked: the limit holds while reading.
    data = body.encode()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(data[i:i + 65536]), data[i:i + 65536])
                       for i in range(0, len(data), 65536)) + b"0\r\n\r\n"
    expect(server, "PROPFIND", target, {413},
           {"Depth": "0", "Transfer-Encoding": "chunked", **DAV_XML}, chunked)


def test_invalid_utf8_in_xml_is_refused(server, target):
    body = (PROPFIND_HEAD.encode() + b'<D:propertyupdate xmlns:D="DAV:"><D:set><D:prop>'
            b"<D:displayname>bad \xff\xfe bytes</D:displayname></D:prop></D:set>"
            b"</D:propertyupdate>")
    expect(server, "PROPPATCH", target, {400}, DAV_XML, body)


def test_wrong_root_elements_and_garbage(server, target):
    for body in ["not xml at all", "<", '<?xml version="1.0"?>', "<a xmlns='DAV:'><b></a>",
                 '<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop></D:propfind>' * 2]:
        expect(server, "PROPFIND", target, {400}, {"Depth": "0", **DAV_XML}, body)
        expect(server, "REPORT", target, {400, 403, 501}, {"Depth": "1", **DAV_XML}, body)


# --- headers --------------------------------------------------------------------------------

def test_oversized_headers_cut_or_refused(server, target):
    status, _, _, seconds = raw_exchange(server, request_bytes(
        server, "PROPFIND", target, {"Depth": "0", "X-Big": "a" * 300_000}, b""))
    assert status in {None, 400, 413, 431}
    assert seconds < 10
    many = {f"X-H{i}": "v" * 20 for i in range(5_000)}
    status, _, _, seconds = raw_exchange(server, request_bytes(server, "GET", target, many, b""))
    assert status in {None, 400, 413, 431, 200}
    assert seconds < 10
    still_serving(server)


def test_bad_depth_headers(server, target):
    for depth in ["2", "foo", "-1", "1,1", "", "infinity ; x"]:
        expect(server, "PROPFIND", target, {400}, {"Depth": depth}, b"")
    status, _, data = expect(server, "PROPFIND", target, {403}, {"Depth": "infinity"}, b"")
    assert b"propfind-finite-depth" in data


def test_bad_destination_headers(server, target):
    members = calendar_state(server, target)[1]
    source = next(h for h in members if h.endswith(".ics"))
    for destination in ["", "not a url", "/caldav/calendars/alice/../bob/crm-tasks/x.ics",
                        target + "%2e%2e/%2e%2e/bob/x.ics", target + "a%2Fb.ics",
                        target + "nul%00.ics", "http://[::1", target + "%ff%fe.ics",
                        f"/caldav/calendars/{server.user2}/crm-tasks/stolen.ics"]:
        for method in ["COPY", "MOVE"]:
            expect(server, method, source, {400, 403, 404, 409, 412, 502},
                   {"Destination": destination}, b"")


def test_bad_if_headers(server, target):
    members = calendar_state(server, target)[1]
    source = next(h for h in members if h.endswith(".ics"))
    event = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nBEGIN:VEVENT\r\n"
             "UID:hostile-base\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260105T100000Z\r\n"
             "SUMMARY:overwritten\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    for name, value, expected in [
            ("If-Match", "garbage", 412), ("If-Match", '"nope"', 412), ("If-Match", "", 412),
            ("If-None-Match", "*", 412), ("If", "(<garbage", 400), ("If", '(<urn:x> ["e"]', 400),
            ("If", "(Not <urn:x>", 400), ("If", "<http://x/y>", 400), ("If", "", 400),
            ("If", '(<urn:x> ["e"])', 412), ("If", '(["stale"])', 412),
            ("If", "(<DAV:no-lock>)", 412)]:
        status, _, _ = expect(server, "PUT", source, {expected},
                              {name: value, "Content-Type": "text/calendar"}, event)


# --- paths ----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", [
    "/caldav/calendars/{user}/../{user2}/crm-tasks/",
    "/caldav/calendars/{user}/%2e%2e/{user2}/crm-tasks/",
    "/caldav/calendars/{user}/%2E%2E/%2E%2E/calendars/{user2}/",
    "/caldav/calendars/{user}%2F..%2F{user2}/crm-tasks/",
    "/caldav/calendars/{user2}%00/crm-tasks/",
    "/caldav/calendars/{user}/crm-tasks/%00.ics",
    "/caldav/calendars/{user}/crm-tasks/%ff.ics",
    "/caldav/calendars/{user}/%252e%252e/{user2}/",
    "/caldav/calendars//{user2}/crm-tasks/",
    "/caldav/calendars/{user}/crm-tasks/..%5c..%5c{user2}.ics",
])
def test_path_traversal_never_reaches_another_user(server, target, path):
    path = path.format(user=server.user, user2=server.user2)
    for method, statuses in [("PROPFIND", {400, 404, 207}), ("GET", {400, 404, 200}),
                             ("DELETE", {400, 404, 403, 405})]:
        status, _, data = expect(server, method, path, statuses,
                                 {"Depth": "1"} if method == "PROPFIND" else {}, b"")
        assert f"/{server.user2}/".encode() not in data or status >= 400, (method, path, data[:300])
    # A bob path that decodes oddly must never be written.
    status, _, _ = expect(server, "PUT", path.rstrip("/") + "/planted.ics",
                          {400, 403, 404, 405, 409}, {"Content-Type": "text/calendar"},
                          "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nBEGIN:VEVENT"
                          "\r\nUID:planted\r\nDTSTAMP:20260101T000000Z\r\n"
                          "DTSTART:20260101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


# --- calendar data and reports --------------------------------------------------------------

def query(start, end, expand=True, comp="VEVENT"):
    data = (f'<C:calendar-data><C:expand start="{start}" end="{end}"/></C:calendar-data>'
            if expand else "<C:calendar-data/>")
    return ('<?xml version="1.0" encoding="utf-8"?><C:calendar-query xmlns:D="DAV:" '
            f'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/>{data}</D:prop>'
            f'<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="{comp}">'
            f'<C:time-range start="{start}" end="{end}"/></C:comp-filter></C:comp-filter>'
            '</C:filter></C:calendar-query>')


def test_explosive_rules_in_expand_stay_bounded(server, calendar):
    path = urllib.parse.urlsplit(str(calendar.url)).path
    rules = ["FREQ=SECONDLY;COUNT=100000000",
             "FREQ=YEARLY;BYMONTH=1,2,3,4,5,6,7,8,9,10,11,12;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10,11,"
             "12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,"
             "12,13,14,15,16,17,18,19,20,21,22,23;BYMINUTE=" + ",".join(map(str, range(60)))
             + ";BYSECOND=" + ",".join(map(str, range(60))),
             "FREQ=MINUTELY;INTERVAL=1"]
    for i, rule in enumerate(rules):
        event = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nBEGIN:VEVENT\r\n"
                 f"UID:explosive-{i}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260101T000000Z\r\n"
                 f"DURATION:PT1S\r\nRRULE:{rule}\r\nSUMMARY:boom\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        status, _, data = expect(server, "PUT", f"{path}explosive-{i}.ics", {201, 204, 403},
                                 {"Content-Type": "text/calendar"}, event, max_seconds=10)
    for start, end in [("20260101T000000Z", "20270101T000000Z"),
                       ("00010101T000000Z", "99991231T235959Z")]:
        status, _, data = expect(server, "REPORT", path, {207, 403, 507},
                                 {"Depth": "1", **DAV_XML}, query(start, end), max_seconds=20)
        assert len(data) < 64 * 1024 * 1024
    still_serving(server)


def test_ten_thousand_year_time_range(server, target):
    for start, end in [("00010101T000000Z", "99991231T235959Z"),
                       ("19000101T000000Z", "99991231T235959Z")]:
        expect(server, "REPORT", target, {207, 403}, {"Depth": "1", **DAV_XML},
               query(start, end), max_seconds=15)
        expect(server, "REPORT", target, {207, 403}, {"Depth": "1", **DAV_XML},
               query(start, end, expand=False, comp="VTODO"), max_seconds=15)
    for bad in [("99991231T235959Z", "00010101T000000Z"), ("garbage", "20260101T000000Z"),
                ("20260101T000000", "20270101T000000")]:
        status, _, data = expect(server, "REPORT", target, {400, 403}, {"Depth": "1", **DAV_XML},
                                 query(*bad))


def test_ten_thousand_hrefs_in_one_multiget(server, target):
    hrefs = "".join(f"<D:href>{target}missing-{i}.ics</D:href>" for i in range(10_000))
    body = ('<?xml version="1.0" encoding="utf-8"?><C:calendar-multiget xmlns:D="DAV:" '
            'xmlns:C="urn:ietf:params:xml:ns:caldav"><D:prop><D:getetag/><C:calendar-data/>'
            f"</D:prop>{hrefs}</C:calendar-multiget>")
    status, _, data = expect(server, "REPORT", target, {207, 403, 413},
                             {"Depth": "1", **DAV_XML}, body, max_seconds=20)
    if status == 207:
        assert data.count(b"404") >= 10_000
    other = "".join(f"<D:href>/caldav/calendars/{server.user2}/crm-tasks/{i}.ics</D:href>"
                    for i in range(2_000))
    status, _, data = expect(server, "REPORT", target, {207, 403},
                             {"Depth": "1", **DAV_XML}, body.replace(hrefs, other))
    assert b"BEGIN:VCALENDAR" not in data


def test_large_calendar_objects(server, calendar):
    path = urllib.parse.urlsplit(str(calendar.url)).path
    head = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nBEGIN:VEVENT\r\n"
            "UID:{uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART:20260101T100000Z\r\n")
    tail = "END:VEVENT\r\nEND:VCALENDAR\r\n"

    def sized(uid, size):
        text = head.format(uid=uid)
        line = "X-FILLER:" + "x" * 60 + "\r\n"
        count = (size - len(text) - len(tail)) // len(line)
        return (text + line * count + tail).encode()

    big = sized("big-9-9", 9_900_000)  # under the default 10 MB limit: stored and served whole
    expect(server, "PUT", f"{path}big.ics", {201}, {"Content-Type": "text/calendar"}, big,
           max_seconds=60)
    status, _, data = expect(server, "GET", f"{path}big.ics", {200}, {}, b"", max_seconds=60)
    assert data == big
    too_big = sized("big-10-5", 10_500_000)
    _, _, data = expect(server, "PUT", f"{path}too-big.ics", {413},
                        {"Content-Type": "text/calendar"}, too_big, max_seconds=60)
    status, _, _ = expect(server, "GET", f"{path}too-big.ics", {404}, {}, b"")


def test_invalid_utf8_and_broken_calendar_bodies(server, target):
    for body, statuses in [
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:u\xff\xfe\r\n"
         b"DTSTART:20260101T000000Z\r\nDTSTAMP:20260101T000000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
         {400, 403, 415}),
        (b"\x00\x01\x02 binary", {400, 403, 415}),
        (b"BEGIN:VCALENDAR\r\n" * 5000, {400, 403}),
        (b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:99999999T999999Z\r\nUID:x\r\n"
         b"END:VEVENT\r\nEND:VCALENDAR\r\n", {400, 403}),
    ]:
        expect(server, "PUT", target + "broken.ics", statuses,
               {"Content-Type": "text/calendar"}, body)


def test_unknown_and_malformed_methods(server, target):
    expect(server, "BREW", target, {400, 405, 501}, {}, b"")
    status, _, _, _ = raw_exchange(server, b"GARBAGE\r\n\r\n")
    assert status in {None, 400}
    status, _, _, _ = raw_exchange(server, b"GET /health HTTP/9.9\r\nHost: x\r\n\r\n")
    assert status in {None, 400, 505}
    still_serving(server)
