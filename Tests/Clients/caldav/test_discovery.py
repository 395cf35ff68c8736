"""Discovery as python-caldav does it: from the bare server URL, from /.well-known/caldav and from
the DAV root, down to the principal, its calendar home and its calendars (RFC 6764, RFC 5397,
RFC 4791 §6.2.1)."""

import urllib.parse

import pytest
from caldav.elements import cdav
from conftest import canonical

START_URLS = ["{base}", "{base}.well-known/caldav", "{dav_root}"]


@pytest.mark.parametrize("start", START_URLS, ids=["bare", "well-known", "dav-root"])
def test_discovery_finds_principal_and_calendars(server, start):
    url = start.format(base=server.base, dav_root=server.url(server.dav_root))
    with server.client(url=url) as client:
        principal = client.principal()
        assert canonical(principal.url) == server.principal_url(server.user)

        # The property as the server sends it (the library may otherwise guess a home).
        home = principal.get_property(cdav.CalendarHomeSet())
        assert urllib.parse.urljoin(url, home) == server.home_url(server.user)
        assert canonical(principal.calendar_home_set.url) == server.home_url(server.user)

        names = {canonical(c.url): c.get_display_name() for c in principal.get_calendars()}
        default_url = server.home_url(server.user) + server.default_calendar + "/"
        assert names.get(default_url) == server.default_displayname


def test_well_known_redirects_permanently_to_dav_root(server):
    status, headers, _ = server.raw("PROPFIND", "/.well-known/caldav",
                                    user=server.user, password=server.password,
                                    headers={"Depth": "0"})
    assert status == 308
    location = urllib.parse.urljoin(server.url("/.well-known/caldav"), headers["location"])
    assert location == server.url(server.dav_root)


def test_wrong_password_is_refused(server):
    import caldav.lib.error as error

    with server.client(password="not-the-password") as client:
        with pytest.raises(error.AuthorizationError):
            client.principal()
    status, headers, _ = server.raw("PROPFIND", server.principal_path.format(user=server.user),
                                    user=server.user, password="not-the-password",
                                    headers={"Depth": "0"})
    assert status == 401
    assert headers.get("www-authenticate", "").lower().startswith("basic")
