"""Sign-ups under load: simultaneous requests never overbook, never lose a place on the waitlist
and never give one person two sign-ups.

The HTTP races run against PostgreSQL through pytest-django's threaded live server (one thread
and one database connection per request), where ``select_for_update`` on the occasion row is what
keeps them apart. On SQLite every transaction takes the database's write lock when it starts
(``transaction_mode = IMMEDIATE``), which serialises writers whatever the code does, so the races
would prove little there; and the in-memory SQLite test database cannot wait for a lock (below).
The database constraints are tested on both.
"""

from __future__ import annotations

import datetime
import json
import threading
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from pytest_django.live_server_helper import LiveServer
from rest_framework.authtoken.models import Token

from yrkesresan.accounts.services import person_create
from yrkesresan.occasions.models import ACTIVE_STATES, Occasion, Registration, RegistrationState
from yrkesresan.occasions.services import occasion_create, registration_create

PLACES = 22
CROWD = 200

requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Row locks are only contended on PostgreSQL; SQLite serialises every write transaction by its lock.",
)
#: pytest-django's SQLite test database is in memory with a shared cache, where a writer that finds the
#: lock taken fails at once with "database table is locked" (SQLITE_LOCKED ignores the busy timeout),
#: unlike the file database the site uses, where it waits up to ``timeout``. Threads racing for the lock
#: would test that artefact, so the service-level races run on PostgreSQL only.
requires_waiting_locks = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The in-memory SQLite test database refuses a busy lock at once instead of waiting for it.",
)


class _DeepQueueServer(ThreadedWSGIServer):
    """Django's threaded test server (one thread per request), listening with a queue deep enough for the
    crowd: its default of 10 makes the kernel reset connections in a burst of 200, which a production
    server (gunicorn: 2048) would queue."""

    request_queue_size = 1024


@pytest.fixture
def crowd_server(transactional_db):
    """pytest-django's live server, with the deeper listen queue."""
    server = LiveServer("localhost", start=False)
    server.thread.server_class = _DeepQueueServer
    server.start()
    yield server
    server.stop()


def _occasion(world, *, capacity: int = PLACES) -> Occasion:
    return occasion_create(
        actor=world["regional_admin"],
        course=world.bou_course,
        region=world.dalarna,
        capacity=capacity,
        name="Rusningen",
        days=[
            {
                # Far enough ahead that a freed place is still filled from the waitlist.
                "date": timezone.localdate() + datetime.timedelta(days=30),
                "starts": datetime.time(9),
                "ends": datetime.time(16),
                "venue": "Folkets hus",
            }
        ],
    )


def _people(world, n: int, prefix: str) -> list:
    return [
        person_create(
            actor=world["system_admin"],
            username=f"{prefix}{i:03d}",
            first_name="Köande",
            last_name=f"Nummer{i}",
            email="",
            role="staff",
            place=world.avesta_home,
            password="",
            notify=False,
        )
        for i in range(n)
    ]


def _tokens(people: list) -> dict[int, str]:
    tokens = Token.objects.bulk_create([Token(user=p, key=Token.generate_key()) for p in people])
    return {t.user_id: t.key for t in tokens}


