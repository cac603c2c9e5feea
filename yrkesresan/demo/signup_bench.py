"""Sign-ups per second: many clients signing people up at once, over HTTP, against a real server.

The benchmark (``manage.py bench --signups N``) starts gunicorn, the production server (architecture.md), on
loopback with ``config.wsgi`` and this database: ``gthread`` workers (one per core) whose threads add up to one
per client, and a listen queue deep enough for the crowd. Each client is a thread of this process with its own
keep-alive HTTP connection and its own signed-in session (made in the session store, as a sign-in would; the
CSRF cookie and header are sent as a browser sends them), and POSTs ``{"person": id}`` to
``/api/v1/occasions/<id>/registrations/``: a regional administrator signing up a person of the region. That is
the fullest path of a sign-up: the session, CSRF, the API's throttle, the scoped lookup of the occasion and of
the person (``policy.visible``), the right to register them, then ``registration_create`` (the occasion row
locked, the places counted, booked or the next place on the waitlist, the history, the audit trail, the e-mail
queued, and the person's progress refreshed through the domain event).

Each client is a benchmark account of its own with the regional administrator's role (the API throttles a
person to 2,000 requests an hour, so one administrator could not make this load; each makes fewer than
``signups / clients``). The sign-ups go to fresh coming occasions made for the run in the largest region
(``occasion_create``), of three sizes so that the waitlist is used: 10 places (most sign-ups queue), 30 and
60 (nobody queues). ``OPEN_AT_ONCE`` occasions take sign-ups at a time, in turn, so that several clients
always contend for one occasion's row lock, as when registration opens. Every (occasion, person) pair is
distinct, and every person is active staff in the region.

After the run the database is checked (no occasion holds more people than it has places; every waitlist is
numbered 1..n with no gap or repeat; one sign-up per answer 201), and everything the run made is removed again
(the accounts, sessions, occasions, sign-ups with their history, audit lines, and the progress rows the sign-ups
created), so the data is as the generator left it. The e-mails are queued in a throwaway SQLite task queue
(``YR_VAR_DIR``), as the demo's worker queue is, and never sent.
"""

from __future__ import annotations

import datetime
import http.client
import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection, connections, transaction
from django.db.models import Count, Max, Sum
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.utils import timezone
from django.utils.crypto import get_random_string

from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.catalog.models import Course
from yrkesresan.core.models import AuditEvent
from yrkesresan.learning.models import CourseProgress
from yrkesresan.occasions import services
from yrkesresan.occasions.models import PLACE_STATES, Occasion, Registration, RegistrationState
from yrkesresan.organisations.models import Population, Region

#: Places of the occasions made for the run, in turn: most sign-ups to the first queue, none to the last.
CAPACITIES = (10, 30, 60)
#: Sign-ups per occasion, and how many occasions take sign-ups at a time.
PER_OCCASION = 50
OPEN_AT_ONCE = 10
USERNAME_PREFIX = "bench-signup-"


@dataclass
class SignupRun:
    """What one run did and measured."""

    clients: int
    signups: int
    occasions: int
    region: str
    server: str
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    states: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies_ms)
        return ordered[max(0, math.ceil(share * len(ordered)) - 1)] if ordered else 0.0

    @property
    def failed(self) -> int:
        return sum(n for status, n in self.statuses.items() if status != 201)

    @property
    def passed(self) -> bool:
        return not self.failed and not self.problems and self.statuses[201] == self.signups


def run(
    *,
    clients: int = 50,
    signups: int = 3000,
    log: Callable[[str], None] = lambda _msg: None,
) -> SignupRun:
    """Make the occasions and accounts, serve, sign up, check, and remove it all again."""
    region = _largest_region()
    workers = max(1, min(clients, os.cpu_count() or 1))
    threads = math.ceil(clients / workers)
    _check_connections(workers * threads)
    var_dir = Path(tempfile.mkdtemp(prefix="yr-signup-bench-"))
    result = SignupRun(
        clients=clients,
        signups=signups,
        occasions=math.ceil(signups / PER_OCCASION),
        region=region.name,
        server=f"gunicorn config.wsgi --worker-class gthread --workers {workers} --threads {threads} "
        "--backlog 2048 --keep-alive 75",
    )
    progress_before = CourseProgress.objects.aggregate(m=Max("id"))["m"] or 0
    audit_before = AuditEvent.objects.aggregate(m=Max("id"))["m"] or 0
    occasion_ids: list[int] = []
    sessions: list[tuple[str, str]] = []
    server: subprocess.Popen[bytes] | None = None
    try:
        admins = _admins(region, clients)
        occasion_ids = _occasions(region, admins[0], result.occasions)
        tasks = _tasks(region, occasion_ids, signups)
        sessions = [_session(admin) for admin in admins]
        connections.close_all()
        server, port = _serve(workers=workers, threads=threads, var_dir=var_dir, log=log)
        log(
            f"  {clients} clients, {signups:,} sign-ups to {len(occasion_ids)} new occasions in {region.name} "
            f"({', '.join(map(str, CAPACITIES))} places in turn), {OPEN_AT_ONCE} open at a time:"
        )
        _crowd(result, port=port, sessions=sessions, tasks=tasks, warm_occasion=occasion_ids[0])
        _check(result, occasion_ids)
    finally:
        if server is not None:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        _clean_up(
            occasion_ids, [key for key, _csrf in sessions], progress_before=progress_before, audit_before=audit_before
        )
        shutil.rmtree(var_dir, ignore_errors=True)
    return result


