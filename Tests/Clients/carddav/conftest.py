"""A plain CardDAV client on urllib for the replayed client sequences (test_replay.py).

scripts/test starts Cadence on a loopback port and sets CADENCE_TEST_URL, CADENCE_TEST_USER and
CADENCE_TEST_PASSWORD (as for Tests/Clients/caldav).
"""

import base64
import os
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest

DAV = "DAV:"
CARD = "urn:ietf:params:xml:ns:carddav"
CS = "http://calendarserver.org/ns/"
NS = {"D": DAV, "CR": CARD, "CS": CS}


class Reply:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8")

    def header(self, name):
        return self.headers.get(name)

    def xml(self):
        return ET.fromstring(self.body)

    def responses(self):
        """{href: element} of a multistatus."""
        return {r.findtext("D:href", namespaces=NS): r for r in self.xml().findall("D:response", NS)}


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    def __init__(self, base, user, password, agent):
        self.base = base.rstrip("/")
        self.user = user
        self.auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
        self.agent = agent
        self.opener = urllib.request.build_opener(NoRedirect)

    def request(self, method, path, body=None, headers=None):
        url = path if path.startswith("http") else self.base + path
        data = body.encode("utf-8") if isinstance(body, str) else body
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", self.auth)
        request.add_header("User-Agent", self.agent)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with self.opener.open(request, timeout=30) as response:
                return Reply(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Reply(error.code, error.headers, error.read())

    def propfind(self, path, props, depth="0"):
        body = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<D:propfind xmlns:D="DAV:" xmlns:CR="urn:ietf:params:xml:ns:carddav" '
            'xmlns:CS="http://calendarserver.org/ns/" xmlns:A="http://apple.com/ns/ical/" '
            'xmlns:ME="urn:mobileme:davservices"><D:prop>'
            + "".join(f"<{p}/>" for p in props)
            + "</D:prop></D:propfind>"
        )
        return self.request(
            "PROPFIND", path, body,
            {"Depth": depth, "Content-Type": "application/xml; charset=utf-8"})

    def report(self, path, body, depth="1"):
        headers = {"Content-Type": "application/xml; charset=utf-8"}
        if depth is not None:
            headers["Depth"] = depth
        return self.request("REPORT", path, body, headers)

    def sync(self, path, token, props="<D:getetag/>"):
        body = (
            '<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:">'
            f"<D:sync-token>{token}</D:sync-token><D:sync-level>1</D:sync-level>"
            f"<D:prop>{props}</D:prop></D:sync-collection>"
        )
        return self.report(path, body, depth=None)

    def api(self, method, path, body=None, headers=None):
        all_headers = {"Content-Type": "application/json"} if body is not None else {}
        all_headers.update(headers or {})
        return self.request(method, "/api/v1" + path, body, all_headers)


@pytest.fixture
def settings():
    url = os.environ.get("CADENCE_TEST_URL")
    if not url:
        pytest.skip("CADENCE_TEST_URL is not set (scripts/test sets it)")
    return url, os.environ.get("CADENCE_TEST_USER", "alice"), os.environ["CADENCE_TEST_PASSWORD"]


@pytest.fixture
def ios(settings):
    url, user, password = settings
    return Client(url, user, password, "iOS/17.0 (21A329) dataaccessd/1.0")


@pytest.fixture
def davx5(settings):
    url, user, password = settings
    return Client(url, user, password, "DAVx5/4.4.3-ose (2024/09/30; dav4jvm; okhttp/4.12.0) Android/14")
