"""Recorded CardDAV request sequences of iOS Contacts (dataaccessd) and DAVx5, replayed against
the live server, asserting the answers each client needs to go on; the cards the server gives
are parsed with python `vobject`, a third-party vCard parser.

The property lists are those the clients send (iOS: the principal and home PROPFINDs of
dataaccessd; DAVx5: its DavResourceFinder and SyncManager requests), the card bodies are shaped
like theirs (iOS: vCard 3.0 with item groups, X-ABLabel and an inline JPEG; DAVx5: vCard 4.0).
"""

import json
import uuid

import vobject

from conftest import NS

IOS_PRINCIPAL_PROPS = [
    "CR:addressbook-home-set", "D:principal-URL", "D:displayname", "D:current-user-principal",
    "CS:me-card", "D:resource-id", "D:supported-report-set", "D:principal-collection-set",
    "CS:email-address-set",
]
IOS_HOME_PROPS = [
    "D:add-member", "D:current-user-privilege-set", "D:displayname", "D:quota-available-bytes",
    "D:quota-used-bytes", "D:resource-id", "D:resourcetype", "D:sync-token",
    "D:supported-report-set", "CS:getctag", "CS:me-card", "CS:push-transports", "CS:pushkey",
    "CR:max-image-size", "CR:max-resource-size", "ME:bulk-requests", "D:owner",
]
DAVX5_DISCOVERY_PROPS = [
    "D:resourcetype", "D:displayname", "D:owner", "D:current-user-privilege-set",
    "CR:addressbook-description", "CR:supported-address-data", "D:sync-token", "CS:getctag",
]
DAVX5_COLLECTION_PROPS = [
    "CR:max-resource-size", "CR:supported-address-data", "D:supported-report-set", "CS:getctag",
    "D:sync-token",
]

PHOTO = "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8QEBEQCgwSExIQEw8QEBD/yQALCAABAAEBAREA/8wABgAQEAX/2gAIAQEAAD8A0s8g/9k="


def ios_card(uid, name, email, tel):
    family, given = name.split(" ")[1], name.split(" ")[0]
    lines = [
        "BEGIN:VCARD", "VERSION:3.0", "PRODID:-//Apple Inc.//iPhone OS 17.0//EN",
        f"N:{family};{given};;;", f"FN:{name}", "ORG:Acme Inc.;",
        f"EMAIL;type=INTERNET;type=WORK;type=pref:{email}",
        f"item1.TEL;type=pref:{tel}", "item1.X-ABLabel:_$!<Mobile>!$_",
        "item2.URL;type=pref:https://acme.example", "item2.X-ABLabel:_$!<HomePage>!$_",
        f"PHOTO;ENCODING=b;TYPE=JPEG:{PHOTO}", "X-ABShowAs:PERSON", f"UID:{uid}",
        "REV:2026-12-06T10:00:00Z", "END:VCARD",
    ]
    return "\r\n".join(lines) + "\r\n"


def davx5_card(uid, name, email):
    lines = [
        "BEGIN:VCARD", "VERSION:4.0", "PRODID:+//IDN bitfire.at//ez-vcard/0.12.1", f"UID:{uid}",
        f"FN:{name}", f"N:{name.split(' ')[-1]};{name.split(' ')[0]};;;",
        f"EMAIL;TYPE=home:{email}", "TEL;VALUE=uri;TYPE=cell:tel:+49-170-1234567",
        f"PHOTO:data:image/jpeg;base64,{PHOTO}", "X-DAVX5-ONLY:kept", "REV:20261206T100000Z",
        "END:VCARD",
    ]
    return "\r\n".join(lines) + "\r\n"


def prop(response, name):
    for propstat in response.findall("D:propstat", NS):
        if propstat.findtext("D:status", namespaces=NS).split(" ")[1] == "200":
            found = propstat.find(f"D:prop/{name}", NS)
            if found is not None:
                return found
    return None


def discover_home(client):
    """Well-known → root → principal → address-book home, as both clients start."""
    well_known = client.propfind("/.well-known/carddav", ["D:current-user-principal"])
    assert well_known.status in (301, 308), well_known.status
    root = well_known.header("Location")
    assert root.endswith("/caldav/")
    found = client.propfind(root, ["D:current-user-principal"])
    assert found.status == 207
    principal = prop(next(iter(found.responses().values())), "D:current-user-principal")
    principal_href = principal.findtext("D:href", namespaces=NS)
    assert principal_href == f"/caldav/principals/users/{client.user}/"
    return principal_href


