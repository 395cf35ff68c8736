"""vdirsyncer syncing the CRM's contacts (`crm-contacts`) both ways with a local vdir of .vcf
files, as a user runs it: discover, then sync after each change made on either side (in the
local folder, or through the CRM API); the CRM contact follows every change."""

import json
import os
import pathlib
import shutil
import subprocess
import uuid

import pytest

from conftest import Client

CONFIG = """
[general]
status_path = "{work}/status/"

[pair contacts]
a = "contacts_local"
b = "contacts_remote"
collections = ["crm-contacts"]

[storage contacts_local]
type = "filesystem"
path = "{work}/local/"
fileext = ".vcf"

[storage contacts_remote]
type = "carddav"
url = "{url}"
username = "{user}"
password = "{password}"
"""


@pytest.fixture
def setup(settings, tmp_path):
    url, user, password = settings
    vdirsyncer = os.environ.get("VDIRSYNCER") or shutil.which("vdirsyncer")
    if not vdirsyncer:
        pytest.skip("no vdirsyncer (scripts/test installs it into .venv)")
    (tmp_path / "local").mkdir()
    (tmp_path / "status").mkdir()
    config = tmp_path / "config"
    config.write_text(CONFIG.format(work=tmp_path, url=url, user=user, password=password))

    def run(*args):
        result = subprocess.run(
            [vdirsyncer, "-c", str(config), *args], input="y\n" * 10, capture_output=True,
            text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout + result.stderr

    return run, tmp_path / "local" / "crm-contacts", Client(url, user, password, "vdirsyncer")


def api_contacts(client):
    return {c["name"]: c for c in json.loads(client.api("GET", "/contacts?limit=200").text)["items"]}


def test_vdirsyncer_contacts_both_ways(setup):
    run, local, client = setup
    run("discover")
    tag = uuid.uuid4().hex[:8]
    # An anchor card that stays, so that deleting the other local card does not empty the vdir
    # (vdirsyncer refuses to sync a side that was emptied).
    (local / f"anchor-{tag}.vcf").write_bytes(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:anchor-{tag}\r\nN:Anchor;;;;\r\nFN:Anchor {tag}\r\n"
        "END:VCARD\r\n".encode("utf-8"))
    run("sync")

    # A card written in the local vdir becomes a CRM contact.
    uid = f"local-{tag}"
    card = local / f"{uid}.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nPRODID:-//vdir test//EN\r\n"
        f"UID:{uid}\r\nN:Vdir;Lena;;;\r\nFN:Lena Vdir {tag}\r\n"
        f"EMAIL;TYPE=WORK:lena-{tag}@example.com\r\nX-LOCAL-ONLY:kept\r\nEND:VCARD\r\n",
        newline="")
    run("sync")
    contact = api_contacts(client)[f"Lena Vdir {tag}"]
    assert contact["emails"][0]["value"] == f"lena-{tag}@example.com"

    # A number added locally reaches the contact.
    text = card.read_bytes().decode("utf-8")
    card.write_bytes(
        text.replace("END:VCARD", "TEL;TYPE=CELL:+1 555 0177\r\nEND:VCARD").encode("utf-8"))
    run("sync")
    read = client.api("GET", f"/contacts/{contact['id']}")
    assert json.loads(read.text)["phones"][0]["value"] == "+1 555 0177"

    # A CRM edit comes back to the local file, the unknown line kept.
    patched = client.api(
        "PATCH", f"/contacts/{contact['id']}", json.dumps({"company": f"Vdir Co {tag}"}),
        {"If-Match": read.header("ETag")})
    assert patched.status == 200, patched.text
    run("sync")
    text = card.read_bytes().decode("utf-8")
    assert f"ORG:Vdir Co {tag}" in text
    assert "X-LOCAL-ONLY:kept" in text
    assert "TEL;TYPE=CELL:+1 555 0177" in text

    # A contact created in the CRM appears locally; deleted there, it goes.
    created = client.api("POST", "/contacts", json.dumps({"name": f"Remote Rita {tag}"}))
    assert created.status == 201, created.text
    rita = json.loads(created.text)
    run("sync")
    files = [p for p in local.glob("*.vcf") if f"FN:Remote Rita {tag}" in p.read_text()]
    assert len(files) == 1
    assert client.api("DELETE", f"/contacts/{rita['id']}").status == 204
    run("sync")
    assert not files[0].exists()

    # A card deleted locally deletes the contact.
    card.unlink()
    run("sync")
    assert client.api("GET", f"/contacts/{contact['id']}").status == 404
