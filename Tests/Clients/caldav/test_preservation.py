"""Lossless round trip: unknown X- properties with their parameters and VALARMs survive an edit
made through the library (RFC 5545 §3.8.8.2, §3.6.6; RFC 4791 §5.3.2)."""

import uuid

from conftest import canonical


def test_x_property_and_valarm_survive_an_edit(server, calendar):
    uid = f"pytest-keep-{uuid.uuid4()}"
    calendar.add_event(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//client tests//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20300101T000000Z\r\n"
        "DTSTART:20300115T100000Z\r\nDTEND:20300115T110000Z\r\nSUMMARY:Before\r\n"
        "X-CADENCE-TEST;X-PARAM=1:value\r\n"
        "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n")

    loaded = calendar.get_event_by_uid(uid)
    loaded.icalendar_component["SUMMARY"] = "After"
    loaded.save()

    reloaded = calendar.get_event_by_uid(uid)
    component = reloaded.icalendar_component
    assert str(component["SUMMARY"]) == "After"
    assert str(component["X-CADENCE-TEST"]) == "value"
    assert component["X-CADENCE-TEST"].params.get("X-PARAM") == "1"
    alarms = [c for c in component.subcomponents if c.name == "VALARM"]
    assert len(alarms) == 1
    assert str(alarms[0]["ACTION"]) == "DISPLAY"
    assert str(alarms[0]["DESCRIPTION"]) == "Reminder"
    assert alarms[0]["TRIGGER"].to_ical() == b"-PT15M"

    status, _, body = server.raw("GET", canonical(reloaded.url).rstrip("/"),
                                 user=server.user, password=server.password)
    assert status == 200
    text = body.decode().replace("\r\n ", "")
    assert "X-CADENCE-TEST;X-PARAM=1:value\r\n" in text
    assert "BEGIN:VALARM\r\n" in text and "TRIGGER:-PT15M\r\n" in text
    assert "SUMMARY:After\r\n" in text
