"""Calendar collections: listing, creating with MKCALENDAR (RFC 4791 §5.3.1), display name,
deleting."""

import uuid

import caldav.lib.error as error
import pytest
from conftest import canonical


def test_default_calendar_is_listed(server, principal):
    calendars = principal.get_calendars()
    by_url = {canonical(c.url): c for c in calendars}
    default_url = server.home_url(server.user) + server.default_calendar + "/"
    assert default_url in by_url
    assert by_url[default_url].get_display_name() == server.default_displayname


def test_make_calendar_lists_it_and_delete_removes_it(server, principal):
    cal_id = f"pytest-make-{uuid.uuid4().hex[:8]}"
    made = principal.make_calendar(name="Pytest Made Calendar", cal_id=cal_id)
    expected_url = server.home_url(server.user) + cal_id + "/"
    try:
        assert canonical(made.url) == expected_url
        listed = {canonical(c.url): c for c in principal.get_calendars()}
        assert expected_url in listed
        assert listed[expected_url].get_display_name() == "Pytest Made Calendar"
        assert {"VEVENT", "VTODO"} <= set(listed[expected_url].get_supported_components())
    finally:
        made.delete()
    assert expected_url not in {canonical(c.url) for c in principal.get_calendars()}
    status, _, _ = server.raw("PROPFIND", expected_url, user=server.user,
                              password=server.password, headers={"Depth": "0"})
    assert status == 404


def test_make_calendar_twice_fails(server, calendar, principal):
    cal_id = canonical(calendar.url).rstrip("/").rsplit("/", 1)[1]
    with pytest.raises(error.DAVError):
        principal.make_calendar(name="again", cal_id=cal_id)


def test_display_name_can_be_changed(server, calendar, principal):
    from caldav.elements import dav

    calendar.set_properties([dav.DisplayName("Renamed by pytest")])
    again = {canonical(c.url): c for c in principal.get_calendars()}[canonical(calendar.url)]
    assert again.get_display_name() == "Renamed by pytest"