def _largest_region() -> Region:
    region_id = (
        Population.objects.values("municipality__region")
        .annotate(total=Sum("count"))
        .order_by("-total")
        .values_list("municipality__region", flat=True)
        .first()
    )
    if region_id is None:
        raise RuntimeError("No data: run generate_national_data first.")
    return Region.objects.get(pk=region_id)


def _check_connections(needed: int) -> None:
    """Each server thread holds a database connection of its own: refuse to start a run the server cannot
    hold (a 'too many clients' error would be the environment's limit, not the code's)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        limit = int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM pg_stat_activity")
        in_use = int(cursor.fetchone()[0])
    if needed + in_use + 5 > limit:
        raise RuntimeError(
            f"PostgreSQL allows {limit} connections and {in_use} are in use: too few for {needed} server threads."
        )


def _admins(region: Region, n: int) -> list[User]:
    """``n`` benchmark accounts, each a regional administrator of ``region``."""
    since = timezone.localdate() - datetime.timedelta(days=1)
    with transaction.atomic():
        users = User.objects.bulk_create(
            User(username=f"{USERNAME_PREFIX}{i:03d}", first_name="Bänk", last_name=f"Admin {i}", password="!")
            for i in range(1, n + 1)
        )
        RoleAssignment.objects.bulk_create(
            RoleAssignment(user=user, role=Role.REGIONAL_ADMIN, region=region, valid_from=since) for user in users
        )
    return list(User.objects.filter(username__startswith=USERNAME_PREFIX).order_by("username"))


def _occasions(region: Region, actor: User, n: int) -> list[int]:
    """``n`` coming occasions of the region's courses with days, through the planning service."""
    courses = list(Course.objects.filter(day_count__gt=0).exclude(kind="web").order_by("journey__order", "order"))
    if not courses:
        raise RuntimeError("No course with course days in the catalog.")
    today = timezone.localdate()
    ids = []
    for i in range(n):
        occasion = services.occasion_create(
            actor=actor,
            course=courses[i % len(courses)],
            region=region,
            capacity=CAPACITIES[i % len(CAPACITIES)],
            name=f"Bänktest {i + 1}",
            days=[
                {
                    "date": today + datetime.timedelta(days=30 + i % 30),
                    "starts": datetime.time(9),
                    "ends": datetime.time(16),
                    "venue": "Kurslokal",
                }
            ],
        )
        ids.append(occasion.pk)
    return ids


