"""A task assigned to a colleague (issue 13): one object seen from two homes.

alice's client writes a to-do naming bob in X-CADENCE-ASSIGNEE; bob's python-caldav client finds
it in his own crm-tasks with the same ETag, edits it there, and alice's calendar shows the edit.
Removing the assignee takes it out of bob's home, and bob's sync-collection reports it removed.
"""

import uuid

from conftest import canonical


def _todo(uid, summary, assignee):
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Cadence//client tests//EN",
        "BEGIN:VTODO", f"UID:{uid}", "DTSTAMP:20300101T000000Z", f"SUMMARY:{summary}",
        "DUE:20300115T170000Z", "X-ANOTHER-CLIENT;FLAG=1:kept as sent",
    ]
    if assignee:
        lines.append(f"X-CADENCE-ASSIGNEE:{assignee}")
    return "\r\n".join(lines + ["END:VTODO", "END:VCALENDAR"]) + "\r\n"


def _etag(server, url, user, password):
    status, headers, _ = server.raw("GET", str(url), user=user, password=password)
    assert status == 200, url
    return headers["etag"]


def _crm_tasks(client, server):
    return next(c for c in client.principal().get_calendars()
                if canonical(c.url).endswith(f"/{server.default_calendar}/"))


def test_assignee_sees_and_edits_the_owners_task(server, calendar):
    uid = f"pytest-assigned-{uuid.uuid4()}"
    todo = calendar.add_todo(_todo(uid, "Send the offer", server.user2))
    own_path = str(todo.url)

    with server.client(user=server.user2, password=server.password2) as bob:
        tasks = _crm_tasks(bob, server)
        synced = tasks.objects_by_sync_token(load_objects=True)
        mine = tasks.get_todo_by_uid(uid)
        assert str(mine.icalendar_component["SUMMARY"]) == "Send the offer"
        copy_path = str(mine.url)
        assert _etag(server, copy_path, server.user2, server.password2) == \
            _etag(server, own_path, server.user, server.password)

        # bob edits his copy: alice's object is that same object.
        mine.icalendar_component["SUMMARY"] = "Send the offer with the discount"
        mine.save()
    todo.load()
    assert str(todo.icalendar_component["SUMMARY"]) == "Send the offer with the discount"
    assert "kept as sent" in todo.data
    assert _etag(server, copy_path, server.user2, server.password2) == \
        _etag(server, own_path, server.user, server.password)

    # Unassigned: it leaves bob's home and his sync says so; alice keeps it.
    todo.data = _todo(uid, "Send the offer with the discount", None)
    todo.save()
    with server.client(user=server.user2, password=server.password2) as bob:
        tasks = _crm_tasks(bob, server)
        after = tasks.get_objects_by_sync_token(synced.sync_token, disable_fallback=True)
        assert any(canonical(u).rstrip("/").endswith(f"{uid}.ics") for u in after.deleted_urls)
    status, _, _ = server.raw("GET", copy_path, user=server.user2, password=server.password2)
    assert status == 404
    status, _, _ = server.raw("GET", own_path, user=server.user, password=server.password)
    assert status == 200