def _in_flight_limit() -> int:
    """How many requests may be in flight at once: every live-server thread holds its own
    PostgreSQL connection, and the server must not run out of them (a 'too many clients' 500
    would be the environment's limit, not the code's)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        max_connections = int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM pg_stat_activity")
        in_use = int(cursor.fetchone()[0])
    # Half of what is left: a finished request's thread may still be closing its connection.
    return max(10, min(CROWD, (max_connections - in_use - 10) // 2))


def _post(url: str, key: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body or {}).encode(),
        method="POST",
        headers={
            "Authorization": f"Token {key}",
            "Content-Type": "application/json",
            "Accept": "application/json",
            "Accept-Language": "en",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        raw = exc.read()
        try:
            return exc.code, json.loads(raw)
        except ValueError:
            return exc.code, raw.decode(errors="replace")[:500]


def _race(calls: list[tuple[str, str, dict[str, Any] | None]], *, in_flight: int) -> list[tuple[int, Any]]:
    """Start every call at the same moment (one thread each, released by a barrier), with at most
    ``in_flight`` requests open at a time; the answers in the order of ``calls``."""
    barrier = threading.Barrier(len(calls))
    gate = threading.BoundedSemaphore(in_flight)

    def call(args: tuple[str, str, dict[str, Any] | None]) -> tuple[int, Any]:
        barrier.wait(timeout=60)
        with gate:
            return _post(*args)

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(call, calls))


def _assert_invariants(occasion: Occasion) -> None:
    registrations = list(Registration.objects.filter(occasion=occasion))
    booked = [r for r in registrations if r.state == RegistrationState.BOOKED]
    waitlisted = [r for r in registrations if r.state == RegistrationState.WAITLISTED]
    occasion.refresh_from_db()
    assert len(booked) <= occasion.capacity
    if len(booked) < occasion.capacity:
        assert not waitlisted, "a free place while people wait"
    active = Counter(r.user_id for r in registrations if r.state in ACTIVE_STATES)
    assert all(n == 1 for n in active.values()), "someone holds two active sign-ups"
    positions = [r.position for r in waitlisted]
    assert None not in positions
    assert len(set(positions)) == len(positions), "two people share a place on the waitlist"
    assert all(r.position is None for r in registrations if r.state != RegistrationState.WAITLISTED)


# --- the database itself ------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", [RegistrationState.BOOKED, RegistrationState.WAITLISTED, RegistrationState.REQUESTED])
def test_the_database_refuses_a_second_active_sign_up_of_one_person(world, state):
    occasion = _occasion(world)
    registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff"])

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(occasion=occasion, user=world["staff"], state=state, position=None)

    assert Registration.objects.filter(occasion=occasion, user=world["staff"]).count() == 1


def test_the_database_allows_any_number_of_cancelled_sign_ups_besides_the_active_one(world):
    occasion = _occasion(world)
    registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff"])

    for state in (RegistrationState.CANCELLED, RegistrationState.CANCELLED_LATE, RegistrationState.CANCELLED):
        Registration.objects.create(occasion=occasion, user=world["staff"], state=state)

    assert Registration.objects.filter(occasion=occasion, user=world["staff"]).count() == 4


def test_the_database_refuses_two_people_on_one_place_of_the_waitlist(world):
    occasion = _occasion(world, capacity=1)
    registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff"])
    registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff_boende"])

    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(
            occasion=occasion, user=world["staff_falun"], state=RegistrationState.WAITLISTED, position=1
        )


# --- the services, from many threads (PostgreSQL) ------------------------------------------------------------


@requires_waiting_locks
@pytest.mark.django_db(transaction=True)
def test_thirty_simultaneous_sign_ups_through_the_service_keep_every_rule(world):
    occasion = _occasion(world, capacity=7)
    people = _people(world, 30, "tråd")
    barrier = threading.Barrier(len(people))

    def sign_up(person) -> str:
        try:
            barrier.wait(timeout=60)
            return registration_create(actor=world["regional_admin"], occasion=occasion, person=person).state
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(people)) as pool:
        states = list(pool.map(sign_up, people))

    assert Counter(states) == {RegistrationState.BOOKED: 7, RegistrationState.WAITLISTED: 23}
    _assert_invariants(occasion)
    waitlisted = Registration.objects.filter(occasion=occasion, state=RegistrationState.WAITLISTED)
    assert list(waitlisted.order_by("id").values_list("position", flat=True)) == list(range(1, 24))
    assert sorted(Registration.objects.filter(occasion=occasion).values_list("user_id", flat=True)) == sorted(
        p.pk for p in people
    )


@requires_waiting_locks
@pytest.mark.django_db(transaction=True)
def test_one_person_signed_up_from_thirty_threads_at_once_is_signed_up_once(world):
    occasion = _occasion(world)
    barrier = threading.Barrier(30)

    def sign_up(_: int) -> str:
        try:
            barrier.wait(timeout=60)
            translation.activate("en")
            registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff_falun"])
            return "created"
        except ValidationError as exc:
            return " ".join(exc.messages)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=30) as pool:
        answers = list(pool.map(sign_up, range(30)))

    assert answers.count("created") == 1
    assert all("already registered" in a for a in answers if a != "created"), answers
    assert Registration.objects.filter(occasion=occasion, user=world["staff_falun"]).count() == 1


# --- the API, 200 people at once (PostgreSQL) -----------------------------------------------------------------


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_hundred_simultaneous_sign_ups_book_22_and_waitlist_178_in_arrival_order(world, crowd_server):
    occasion = _occasion(world)
    people = _people(world, CROWD, "rusning")
    keys = _tokens(people)
    url = f"{crowd_server.url}/api/v1/occasions/{occasion.pk}/registrations/"

    answers = _race([(url, keys[p.pk], None) for p in people], in_flight=_in_flight_limit())

    assert [status for status, _ in answers] == [201] * CROWD, [a for a in answers if a[0] != 201][:3]
    registrations = list(Registration.objects.filter(occasion=occasion).order_by("id"))
    assert {(a["id"], a["user"], a["state"], a["position"]) for _, a in answers} == {
        (r.pk, r.user_id, r.state, r.position) for r in registrations
    }
    assert Counter(r.user_id for r in registrations) == Counter(p.pk for p in people)
    assert Counter(r.state for r in registrations) == {
        RegistrationState.BOOKED: PLACES,
        RegistrationState.WAITLISTED: CROWD - PLACES,
    }
    # Arrival order: the first 22 rows written got the places, the rest queued in the order they were written.
    assert all(r.state == RegistrationState.BOOKED for r in registrations[:PLACES])
    assert [r.position for r in registrations[PLACES:]] == list(range(1, CROWD - PLACES + 1))
    assert [r.created_at for r in registrations] == sorted(r.created_at for r in registrations)
    _assert_invariants(occasion)

    # Now 10 of the booked and the last 10 on the waitlist cancel at the same moment: the first 10 on
    # the waitlist (and only they) move up, and the occasion stays exactly full.
    leaving_booked = registrations[:PLACES][::2][:10]
    leaving_waitlist = registrations[-10:]
    first_ten = registrations[PLACES : PLACES + 10]
    cancels = [
        (f"{crowd_server.url}/api/v1/registrations/{r.pk}/cancel/", keys[r.user_id], {"reason": "Sjuk"})
        for r in leaving_booked + leaving_waitlist
    ]

    answers = _race(cancels, in_flight=_in_flight_limit())

    assert [status for status, _ in answers] == [200] * len(cancels), [a for a in answers if a[0] != 200][:3]
    assert {a["state"] for _, a in answers} == {RegistrationState.CANCELLED}
    after = {r.pk: r for r in Registration.objects.filter(occasion=occasion)}
    assert Counter(r.state for r in after.values()) == {
        RegistrationState.BOOKED: PLACES,
        RegistrationState.WAITLISTED: CROWD - PLACES - 20,
        RegistrationState.CANCELLED: 20,
    }
    assert {r.pk for r in first_ten} == {
        pk
        for pk, r in after.items()
        if r.state == RegistrationState.BOOKED and pk not in {b.pk for b in registrations[:PLACES]}
    }
    assert sorted(r.position for r in after.values() if r.state == RegistrationState.WAITLISTED) == list(
        range(11, CROWD - PLACES - 10 + 1)
    )
    promoted_events = [
        e
        for r in first_ten
        for e in after[r.pk].events.all()
        if (e.from_state, e.to_state) == (RegistrationState.WAITLISTED, RegistrationState.BOOKED)
    ]
    assert len(promoted_events) == 10
    _assert_invariants(occasion)


@requires_postgresql
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_sign_ups_of_one_person_give_one_sign_up_and_49_clear_refusals(world, crowd_server):
    occasion = _occasion(world)
    person = world["staff_falun"]
    key = Token.objects.create(user=person).key
    url = f"{crowd_server.url}/api/v1/occasions/{occasion.pk}/registrations/"

    answers = _race([(url, key, {"person": person.pk})] * 50, in_flight=_in_flight_limit())

    statuses = Counter(status for status, _ in answers)
    assert statuses == {201: 1, 400: 49}, statuses
    refusals = [body for status, body in answers if status == 400]
    assert all("already registered" in " ".join(body["detail"]) for body in refusals), refusals[:2]
    assert Registration.objects.filter(occasion=occasion, user=person).count() == 1
    assert Registration.objects.get(occasion=occasion, user=person).state == RegistrationState.BOOKED
