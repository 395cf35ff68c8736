"""The peer benchmark's data set and request bodies (RFC 5545 objects, RFC 4791/6578 reports).

Every object is deterministic in its index, so every server gets the same calendar:
55 % plain events, 20 % weekly recurring events (Europe/Berlin, one EXDATE and one overridden
instance), 15 % events with an alarm and attendees, 10 % to-dos. Starts are spread over the
eighteen months from 2025-07-01; the one-month query asks for March 2026.
"""

import datetime
import random
from xml.sax.saxutils import escape

SPREAD_START = datetime.datetime(2025, 7, 1, 0, 0)
SPREAD_DAYS = 549
QUERY_START = "20260301T000000Z"
QUERY_END = "20260401T000000Z"

VTIMEZONE_BERLIN = (
    "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"
    "BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\n"
    "DTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n"
    "BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\n"
    "DTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n"
    "END:VTIMEZONE\r\n"
)

HEAD = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cadence//peer benchmark//EN\r\n"
TAIL = "END:VCALENDAR\r\n"
STAMP = "DTSTAMP:20250601T120000Z\r\n"


def _fmt(moment: datetime.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


def kind_of(index: int) -> str:
    """plain (55 %), weekly (20 %), invite (15 %) or todo (10 %)."""
    slot = index % 20
    if slot < 11:
        return "plain"
    if slot < 15:
        return "weekly"
    if slot < 18:
        return "invite"
    return "todo"


def uid_of(index: int) -> str:
    return f"peer-bench-{index:07d}@cadence.test"


def name_of(index: int) -> str:
    return f"obj-{index:07d}.ics"


def plain_event(uid: str, summary: str, start: datetime.datetime) -> str:
    end = start + datetime.timedelta(minutes=60)
    return (
        HEAD + "BEGIN:VEVENT\r\n" + f"UID:{uid}\r\n" + STAMP
        + f"DTSTART:{_fmt(start)}Z\r\nDTEND:{_fmt(end)}Z\r\n"
        + f"SUMMARY:{summary}\r\n"
        + "DESCRIPTION:Agenda: review the numbers\\, agree on next steps.\r\n"
        + "LOCATION:Room 4.12\r\nTRANSP:OPAQUE\r\nEND:VEVENT\r\n" + TAIL
    )


def make_object(index: int) -> tuple[str, str]:
    """(resource name, iCalendar text) of object `index`."""
    rng = random.Random(index * 7919 + 17)
    start = SPREAD_START + datetime.timedelta(
        days=rng.randrange(SPREAD_DAYS), hours=rng.randrange(8, 18), minutes=rng.choice((0, 30)))
    uid = uid_of(index)
    kind = kind_of(index)
    if kind == "plain":
        return name_of(index), plain_event(uid, f"Meeting {index}", start)
    if kind == "weekly":
        local = _fmt(start)
        end = _fmt(start + datetime.timedelta(minutes=45))
        exdate = _fmt(start + datetime.timedelta(weeks=3))
        moved = start + datetime.timedelta(weeks=5)
        moved_to = moved + datetime.timedelta(hours=2)
        text = (
            HEAD + VTIMEZONE_BERLIN
            + "BEGIN:VEVENT\r\n" + f"UID:{uid}\r\n" + STAMP
            + f"DTSTART;TZID=Europe/Berlin:{local}\r\nDTEND;TZID=Europe/Berlin:{end}\r\n"
            + "RRULE:FREQ=WEEKLY;COUNT=26\r\n"
            + f"EXDATE;TZID=Europe/Berlin:{exdate}\r\n"
            + f"SUMMARY:Weekly sync {index}\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\n" + f"UID:{uid}\r\n" + STAMP
            + f"RECURRENCE-ID;TZID=Europe/Berlin:{_fmt(moved)}\r\n"
            + f"DTSTART;TZID=Europe/Berlin:{_fmt(moved_to)}\r\n"
            + f"DTEND;TZID=Europe/Berlin:{_fmt(moved_to + datetime.timedelta(minutes=45))}\r\n"
            + f"SUMMARY:Weekly sync {index} (moved)\r\nSEQUENCE:1\r\nEND:VEVENT\r\n"
            + TAIL
        )
        return name_of(index), text
    if kind == "invite":
        end = start + datetime.timedelta(minutes=30)
        text = (
            HEAD + "BEGIN:VEVENT\r\n" + f"UID:{uid}\r\n" + STAMP
            + f"DTSTART:{_fmt(start)}Z\r\nDTEND:{_fmt(end)}Z\r\n"
            + f"SUMMARY:Customer call {index}\r\n"
            + "ORGANIZER;CN=Alice Example:mailto:alice@cadence.test\r\n"
            + "ATTENDEE;CN=Bob;PARTSTAT=ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:bob@example.com\r\n"
            + "ATTENDEE;CN=Carol;PARTSTAT=NEEDS-ACTION;RSVP=TRUE:mailto:carol@example.com\r\n"
            + "ATTENDEE;CN=Dan;PARTSTAT=TENTATIVE;ROLE=OPT-PARTICIPANT:mailto:dan@example.com\r\n"
            + "BEGIN:VALARM\r\nACTION:DISPLAY\r\nDESCRIPTION:Reminder\r\n"
            + "TRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n" + TAIL
        )
        return name_of(index), text
    due = start + datetime.timedelta(days=2)
    text = (
        HEAD + "BEGIN:VTODO\r\n" + f"UID:{uid}\r\n" + STAMP
        + f"DTSTART:{_fmt(start)}Z\r\nDUE:{_fmt(due)}Z\r\n"
        + f"SUMMARY:Follow up with lead {index}\r\nPRIORITY:{rng.randrange(1, 10)}\r\n"
        + "STATUS:NEEDS-ACTION\r\nEND:VTODO\r\n" + TAIL
    )
    return name_of(index), text


def update_template() -> str:
    """Body of the PUT-with-If-Match and PUT-create runs: @UID@ and @N@ are filled by wrk."""
    return plain_event("@UID@", "Edited @N@", datetime.datetime(2026, 3, 10, 9, 0))


XML_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n'
NS = 'xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"'


def propfind_etags() -> str:
    return (XML_HEAD + '<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/><d:getcontenttype/>'
            + "</d:prop></d:propfind>")


def propfind_ctag() -> str:
    return (XML_HEAD + '<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/">'
            + "<d:prop><cs:getctag/></d:prop></d:propfind>")


def multiget(hrefs: list[str]) -> str:
    body = "".join(f"<d:href>{escape(h)}</d:href>" for h in hrefs)
    return (XML_HEAD + f"<c:calendar-multiget {NS}><d:prop><d:getetag/><c:calendar-data/>"
            + f"</d:prop>{body}</c:calendar-multiget>")


def calendar_query(expand: bool) -> str:
    data = (f'<c:calendar-data><c:expand start="{QUERY_START}" end="{QUERY_END}"/>'
            + "</c:calendar-data>") if expand else "<c:calendar-data/>"
    return (XML_HEAD + f"<c:calendar-query {NS}><d:prop><d:getetag/>{data}</d:prop>"
            + '<c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">'
            + f'<c:time-range start="{QUERY_START}" end="{QUERY_END}"/>'
            + "</c:comp-filter></c:comp-filter></c:filter></c:calendar-query>")


def sync_collection(token: str) -> str:
    token_element = f"<d:sync-token>{escape(token)}</d:sync-token>" if token else "<d:sync-token/>"
    return (XML_HEAD + f'<d:sync-collection xmlns:d="DAV:">{token_element}'
            + "<d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>")