def test_ios_contacts_sequence(ios):
    principal_href = discover_home(ios)
    options = ios.request("OPTIONS", principal_href)
    assert "addressbook" in options.header("DAV")
    principal = ios.propfind(principal_href, IOS_PRINCIPAL_PROPS)
    assert principal.status == 207
    me = principal.responses()[principal_href]
    home = prop(me, "CR:addressbook-home-set").findtext("D:href", namespaces=NS)
    assert home == f"/caldav/addressbooks/{ios.user}/"

    listing = ios.propfind(home, IOS_HOME_PROPS, depth="1")
    assert listing.status == 207
    book_href = home + "crm-contacts/"
    book = listing.responses()[book_href]
    assert prop(book, "D:resourcetype").find("CR:addressbook", NS) is not None
    assert prop(book, "CS:getctag").text
    token = prop(book, "D:sync-token").text
    assert token.startswith("urn:")
    privileges = prop(book, "D:current-user-privilege-set")
    assert privileges.find("D:privilege/D:write", NS) is not None
    reports = prop(book, "D:supported-report-set")
    names = {child.tag for child in reports.iter()}
    assert "{%s}addressbook-multiget" % NS["CR"] in names
    assert "{DAV:}sync-collection" in names

    # Initial sync, as dataaccessd asks it (getetag and getcontenttype).
    first = ios.sync(book_href, token, "<D:getetag/><D:getcontenttype/>")
    assert first.status == 207
    token = first.xml().findtext("D:sync-token", namespaces=NS)

    uid = str(uuid.uuid4()).upper()
    href = f"{book_href}{uid}.vcf"
    text = ios_card(uid, "Ivy Phone", f"ivy-{uid[:8].lower()}@example.com", "+1 (555) 010-7788")
    put = ios.request("PUT", href, text, {"Content-Type": "text/vcard", "If-None-Match": "*"})
    assert put.status == 201, put.text
    etag = put.header("ETag")
    assert etag
    again = ios.request("PUT", href, text, {"Content-Type": "text/vcard", "If-None-Match": "*"})
    assert again.status == 412

    delta = ios.sync(book_href, token, "<D:getetag/><D:getcontenttype/>")
    changed = delta.responses()
    assert href in changed
    assert prop(changed[href], "D:getetag").text == etag
    assert prop(changed[href], "D:getcontenttype").text.startswith("text/vcard")

    multiget = ios.report(
        book_href,
        '<?xml version="1.0" encoding="UTF-8"?><CR:addressbook-multiget xmlns:D="DAV:" '
        'xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/><CR:address-data/>'
        f"</D:prop><D:href>{href}</D:href></CR:addressbook-multiget>")
    assert multiget.status == 207
    data = prop(multiget.responses()[href], "CR:address-data").text
    assert data.replace("\r\n", "\n") == text.replace("\r\n", "\n")  # byte for byte, PHOTO too
    card = vobject.readOne(data)
    assert card.fn.value == "Ivy Phone"
    assert card.photo.value[:3] == b"\xff\xd8\xff"

    # The CRM has the contact, with the phone's number and address.
    contacts = json.loads(ios.api("GET", "/contacts?limit=200").text)["items"]
    mine = [c for c in contacts if c["name"] == "Ivy Phone"]
    assert len(mine) == 1
    assert mine[0]["phones"][0]["value"] == "+1 (555) 010-7788"
    assert mine[0]["company"] == "Acme Inc."

    delete = ios.request("DELETE", href, headers={"If-Match": etag})
    assert delete.status == 204
    assert ios.api("GET", f"/contacts/{mine[0]['id']}").status == 404


