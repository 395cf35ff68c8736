"""The web application in a real browser (issue 12): headless Chromium (Debian's chromium and
chromium-driver) driven by Selenium, against the built `cadence serve` on a loopback port with a
throw-away data folder.

    python Tests/Clients/web/web_suite.py .build/debug/cadence            # the browser test
    python Tests/Clients/web/web_suite.py .build/debug/cadence --screenshots OUT   # PNGs only

The test: sign in through the form, create a contact and a task for it in the pages, find the
task with a CalDAV client (python caldav), complete it there, see it done on the page; then an
accessibility check of every main page with axe-core (the copy shipped inside the
axe-selenium-python package, run in the page) for WCAG 2 A/AA rules, and keyboard checks of our
own: the skip link comes first and moves focus to the content, every focused control shows a
visible outline, and a task can be completed with the keyboard alone.

With --screenshots DIR it fills the data folder with a few contacts and tasks through the JSON API
and writes a full-page PNG of each main page into DIR instead.
"""

import argparse
import base64
import datetime as dt
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid

os.environ.setdefault("SE_OFFLINE", "true")  # Selenium must never try to download a driver.

import caldav  # noqa: E402
from axe_selenium_python import Axe  # noqa: E402
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

FAILURES = []


def check(condition, message):
    if condition:
        print(f"  ok: {message}")
    else:
        print(f"  FAIL: {message}")
        FAILURES.append(message)
    return condition


# MARK: The server


