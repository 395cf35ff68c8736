"""Shared setup for the python-caldav client tests.

The tests talk to a live server. scripts/test starts Cadence on a loopback port and sets:

    CADENCE_TEST_URL        base URL of the server, e.g. http://127.0.0.1:18080/
    CADENCE_TEST_USER       first user (default alice), CADENCE_TEST_PASSWORD
    CADENCE_TEST_USER2      second user (default bob), CADENCE_TEST_PASSWORD2

The URL layout defaults to Cadence's (Docs/clients.md); another server can be checked by
overriding it (each value may contain {user}):

    CADENCE_TEST_DAV_ROOT            /caldav/
    CADENCE_TEST_PRINCIPAL_PATH      /caldav/principals/users/{user}/
    CADENCE_TEST_HOME_PATH           /caldav/calendars/{user}/
    CADENCE_TEST_DEFAULT_CALENDAR    crm-tasks
    CADENCE_TEST_DEFAULT_DISPLAYNAME CRM Tasks
"""

import http.client
import os
import urllib.parse
import uuid
from dataclasses import dataclass

import caldav
import pytest


# Every HTTP exchange of the running test (python-caldav's and Server.raw's), shown with a failure
# so a report names the request and the response.
EXCHANGES = []
_LIMIT = 1500


def _clip(data):
    if data is None:
        return ""
    if isinstance(data, bytes):
        data = data.decode("utf-8", errors="replace")
    data = str(data)
    return data if len(data) <= _LIMIT else data[:_LIMIT] + f"... ({len(data)} chars)"


def _record(method, url, headers, body, status, response_headers, response_body):
    shown = {k: v for k, v in (headers or {}).items() if k.lower() != "authorization"}
    EXCHANGES.append(
        f"> {method} {url}\n> {shown}\n{_clip(body)}\n"
        f"< {status}\n< {dict(response_headers or {})}\n{_clip(response_body)}\n")


_original_request = caldav.DAVClient.request


def _recording_request(self, url, method="GET", body="", headers=None, *args, **kwargs):
    try:
        response = _original_request(self, url, method, body, headers, *args, **kwargs)
    except Exception as error:  # noqa: BLE001 - recorded, then raised unchanged
        _record(method, url, headers, body, f"raised {type(error).__name__}: {error}", {}, "")
        raise
    _record(method, url, headers, body, f"{response.status} {response.reason}",
            response.headers, getattr(response, "_raw", ""))
    return response


caldav.DAVClient.request = _recording_request


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed and EXCHANGES:
        report.sections.append(("HTTP exchanges (last 12)", "\n".join(EXCHANGES[-12:])))
    if call.when == "teardown":
        EXCHANGES.clear()
    return report


def _env(name, default=None):
    value = os.environ.get(name, default)
    if value is None:
        raise pytest.UsageError(f"{name} is not set (scripts/test sets it; see conftest.py)")
    return value


@dataclass(frozen=True)
class Server:
    """Where the server under test is and how its URLs are laid out."""

    base: str
    user: str
    password: str
    user2: str
    password2: str
    dav_root: str
    principal_path: str
    home_path: str
    default_calendar: str
    default_displayname: str

    def url(self, path):
        return urllib.parse.urljoin(self.base, path)

    def principal_url(self, user):
        return self.url(self.principal_path.format(user=user))

    def home_url(self, user):
        return self.url(self.home_path.format(user=user))

    def client(self, url=None, user=None, password=None):
        """A DAVClient as an application would create one."""
        user = user or self.user
        if password is None:
            password = self.password if user == self.user else self.password2
        return caldav.DAVClient(url=url or self.base, username=user, password=password, timeout=30)

    def raw(self, method, path, user=None, password=None, body=None, headers=None):
        """One plain HTTP request (no redirects followed); returns (status, headers, body)."""
        parts = urllib.parse.urlsplit(self.url(path))
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        all_headers = dict(headers or {})
        if user is not None:
            import base64

            token = base64.b64encode(f"{user}:{password}".encode()).decode()
            all_headers["Authorization"] = f"Basic {token}"
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request(method, target, body=body, headers=all_headers)
            response = connection.getresponse()
            data = response.read()
            response_headers = {k.lower(): v for k, v in response.getheaders()}
            _record(method, self.url(path), headers, body, f"{response.status} {response.reason}",
                    response_headers, data)
            return response.status, response_headers, data
        finally:
            connection.close()


@pytest.fixture(scope="session")
def server():
    base = _env("CADENCE_TEST_URL")
    if not base.endswith("/"):
        base += "/"
    return Server(
        base=base,
        user=_env("CADENCE_TEST_USER", "alice"),
        password=_env("CADENCE_TEST_PASSWORD"),
        user2=_env("CADENCE_TEST_USER2", "bob"),
        password2=_env("CADENCE_TEST_PASSWORD2"),
        dav_root=_env("CADENCE_TEST_DAV_ROOT", "/caldav/"),
        principal_path=_env("CADENCE_TEST_PRINCIPAL_PATH", "/caldav/principals/users/{user}/"),
        home_path=_env("CADENCE_TEST_HOME_PATH", "/caldav/calendars/{user}/"),
        default_calendar=_env("CADENCE_TEST_DEFAULT_CALENDAR", "crm-tasks"),
        default_displayname=_env("CADENCE_TEST_DEFAULT_DISPLAYNAME", "CRM Tasks"),
    )


@pytest.fixture
def client(server):
    with server.client() as c:
        yield c


@pytest.fixture
def principal(client):
    return client.principal()


@pytest.fixture
def calendar(request, principal):
    """A fresh calendar for one test, deleted afterwards."""
    slug = request.node.name.lower().replace("_", "-")
    slug = "".join(ch for ch in slug if ch.isalnum() or ch == "-")[:32]
    cal_id = f"pytest-{slug}-{uuid.uuid4().hex[:8]}"
    cal = principal.make_calendar(name=f"pytest {request.node.name}", cal_id=cal_id)
    try:
        yield cal
    finally:
        cal.delete()


def canonical(url):
    """A URL as a plain string without a trailing slash difference, for comparing."""
    return str(url).rstrip("/") + "/"
