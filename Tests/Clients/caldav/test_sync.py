"""Incremental sync with DAV:sync-collection (RFC 6578) as python-caldav applications use it."""

import uuid

from conftest import canonical


def event_text(uid, summary):
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//client tests//EN\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20300101T000000Z\r\n"
        f"DTSTART:20300115T100000Z\r\nDTEND:20300115T110000Z\r\nSUMMARY:{summary}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n")


def urls(objects):
    return {canonical(o.url) for o in objects}


def test_sync_token_sees_exactly_the_changes(calendar):
    first = calendar.add_event(event_text(f"pytest-sync-1-{uuid.uuid4()}", "one"))
    second = calendar.add_event(event_text(f"pytest-sync-2-{uuid.uuid4()}", "two"))

    initial = calendar.get_objects_by_sync_token(load_objects=True, disable_fallback=True)
    assert urls(initial) == {canonical(first.url), canonical(second.url)}
    token = initial.sync_token
    assert token

    unchanged = calendar.get_objects_by_sync_token(token, disable_fallback=True)
    assert urls(unchanged) == set()
    assert not unchanged.deleted_urls

    first.icalendar_component["SUMMARY"] = "one, edited"
    first.save()
    third = calendar.add_event(event_text(f"pytest-sync-3-{uuid.uuid4()}", "three"))
    changed = calendar.get_objects_by_sync_token(token, load_objects=True, disable_fallback=True)
    assert urls(changed) == {canonical(first.url), canonical(third.url)}
    assert not changed.deleted_urls
    summaries = {canonical(o.url): str(o.icalendar_component["SUMMARY"]) for o in changed}
    assert summaries[canonical(first.url)] == "one, edited"
    assert changed.sync_token != token

    second.delete()
    after_delete = calendar.get_objects_by_sync_token(changed.sync_token, disable_fallback=True)
    assert {canonical(u) for u in after_delete.deleted_urls} == {canonical(second.url)}
    assert urls(after_delete) - {canonical(second.url)} == set()

    latest = calendar.get_objects_by_sync_token(after_delete.sync_token, disable_fallback=True)
    assert urls(latest) == set()
    assert not latest.deleted_urls


def test_sync_collection_object_sync(calendar):
    """The high-level API: objects = calendar.objects_by_sync_token(); objects.sync()."""
    first = calendar.add_event(event_text(f"pytest-osync-1-{uuid.uuid4()}", "one"))
    second = calendar.add_event(event_text(f"pytest-osync-2-{uuid.uuid4()}", "two"))
    objects = calendar.objects_by_sync_token(load_objects=True)
    assert urls(objects) == {canonical(first.url), canonical(second.url)}

    first.icalendar_component["SUMMARY"] = "one, edited"
    first.save()
    second.delete()
    updated, deleted = objects.sync()
    assert urls(updated) == {canonical(first.url)}
    assert urls(deleted) == {canonical(second.url)}
    assert urls(objects) == {canonical(first.url)}
    current = {canonical(o.url): str(o.icalendar_component["SUMMARY"]) for o in objects}
    assert current == {canonical(first.url): "one, edited"}


def test_a_refused_token_means_a_full_resync(server, calendar):
    """A token the server no longer accepts (pruned by --sync-token-days, or never issued) is
    answered 403 with DAV:valid-sync-token (RFC 6578 §3.2); python-caldav then lists everything."""
    first = calendar.add_event(event_text(f"pytest-resync-1-{uuid.uuid4()}", "one"))
    initial = calendar.get_objects_by_sync_token(disable_fallback=True)
    prefix, _, number = initial.sync_token.rpartition(":")
    stale = f"{prefix}:{int(number) + 1000}"
    body = (
        '<?xml version="1.0" encoding="utf-8"?><D:sync-collection xmlns:D="DAV:">'
        f"<D:sync-token>{stale}</D:sync-token><D:sync-level>1</D:sync-level>"
        "<D:prop><D:getetag/></D:prop></D:sync-collection>")
    status, _, answer = server.raw(
        "REPORT", str(calendar.url), user=server.user, password=server.password, body=body,
        headers={"Content-Type": "application/xml; charset=utf-8"})
    assert status == 403
    assert b"valid-sync-token" in answer
    second = calendar.add_event(event_text(f"pytest-resync-2-{uuid.uuid4()}", "two"))
    resynced = calendar.get_objects_by_sync_token(stale, load_objects=True)
    assert urls(resynced) == {canonical(first.url), canonical(second.url)}