class Server:
    def __init__(self, binary):
        self.binary = binary
        self.work = tempfile.mkdtemp(prefix="cadence-web.")
        self.data = os.path.join(self.work, "data")
        os.makedirs(self.data)
        self.log_path = os.path.join(self.work, "server.log")
        self.passwords = {}
        self.process = None

    def add_user(self, name, admin=False):
        password = f"{name}-{secrets.token_hex(10)}"
        command = [self.binary, "user", "add", name, "--data", self.data,
                   "--email", f"{name}@example.com", "--display-name", f"{name.capitalize()} Example"]
        if admin:
            command.append("--admin")
        with open(self.log_path, "a") as log:
            subprocess.run(command, input=password + "\n", text=True, check=True,
                           stdout=log, stderr=subprocess.STDOUT, timeout=60)
        self.passwords[name] = password

    def start(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.base = f"http://127.0.0.1:{port}"
        self.log = open(self.log_path, "a")
        self.process = subprocess.Popen(
            [self.binary, "serve", "--host", "127.0.0.1", "--port", str(port), "--data", self.data],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                urllib.request.urlopen(self.base + "/health", timeout=2)
                return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError("cadence serve did not answer /health within 60 s")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        if getattr(self, "log", None):
            self.log.close()

    def print_log(self):
        with open(self.log_path, errors="replace") as log:
            lines = log.readlines()
        sys.stderr.write("==> cadence serve log, last 100 lines\n" + "".join(lines[-100:]))

    def api(self, user, method, path, body=None):
        """A JSON API call as `user` (HTTP Basic); the parsed answer or None."""
        request = urllib.request.Request(
            self.base + "/api/v1" + path, method=method,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json"} if body is not None else {})
        token = base64.b64encode(f"{user}:{self.passwords[user]}".encode()).decode()
        request.add_header("Authorization", "Basic " + token)
        with urllib.request.urlopen(request, timeout=30) as answer:
            text = answer.read()
        return json.loads(text) if text else None


# MARK: The browser


def make_driver():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--lang=en-GB", "--force-color-profile=srgb",
                     "--hide-scrollbars"]:
        options.add_argument(argument)
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    driver.set_script_timeout(60)
    return driver


def wait(driver, condition, seconds=15):
    return WebDriverWait(driver, seconds).until(condition)


def sign_in(driver, server, user):
    driver.get(server.base + "/web/")
    wait(driver, EC.presence_of_element_located((By.ID, "password")))
    driver.find_element(By.ID, "name").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(server.passwords[user])
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait(driver, EC.url_contains("/web/tasks"))


def submit(driver, form_action_suffix=None):
    """Clicks the submit button of the main form of the page."""
    button = driver.find_element(By.CSS_SELECTOR, "main form.stack button[type=submit]")
    button.click()


# MARK: The scenario


def scenario(driver, server):
    print("==> sign in, create a contact and a task in the browser")
    driver.get(server.base + "/web/tasks")
    check("/web/signin" in driver.current_url, "an anonymous visit lands on the sign-in form")
    sign_in(driver, server, "alice")
    check("Tasks" in driver.title, "signed in, the task list shows")

    tag = uuid.uuid4().hex[:6]
    name = f"Ada Selenium {tag}"
    driver.get(server.base + "/web/contacts/new")
    driver.find_element(By.ID, "c-name").send_keys(name)
    driver.find_element(By.ID, "c-company").send_keys("Analytical Engines")
    driver.find_element(By.ID, "c-emails").send_keys("work: ada@example.com")
    driver.find_element(By.ID, "c-tags").send_keys("browser, vip")
    submit(driver)
    wait(driver, EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), name))
    check("Contact created." in driver.page_source, "the contact page shows after creating it")

    driver.find_element(By.PARTIAL_LINK_TEXT, "New task for").click()
    wait(driver, EC.presence_of_element_located((By.ID, "t-title")))
    title = f"Send the engine notes {tag}"
    driver.find_element(By.CSS_SELECTOR, "input[name=type][value='to-do']").click()
    driver.find_element(By.ID, "t-title").send_keys(title)
    due = (dt.date.today() + dt.timedelta(days=1)).isoformat() + "T09:30"
    driver.execute_script("document.getElementById('t-due').value = arguments[0]", due)
    zone = driver.find_element(By.ID, "t-zone")
    zone.clear()
    zone.send_keys("Europe/Paris")
    submit(driver)
    wait(driver, EC.text_to_be_present_in_element((By.CSS_SELECTOR, "p.notice"), "Task created."))
    check(title in driver.page_source, "the new task is on the task list")
    check(name in driver.page_source, "the task list names the task's contact")

    print("==> the task in a CalDAV client (python caldav): find it, complete it there")
    client = caldav.DAVClient(url=server.base + "/caldav/", username="alice",
                              password=server.passwords["alice"])
    found = None
    for calendar in client.principal().calendars():
        for todo in calendar.todos(include_completed=True):
            if title in todo.data:
                found = todo
    if not check(found is not None, "python caldav finds the task as a VTODO"):
        return
    check("DUE;TZID=Europe/Paris:" in found.data and "T093000" in found.data,
          "its DUE is 09:30 in Europe/Paris")
    found.complete()

    driver.get(server.base + "/web/tasks?status=done")
    check(title in driver.page_source, "the page lists the task among done tasks")
    row = driver.find_element(By.XPATH, f"//li[contains(@class,'task')][.//a[contains(., '{title}')]]")
    check("status-done" in row.get_attribute("class"), "the task's row is marked done")
    check(row.find_element(By.CSS_SELECTOR, "button").text.startswith("Reopen"),
          "the row offers Reopen")

    print("==> keyboard: reopen and complete the task without a mouse")
    driver.get(server.base + "/web/tasks?status=done")
    body = driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    active = driver.switch_to.active_element
    check(active.text == "Skip to content", "the first Tab stop is the skip link")
    active.send_keys(Keys.ENTER)
    check(driver.switch_to.active_element.get_attribute("id") == "main",
          "the skip link moves focus to the content")
    outlines_ok = True
    reached = False
    for _ in range(80):
        driver.switch_to.active_element.send_keys(Keys.TAB)
        active = driver.switch_to.active_element
        style = driver.execute_script(
            "var s = getComputedStyle(arguments[0]); return [s.outlineStyle, s.outlineWidth];",
            active)
        if style[0] == "none" or style[1] in ("0px", ""):
            outlines_ok = False
            print(f"    no visible focus on <{active.tag_name}> {active.text!r}")
        label = (active.get_attribute("textContent") or "").strip()
        if active.tag_name == "button" and title in label and label.startswith("Reopen"):
            active.send_keys(Keys.ENTER)
            reached = True
            break
    check(outlines_ok, "every focused control shows a visible outline")
    check(reached, "the task's Reopen button is reachable with Tab and works with Enter")
    wait(driver, EC.presence_of_element_located((By.CSS_SELECTOR, "p.notice")))
    check("Task reopened." in driver.page_source, "the task was reopened from the keyboard")
    tasks = server.api("alice", "GET", "/tasks?status=open&q=" + tag)["items"]
    check(len(tasks) == 1 and tasks[0]["status"] == "open", "the API agrees the task is open")


# MARK: Accessibility


MAIN_PAGES = [
    ("tasks", "/web/tasks"), ("week", "/web/week"), ("contacts", "/web/contacts"),
    ("new-contact", "/web/contacts/new"), ("new-task", "/web/tasks/new"),
    ("calendars", "/web/calendars"), ("devices", "/web/devices"),
    ("connectors", "/web/connectors"), ("admin", "/web/admin"), ("sync-log", "/web/admin/log"),
]


