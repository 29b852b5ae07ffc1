"""Load test (issue 9): a realistic mix of Zielwerk users against gunicorn on the bench data.

Run through `make loadtest` (it starts gunicorn on 127.0.0.1 with the bench PostgreSQL database and
stops it again); by hand: `.venv/bin/locust -f bench/locustfile.py --headless -u 50 -r 10
--run-time 60s --host http://127.0.0.1:8001`. Needs the `load` extra (`pip install -e '.[load]'`).

Every simulated person logs in once through the real login form (GET for the CSRF token, POST of
user name and password; the demo password of the bench data) and then, with a think time of
LOAD_WAIT_MIN–LOAD_WAIT_MAX seconds (default 2–6 s) between requests, works as one of:

* ministry staff (`ministerium`, 6 of 13): start page, statewide dashboard, a region's steering
  page, agreement list and agreement pages, API reads (steering table, projects, applications,
  decisions, payment requests, indicators), now and then marking notifications read (a write);
* region coordinator (`wiesbaden`, 3 of 13): start page, own steering page and agreement, API
  reads of its projects' participant records and the indicator table;
* provider staff (`traeger-wiesbaden`, 2 of 13): start page, project page, records API, and
  recording participants through the API (POST /api/v1/participants – create or update, from a
  pool of LOAD_REFERENCES references; bench/loadtest.sh deletes them again at the end);
* public visitors (2 of 13, not signed in): portal start, agreement list, published agreements.

The run has two phases. **Sign-in:** people start at the spawn rate, log in and look up what
they will work with (the login POST hashes the password – PBKDF2, slow on purpose). **Measured
window:** when the last of the LOAD_USERS people is signed in, the statistics start afresh and
the window runs for LOAD_WINDOW seconds (default 60) with all of them working at once; then the
run stops. At the end it prints the sign-in phase (its length, login times) and, for the window,
per endpoint the requests, errors, median, p95 and p99, and the throughput; it exits non-zero
unless the window had no errors at all and a p95 below LOAD_P95_MS (default 300 ms). A run whose
people never all sign in (locust's --run-time, the upper bound, ends it first) fails.
Two-factor authentication must be off for the run (ZIELWERK_TWO_FACTOR_REQUIRED=0, as
`make loadtest` sets it): the load test does not enrol devices.
"""

from __future__ import annotations

import os
import random
import re
import time

import gevent
from locust import HttpUser, between, events, task

PASSWORD = os.environ.get("LOAD_PASSWORD", "zielwerk-demo")
P95_GOAL_MS = float(os.environ.get("LOAD_P95_MS", "300"))
REFERENCES = int(os.environ.get("LOAD_REFERENCES", "200"))
WAIT = between(
    float(os.environ.get("LOAD_WAIT_MIN", "2")), float(os.environ.get("LOAD_WAIT_MAX", "6"))
)
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
AGREEMENT_RE = re.compile(r'href="/zielvereinbarungen/(\d+)/"')
LOGIN = "/anmelden/ (POST)"
WINDOW_SECONDS = float(os.environ.get("LOAD_WINDOW", "60"))
STARTED = time.time()
LOGINS: list[float] = []  # response times of the login POSTs (all in the sign-in phase)
PHASE: dict[str, float] = {}  # "window_start", "sign_in_seconds"
_signed_in = 0
PORTAL_RE = re.compile(r'href="(/portal/zielvereinbarungen/[^"#?]+/)"')