def _tasks(region: Region, occasion_ids: list[int], signups: int) -> list[tuple[int, int]]:
    """(occasion, person) pairs, in the order they are sent: the occasions ``OPEN_AT_ONCE`` at a time, and
    within them one sign-up to each in turn. People are the region's active staff, spread over its people."""
    people = list(
        RoleAssignment.objects.active()
        .filter(role=Role.STAFF, region=region, user__is_active=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    if len(people) < PER_OCCASION:
        raise RuntimeError(f"{region.name} has {len(people)} staff, fewer than {PER_OCCASION}.")
    step = max(1, len(people) // signups)
    pairs: list[tuple[tuple[int, int, int], int, int]] = []  # (order, occasion, person)
    for i, occasion_id in enumerate(occasion_ids):
        n = min(PER_OCCASION, signups - i * PER_OCCASION)
        for j in range(n):
            person = people[((i * PER_OCCASION + j) * step) % len(people)]
            pairs.append(((i // OPEN_AT_ONCE, j, i), occasion_id, person))
    pairs.sort()
    return [(occasion_id, person) for _order, occasion_id, person in pairs]


def _session(user: User) -> tuple[str, str]:
    """A signed-in session in the session store, as the sign-in page leaves it, and a CSRF secret."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return session.session_key, get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(
    *, workers: int, threads: int, var_dir: Path, log: Callable[[str], None]
) -> tuple[subprocess.Popen[bytes], int]:
    """gunicorn on loopback, serving this database with these settings; returns once it answers."""
    port = _free_port()
    env = {**os.environ, "YR_VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": os.environ["DJANGO_SETTINGS_MODULE"]}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--worker-class", "gthread",
        "--workers", str(workers), "--threads", str(threads), "--backlog", "2048", "--keep-alive", "75",
        "--log-level", "warning", "--chdir", str(settings.BASE_DIR),
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)  # noqa: S603 (our own command line)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped at start-up (exit {server.returncode}).")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            conn.getresponse().read()
            conn.close()
            log(f"  server: {' '.join(command[1:])} (pid {server.pid})")
            return server, port
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("gunicorn did not answer within 60 s.")


def _crowd(
    result: SignupRun, *, port: int, sessions: list[tuple[str, str]], tasks: list[tuple[int, int]], warm_occasion: int
) -> None:
    """The clients: all connect and warm up, then start together and take the next sign-up until none is left."""
    lock = threading.Lock()
    queue = iter(tasks)
    start = threading.Barrier(len(sessions) + 1)
    latencies: list[list[float]] = [[] for _ in sessions]
    statuses: list[Counter[int]] = [Counter() for _ in sessions]
    errors: list[str] = []
    origin = f"http://127.0.0.1:{port}"

    def client(i: int) -> None:
        session_key, csrf = sessions[i]
        headers = {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}; {settings.CSRF_COOKIE_NAME}={csrf}",
            "X-CSRFToken": csrf,
            "Origin": origin,
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            conn.request("GET", f"/api/v1/occasions/{warm_occasion}/", headers=headers)
            warm = conn.getresponse()
            warm.read()
            if warm.status != 200:
                errors.append(f"client {i}: warm-up answered {warm.status}")
        finally:
            start.wait()
        while True:
            with lock:
                task = next(queue, None)
            if task is None:
                break
            occasion_id, person = task
            body = json.dumps({"person": person})
            began = time.perf_counter()
            try:
                conn.request("POST", f"/api/v1/occasions/{occasion_id}/registrations/", body=body, headers=headers)
                response = conn.getresponse()
                content = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                status, content = 0, str(exc).encode()
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            latencies[i].append((time.perf_counter() - began) * 1000)
            statuses[i][status] += 1
            if status != 201 and len(errors) < 20:
                errors.append(f"{occasion_id}/{person}: {status} {content[:200]!r}")
        conn.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(len(sessions))]
    for t in threads:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in threads:
        t.join()
    result.seconds = time.perf_counter() - began
    result.latencies_ms = [ms for client_ms in latencies for ms in client_ms]
    for counter in statuses:
        result.statuses.update(counter)
    result.errors = errors


def _check(result: SignupRun, occasion_ids: list[int]) -> None:
    """What the database holds after the run: no occasion over its places, every waitlist numbered 1..n."""
    connections.close_all()
    registrations = Registration.objects.filter(occasion_id__in=occasion_ids)
    result.states = dict(registrations.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    if registrations.count() != result.statuses[201]:
        result.problems.append(f"{registrations.count()} sign-ups written, {result.statuses[201]} answered 201")
    for occasion in Occasion.objects.filter(pk__in=occasion_ids).order_by("id"):
        mine = registrations.filter(occasion=occasion)
        held = mine.filter(state__in=PLACE_STATES).count()
        if held > occasion.capacity:
            result.problems.append(f"occasion {occasion.pk}: {held} booked on {occasion.capacity} places")
        positions = sorted(
            p or 0 for p in mine.filter(state=RegistrationState.WAITLISTED).values_list("position", flat=True)
        )
        if positions != list(range(1, len(positions) + 1)):
            result.problems.append(f"occasion {occasion.pk}: waitlist places {positions[:5]}… not 1..n")
        if positions and held < occasion.capacity:
            result.problems.append(f"occasion {occasion.pk}: a waitlist while {occasion.capacity - held} places free")
        live = mine.values("user_id").annotate(n=Count("id")).filter(n__gt=1)
        if live.exists():
            result.problems.append(f"occasion {occasion.pk}: a person signed up twice")


def _clean_up(occasion_ids: list[int], session_keys: list[str], *, progress_before: int, audit_before: int) -> None:
    """Remove what the run made, so that the data is as the generator left it."""
    connections.close_all()
    with transaction.atomic():
        Registration.objects.filter(occasion_id__in=occasion_ids).delete()  # with their history
        Occasion.objects.filter(pk__in=occasion_ids).delete()  # with their days
        CourseProgress.objects.filter(id__gt=progress_before).delete()
        AuditEvent.objects.filter(id__gt=audit_before).delete()
        Session.objects.filter(pk__in=session_keys).delete()
        RoleAssignment.objects.filter(user__username__startswith=USERNAME_PREFIX).delete()
        User.objects.filter(username__startswith=USERNAME_PREFIX).delete()