def accessibility(driver, server):
    print("==> accessibility: axe-core (WCAG 2 A and AA rules) on every main page")
    pages = [("sign-in", "/web/signin")]
    driver.delete_all_cookies()
    options = json.dumps({"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]}})
    for name, path in pages + MAIN_PAGES + [("contact", None), ("task", None)]:
        if name == "tasks":
            sign_in(driver, server, "alice")
        if path is None:
            listing = "/web/contacts" if name == "contact" else "/web/tasks"
            driver.get(server.base + listing)
            selector = "ul.cards a.name" if name == "contact" else "li.task .what > a"
            path = driver.find_element(By.CSS_SELECTOR, selector).get_attribute("href")
            driver.get(path)
        else:
            driver.get(server.base + path)
        axe = Axe(driver)
        axe.inject()
        results = axe.run(options=options)
        violations = results["violations"]
        if violations:
            print(axe.report(violations))
        check(not violations, f"{name}: no axe violations ({len(results['passes'])} rules passed)")
        labels = driver.execute_script("""
            return Array.from(document.querySelectorAll('input, select, textarea'))
              .filter(e => e.type !== 'hidden')
              .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
              .map(e => e.name);""")
        check(not labels, f"{name}: every form control has a label {labels or ''}")


# MARK: Screenshots


def seed(server):
    """A few contacts and tasks this week, through the JSON API."""
    today = dt.date.today()
    monday = today - dt.timedelta(days=today.weekday())
    ada = server.api("alice", "POST", "/contacts", {
        "name": "Ada Lovelace", "company": "Analytical Engines", "title": "Mathematician",
        "emails": [{"label": "work", "value": "ada@example.com"}],
        "phones": [{"label": "mobile", "value": "+44 20 7946 0001"}], "tags": ["vip", "london"]})
    grace = server.api("alice", "POST", "/contacts", {
        "name": "Grace Hopper", "company": "US Navy", "title": "Rear Admiral",
        "emails": [{"label": "", "value": "grace@example.com"}], "tags": ["compilers"]})
    alan = server.api("alice", "POST", "/contacts", {
        "name": "Alan Turing", "company": "Bletchley Park",
        "emails": [{"label": "", "value": "alan@example.com"}], "tags": ["london"]})

    def day(offset):
        return (monday + dt.timedelta(days=offset)).isoformat()

    tasks = [
        {"type": "call", "title": "Call Ada about the engine", "start": day(0) + "T10:00:00",
         "end": day(0) + "T10:30:00", "contactId": ada["id"]},
        {"type": "meeting", "title": "Compiler review with Grace", "start": day(2) + "T14:00:00",
         "end": day(2) + "T15:00:00", "contactId": grace["id"], "location": "Room 4"},
        {"type": "email", "title": "Send Alan the paper", "due": day(3) + "T17:00:00",
         "contactId": alan["id"]},
        {"type": "call", "title": "Follow-up call with Alan", "start": day(4) + "T09:00:00",
         "end": day(4) + "T09:15:00", "contactId": alan["id"]},
        {"type": "to-do", "title": "Prepare the quarterly report", "due": day(1) + "T12:00:00",
         "status": "in-progress"},
        {"type": "to-do", "title": "Order punch cards", "due": day(0) + "T09:00:00",
         "status": "done"},
    ]
    for task in tasks:
        server.api("alice", "POST", "/tasks", dict(task, timeZone="Europe/London"))
    server.api("alice", "POST", "/calendars", {"path": "meetings", "displayName": "Meetings",
                                               "color": "#6639ba"})
    server.api("alice", "PUT", "/routing/meeting", {"calendar": "meetings"})


def screenshots(driver, server, directory):
    os.makedirs(directory, exist_ok=True)
    driver.delete_all_cookies()
    pages = [("sign-in", "/web/signin")] + MAIN_PAGES
    written = []
    for index, (name, path) in enumerate(pages + [("contact", None), ("task", None)]):
        if name == "tasks":
            sign_in(driver, server, "alice")
        if path is None:
            listing = "/web/contacts" if name == "contact" else "/web/tasks"
            driver.get(server.base + listing)
            selector = "ul.cards a.name" if name == "contact" else "li.task .what > a"
            driver.get(driver.find_element(By.CSS_SELECTOR, selector).get_attribute("href"))
        else:
            driver.get(server.base + path)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1280, max(900, min(int(height) + 20, 6000)))
        target = os.path.join(directory, f"{index:02d}-{name}.png")
        driver.save_screenshot(target)
        driver.set_window_size(1280, 900)
        written.append(target)
    for target in written:
        print(target)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cadence", help="the built cadence binary")
    parser.add_argument("--screenshots", metavar="DIR", help="write PNGs of the main pages")
    arguments = parser.parse_args()
    server = Server(os.path.abspath(arguments.cadence))
    driver = None
    try:
        server.add_user("alice", admin=True)
        server.add_user("bob")
        server.start()
        driver = make_driver()
        if arguments.screenshots:
            seed(server)
            screenshots(driver, server, arguments.screenshots)
        else:
            scenario(driver, server)
            accessibility(driver, server)
    except Exception as error:  # report, print the log, fail
        FAILURES.append(f"{type(error).__name__}: {error}")
        print(f"  FAIL: {type(error).__name__}: {error}")
    finally:
        if driver:
            driver.quit()
        server.stop()
    if FAILURES:
        server.print_log()
        print(f"web suite: {len(FAILURES)} failure(s)")
        shutil.rmtree(server.work, ignore_errors=True)
        return 1
    shutil.rmtree(server.work, ignore_errors=True)
    print("web suite: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
