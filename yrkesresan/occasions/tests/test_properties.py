"""Any sequence of sign-ups, cancellations and changes of capacity keeps the booking rules.

Hypothesis draws the sequences; each one runs on a fresh occasion inside a transaction that is
rolled back afterwards, with the same people (built once per test). After every step the database
is compared with a plain first-come-first-served model, and the invariants are checked directly.
"""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yrkesresan.accounts.services import person_create
from yrkesresan.occasions.models import ACTIVE_STATES, Registration, RegistrationState
from yrkesresan.occasions.services import (
    occasion_create,
    occasion_set_capacity,
    registration_cancel,
    registration_create,
)

PEOPLE = 8

operations = st.lists(
    st.one_of(
        st.tuples(st.just("sign_up"), st.integers(0, PEOPLE - 1)),
        st.tuples(st.just("cancel"), st.integers(0, PEOPLE - 1)),
        st.tuples(st.just("capacity"), st.integers(1, PEOPLE)),
    ),
    min_size=1,
    max_size=30,
)


@pytest.fixture
def crowd(world):
    return [
        person_create(
            actor=world["system_admin"],
            username=f"egenskap{i}",
            first_name="Egen",
            last_name=f"Skap{i}",
            email="",
            role="staff",
            place=world.avesta_home,
            password="",
            notify=False,
        )
        for i in range(PEOPLE)
    ]


class _Rollback(Exception):
    pass


def _snapshot(occasion) -> dict[int, tuple[str, int | None]]:
    """Each person's active registration: user id → (state, position)."""
    rows = Registration.objects.filter(occasion=occasion, state__in=ACTIVE_STATES)
    return {user_id: (state, position) for user_id, state, position in rows.values_list("user_id", "state", "position")}


def _check(occasion, before: dict[int, tuple[str, int | None]]) -> None:
    occasion.refresh_from_db()
    rows = list(Registration.objects.filter(occasion=occasion).values_list("user_id", "state", "position"))
    active = Counter(user_id for user_id, state, _ in rows if state in ACTIVE_STATES)
    assert all(n == 1 for n in active.values()), "a person holds two active sign-ups"
    booked = sum(1 for _, state, _ in rows if state == RegistrationState.BOOKED)
    assert booked <= occasion.capacity
    waiting = {user_id: position for user_id, state, position in rows if state == RegistrationState.WAITLISTED}
    assert None not in waiting.values()
    assert len(set(waiting.values())) == len(waiting), "two people share a place on the waitlist"
    assert all(position is None for _, state, position in rows if state != RegistrationState.WAITLISTED)
    if booked < occasion.capacity:
        assert not waiting, "a place is free while people wait"
    # Promotion strictly in waitlist order: whoever moved up had a smaller number than everyone still waiting.
    promoted = [
        before[user_id][1]
        for user_id, state, _ in rows
        if state == RegistrationState.BOOKED and before.get(user_id, ("", None))[0] == RegistrationState.WAITLISTED
    ]
    for position in promoted:
        assert all(position < still for still in waiting.values()), "someone was promoted past an earlier one"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(capacity=st.integers(1, PEOPLE - 2), steps=operations)
def test_any_sequence_of_operations_keeps_the_booking_rules(world, crowd, capacity, steps):
    admin = world["regional_admin"]
    try:
        with transaction.atomic():
            occasion = occasion_create(
                actor=admin,
                course=world.bou_course,
                region=world.dalarna,
                capacity=capacity,
                days=[
                    {
                        "date": timezone.localdate() + datetime.timedelta(days=20),
                        "starts": datetime.time(9),
                        "ends": datetime.time(16),
                        "venue": "X",
                    }
                ],
            )
            # The model: who is booked, and who waits in which order.
            booked: list[int] = []
            queue: list[int] = []
            places = capacity

            def promote() -> None:
                while queue and len(booked) < places:
                    booked.append(queue.pop(0))

            for op, arg in steps:
                before = _snapshot(occasion)
                if op == "sign_up":
                    person = crowd[arg]
                    if person.pk in booked or person.pk in queue:
                        with pytest.raises(ValidationError):
                            registration_create(actor=admin, occasion=occasion, person=person)
                    else:
                        registration = registration_create(actor=admin, occasion=occasion, person=person)
                        (booked if len(booked) < places else queue).append(person.pk)
                        expected = RegistrationState.BOOKED if person.pk in booked else RegistrationState.WAITLISTED
                        assert registration.state == expected
                elif op == "cancel":
                    person = crowd[arg]
                    registration = Registration.objects.filter(occasion=occasion, user=person).order_by("-id").first()
                    if registration is None:
                        continue
                    if person.pk in booked or person.pk in queue:
                        registration_cancel(actor=admin, registration=registration)
                        if person.pk in booked:
                            booked.remove(person.pk)
                            promote()
                        else:
                            queue.remove(person.pk)
                    else:
                        with pytest.raises(ValidationError):
                            registration_cancel(actor=admin, registration=registration)
                else:
                    if arg < len(booked):
                        with pytest.raises(ValidationError):
                            occasion_set_capacity(actor=admin, occasion=occasion, capacity=arg)
                    else:
                        promoted = occasion_set_capacity(actor=admin, occasion=occasion, capacity=arg)
                        places = arg
                        newly = queue[: max(0, places - len(booked))]
                        promote()
                        assert [r.user_id for r in promoted] == newly

                _check(occasion, before)
                now = _snapshot(occasion)
                assert sorted(u for u, (s, _) in now.items() if s == RegistrationState.BOOKED) == sorted(booked)
                waiting = sorted((p, u) for u, (s, p) in now.items() if s == RegistrationState.WAITLISTED)
                assert [u for _, u in waiting] == queue
                assert occasion.capacity == places
            raise _Rollback
    except _Rollback:
        pass