def test_davx5_sequence(davx5):
    principal_href = discover_home(davx5)
    principal = davx5.propfind(
        principal_href, ["CR:addressbook-home-set", "D:displayname", "D:resourcetype"])
    home = prop(principal.responses()[principal_href], "CR:addressbook-home-set").findtext(
        "D:href", namespaces=NS)
    listing = davx5.propfind(home, DAVX5_DISCOVERY_PROPS, depth="1")
    book_href = home + "crm-contacts/"
    assert book_href in listing.responses()

    collection = davx5.propfind(book_href, DAVX5_COLLECTION_PROPS)
    book = collection.responses()[book_href]
    assert int(prop(book, "CR:max-resource-size").text) > 0
    versions = {
        element.get("version")
        for element in prop(book, "CR:supported-address-data").findall("CR:address-data-type", NS)
    }
    assert versions == {"3.0", "4.0"}  # DAVx5 then writes and asks vCard 4.0
    token = prop(book, "D:sync-token").text

    uid = f"urn:uuid:{uuid.uuid4()}"
    name = f"{uuid.uuid4().hex[:8]}.vcf"
    href = book_href + name
    email = f"dave-{uuid.uuid4().hex[:8]}@example.org"
    put = davx5.request(
        "PUT", href, davx5_card(uid, "Dave Droid", email),
        {"Content-Type": "text/vcard; version=4.0; charset=utf-8", "If-None-Match": "*"})
    assert put.status == 201, put.text
    etag = put.header("ETag")

    sync = davx5.sync(book_href, token)
    assert href in sync.responses()
    for version in ("4.0", "3.0"):
        multiget = davx5.report(
            book_href,
            '<?xml version="1.0" encoding="UTF-8"?><CARD:addressbook-multiget xmlns="DAV:" '
            'xmlns:CARD="urn:ietf:params:xml:ns:carddav"><prop><getetag/>'
            f'<CARD:address-data content-type="text/vcard" version="{version}"/></prop>'
            f"<href>{href}</href></CARD:addressbook-multiget>", depth=None)
        data = prop(multiget.responses()[href], "CR:address-data").text
        assert f"VERSION:{version}" in data
        card = vobject.readOne(data)
        assert card.fn.value == "Dave Droid"
        assert card.email.value == email
        assert "X-DAVX5-ONLY:kept" in data
        if version == "3.0":
            assert card.photo.value[:3] == b"\xff\xd8\xff"  # data: URI → ENCODING=b
            assert card.tel.value == "+49-170-1234567"

    query = davx5.report(
        book_href,
        '<?xml version="1.0" encoding="UTF-8"?><CR:addressbook-query xmlns:D="DAV:" '
        'xmlns:CR="urn:ietf:params:xml:ns:carddav"><D:prop><D:getetag/></D:prop><CR:filter>'
        '<CR:prop-filter name="EMAIL"><CR:text-match match-type="equals">'
        f"{email.upper()}</CR:text-match></CR:prop-filter></CR:filter></CR:addressbook-query>")
    assert list(query.responses()) == [href]

    stale = davx5.request(
        "PUT", href, davx5_card(uid, "Dave Changed", email),
        {"Content-Type": "text/vcard", "If-Match": '"stale"'})
    assert stale.status == 412
    bad = davx5.request(
        "PUT", book_href + "broken.vcf", "BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n",
        {"Content-Type": "text/vcard"})
    assert bad.status == 403
    assert bad.xml().find("CR:valid-address-data", NS) is not None
    assert davx5.request("DELETE", href, headers={"If-Match": etag}).status == 204


def test_crm_contact_reaches_the_phone_and_edits_come_back(ios):
    book_href = f"/caldav/addressbooks/{ios.user}/crm-contacts/"
    token = ios.sync(book_href, "").xml().findtext("D:sync-token", namespaces=NS)
    created = ios.api(
        "POST", "/contacts",
        json.dumps({"name": "Carla CRM", "company": "Office Ltd",
                    "emails": [{"label": "work", "value": "carla@office.example"}]}))
    assert created.status == 201, created.text
    contact = json.loads(created.text)
    delta = ios.sync(book_href, token)
    hrefs = [h for h in delta.responses() if h.endswith(".vcf")]
    assert hrefs == [f"{book_href}{contact['id']}.vcf"]
    card_reply = ios.request("GET", hrefs[0])
    card = vobject.readOne(card_reply.text)
    assert card.fn.value == "Carla CRM"
    assert card.org.value == ["Office Ltd"]

    # The phone adds a number and a field the CRM does not know; the CRM sees the number and
    # its later edit keeps the unknown field.
    edited = card_reply.text.replace(
        "END:VCARD", "TEL;TYPE=CELL:+1 555 0123\r\nX-PHONE-NOTE:from the phone\r\nEND:VCARD")
    put = ios.request(
        "PUT", hrefs[0], edited,
        {"Content-Type": "text/vcard", "If-Match": card_reply.header("ETag")})
    assert put.status == 204, put.text
    read = ios.api("GET", f"/contacts/{contact['id']}")
    assert json.loads(read.text)["phones"][0]["value"] == "+1 555 0123"
    patched = ios.api(
        "PATCH", f"/contacts/{contact['id']}", json.dumps({"title": "Buyer"}),
        {"If-Match": read.header("ETag"), "Content-Type": "application/merge-patch+json"})
    assert patched.status == 200, patched.text
    after = ios.request("GET", hrefs[0]).text
    assert "TITLE:Buyer" in after
    assert "X-PHONE-NOTE:from the phone" in after
    assert vobject.readOne(after).tel.value == "+1 555 0123"
    assert ios.api("DELETE", f"/contacts/{contact['id']}").status == 204
    assert ios.request("GET", hrefs[0]).status == 404