class Client(HttpUser):
    """Requests through the test's session; production cookies are `Secure`, the load test speaks
    plain HTTP on the loopback (as behind a TLS proxy), so after each response the client is told
    to send them anyway (requests would otherwise drop the session and CSRF cookies)."""

    abstract = True
    wait_time = WAIT

    def on_start(self) -> None:
        self.prepare()
        _ready(self.environment)

    def prepare(self) -> None:
        """What the person does once before working (log in, look up ids)."""

    def get(self, path: str, **kwargs):
        response = self.client.get(path, **kwargs)
        self.plain_cookies()
        return response

    def post(self, path: str, **kwargs):
        response = self.client.post(path, headers=self.csrf_headers(), **kwargs)
        self.plain_cookies()
        return response

    def plain_cookies(self) -> None:
        for cookie in self.client.cookies:
            cookie.secure = False

    def csrf_headers(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken", "")}


class Person(Client):
    """A signed-in person: logs in once through the form, then works with think times."""

    abstract = True
    username = ""
    reads_agreements = True

    def prepare(self) -> None:
        self.year = 0
        self.agreements: list[str] = []
        self.login()
        years = self.get("/api/v1/programme-years", name="/api/v1/programme-years").json()
        self.year = max(item["year"] for item in years)
        if self.reads_agreements:
            page = self.get("/zielvereinbarungen/", name="/zielvereinbarungen/")
            self.agreements = sorted(set(AGREEMENT_RE.findall(page.text)))

    def login(self) -> None:
        page = self.get("/anmelden/", name="/anmelden/ (GET)")
        token = CSRF_RE.search(page.text)
        with self.client.post(
            "/anmelden/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "next": "/",
            },
            name=LOGIN,
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302 or "sessionid" not in self.client.cookies:
                response.failure(f"login of {self.username} failed: {response.status_code}")
        self.plain_cookies()

    def read_participant_records(self) -> None:
        """The records API for one of the person's projects (`self.projects`), 100 at most."""
        projects = getattr(self, "projects", [])
        if projects:
            self.get(
                f"/api/v1/participants?project={random.choice(projects)}&limit=100",
                name="/api/v1/participants",
            )

    def mark_notifications_read(self) -> None:
        """A cheap write: the notifications page's "mark all as read" form."""
        self.post(
            "/benachrichtigungen/alle-gelesen/", name="/benachrichtigungen/alle-gelesen/ (POST)"
        )

    def agreement(self) -> None:
        if self.agreements:
            pk = random.choice(self.agreements)
            self.get(f"/zielvereinbarungen/{pk}/", name="/zielvereinbarungen/[id]/")

    @task(3)
    def start_page(self) -> None:
        self.get("/", name="/")


class MinistryStaff(Person):
    weight = 6
    username = "ministerium"

    def prepare(self) -> None:
        super().prepare()
        regions = self.get(
            f"/api/v1/steering/{self.year}/regions", name="/api/v1/steering/[year]/regions"
        ).json()
        self.regions = [row["region"] for row in regions["regions"]]

    @task(2)
    def dashboard(self) -> None:
        self.get(f"/steuerung/{self.year}/", name="/steuerung/[year]/")

    @task(3)
    def region(self) -> None:
        slug = random.choice(self.regions)
        self.get(f"/steuerung/{self.year}/{slug}/", name="/steuerung/[year]/[region]/")

    @task(1)
    def agreement_list(self) -> None:
        self.get("/zielvereinbarungen/", name="/zielvereinbarungen/")

    @task(4)
    def agreement_page(self) -> None:
        self.agreement()

    @task(1)
    def api_steering(self) -> None:
        self.get(f"/api/v1/steering/{self.year}/regions", name="/api/v1/steering/[year]/regions")

    @task(1)
    def api_targets(self) -> None:
        slug = random.choice(self.regions)
        self.get(
            f"/api/v1/steering/{self.year}/regions/{slug}/targets",
            name="/api/v1/steering/[year]/regions/[region]/targets",
        )

    @task(2)
    def api_lists(self) -> None:
        path = random.choice(
            [
                f"/api/v1/projects?year={self.year}",
                "/api/v1/applications",
                "/api/v1/decisions",
                "/api/v1/payment-requests",
                "/api/v1/proofs",
                "/api/v1/regions",
            ]
        )
        self.get(path, name=path.split("?")[0])

    @task(1)
    def api_indicators(self) -> None:
        self.get(f"/api/v1/indicators?year={self.year}", name="/api/v1/indicators")

    @task(1)
    def notifications_read(self) -> None:
        self.mark_notifications_read()


class RegionCoordinator(Person):
    weight = 3
    username = "wiesbaden"
    region_slug = "wiesbaden"

    def prepare(self) -> None:
        super().prepare()
        projects = self.get(
            f"/api/v1/projects?year={self.year}&region={self.region_slug}",
            name="/api/v1/projects",
        ).json()
        self.projects = [project["code"] for project in projects]

    @task(3)
    def region(self) -> None:
        self.get(f"/steuerung/{self.year}/{self.region_slug}/", name="/steuerung/[year]/[region]/")

    @task(3)
    def agreement_page(self) -> None:
        self.agreement()

    @task(2)
    def api_records(self) -> None:
        self.read_participant_records()

    @task(1)
    def api_indicators(self) -> None:
        self.get(
            f"/api/v1/indicators?year={self.year}&region={self.region_slug}",
            name="/api/v1/indicators",
        )

    @task(1)
    def notifications_read(self) -> None:
        self.mark_notifications_read()


class ProviderStaff(Person):
    weight = 2
    username = "traeger-wiesbaden"
    reads_agreements = False  # agreements are between the ministry and the regions

    def prepare(self) -> None:
        super().prepare()
        projects = self.get(f"/api/v1/projects?year={self.year}", name="/api/v1/projects").json()
        self.projects = [project["code"] for project in projects]

    @task(2)
    def project_page(self) -> None:
        if self.projects:
            code = random.choice(self.projects)
            self.get(f"/projekte/{code}/", name="/projekte/[code]/")

    @task(2)
    def api_records(self) -> None:
        self.read_participant_records()

    @task(2)
    def record_participant(self) -> None:
        """A write: create or update one record (the same reference updates)."""
        if not self.projects:
            return
        number = random.randrange(REFERENCES)
        body = {
            "project": self.projects[number % len(self.projects)],
            "reference": f"LOAD-{number:04d}",
            "entered_on": f"{self.year}-03-{1 + number % 28:02d}",
            "gender": random.choice(["weiblich", "männlich", "divers"]),
            "birth_year": 1990 + number % 15,
            "residence": "06414",
            "first_residence_hessen": "ja",
            "entitlement": "SGB II",
            "via_household": "nein",
            "employment_status": "arbeitslos",
            "education_level": "ISCED 0-2",
            "disability": "keine Angabe",
            "foreign_background": "nein",
            "third_country_national": "nein",
            "followup_consent": "nein",
        }
        with self.client.post(
            "/api/v1/participants",
            json=body,
            headers=self.csrf_headers(),
            name="/api/v1/participants (POST)",
            catch_response=True,
        ) as response:
            if response.status_code not in (200, 201):
                response.failure(f"{response.status_code}: {response.text[:200]}")
        self.plain_cookies()


class PublicVisitor(Client):
    """Not signed in: the public portal."""

    weight = 2

    def prepare(self) -> None:
        page = self.get("/portal/zielvereinbarungen/", name="/portal/zielvereinbarungen/")
        self.agreements = sorted(set(PORTAL_RE.findall(page.text)))

    @task(2)
    def start_page(self) -> None:
        self.get("/portal/", name="/portal/")

    @task(1)
    def agreement_list(self) -> None:
        self.get("/portal/zielvereinbarungen/", name="/portal/zielvereinbarungen/")

    @task(3)
    def agreement(self) -> None:
        if self.agreements:
            self.get(random.choice(self.agreements), name="/portal/zielvereinbarungen/[agreement]/")


@events.test_start.add_listener
def started(**_kwargs) -> None:
    global STARTED
    STARTED = time.time()


@events.request.add_listener
def logins(name, request_type, response_time, exception=None, **_kwargs) -> None:
    if (name, request_type) == (LOGIN, "POST"):
        LOGINS.append(response_time)


def _ready(environment) -> None:
    """One more person is signed in; with the last one the measured window starts."""
    global _signed_in
    _signed_in += 1
    if _signed_in < environment.parsed_options.num_users or "window_start" in PHASE:
        return
    PHASE["window_start"] = time.time()
    PHASE["sign_in_seconds"] = PHASE["window_start"] - STARTED
    environment.stats.reset_all()
    gevent.spawn_later(WINDOW_SECONDS, environment.runner.quit)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


@events.quitting.add_listener
def report(environment, **_kwargs) -> None:
    """The sign-in phase, then per endpoint of the measured window: requests, errors, median,
    p95, p99; the verdict sets the exit code."""
    stats = environment.stats
    total = stats.total
    users = environment.parsed_options.num_users
    if "window_start" not in PHASE:
        print(f"\nonly {_signed_in} of {users} people signed in before the run ended: MISSED")
        environment.process_exit_code = 1
        return
    print(
        f"\nsign-in phase: {users} people in {PHASE['sign_in_seconds']:.1f} s; login POST "
        f"p50 {percentile(LOGINS, 0.5):.0f} ms, p95 {percentile(LOGINS, 0.95):.0f} ms, "
        f"max {max(LOGINS, default=0):.0f} ms ({len(LOGINS)} logins)"
    )
    seconds = max((total.last_request_timestamp or total.start_time) - total.start_time, 1e-9)
    print(f"measured window: {users} people at work for {WINDOW_SECONDS:.0f} s")
    print(f"{'endpoint':<62} {'req':>6} {'err':>4} {'p50':>6} {'p95':>6} {'p99':>6}  ms")
    for entry in sorted(stats.entries.values(), key=lambda e: (e.name, e.method)):
        if not entry.num_requests:
            continue  # asked only in the sign-in phase
        print(
            f"{entry.method + ' ' + entry.name:<62} {entry.num_requests:>6} "
            f"{entry.num_failures:>4} {entry.get_response_time_percentile(0.5):>6.0f} "
            f"{entry.get_response_time_percentile(0.95):>6.0f} "
            f"{entry.get_response_time_percentile(0.99):>6.0f}"
        )
    print(
        f"{'all':<62} {total.num_requests:>6} {total.num_failures:>4} "
        f"{total.get_response_time_percentile(0.5):>6.0f} "
        f"{total.get_response_time_percentile(0.95):>6.0f} "
        f"{total.get_response_time_percentile(0.99):>6.0f}"
    )
    print(
        f"throughput {total.num_requests / seconds:.1f} requests/s over {seconds:.0f} s; "
        f"load average {' / '.join(f'{v:.1f}' for v in os.getloadavg())}"
    )
    for error in stats.errors.values():
        print(f"error: {error.occurrences}× {error.method} {error.name}: {error.error}")
    p95 = total.get_response_time_percentile(0.95)
    met = total.num_failures == 0 and total.num_requests > 0 and p95 < P95_GOAL_MS
    verdict = "met" if met else "MISSED"
    print(
        f"goal 0 errors and p95 < {P95_GOAL_MS:.0f} ms in the measured window: {verdict} "
        f"({total.num_failures} errors, p95 {p95:.0f} ms)"
    )
    environment.process_exit_code = 0 if met else 1
