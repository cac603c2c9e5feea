"""With places kept for one municipality, any sequence of sign-ups and cancellations still never
overbooks, never leaves a person waiting while a place is free for them, keeps the kept places for
their municipality, and promotes each municipality's waiting staff in their waitlist order.

The model is written out plainly here (not by calling the code under test): a person of municipality
m may take a place when capacity − held − (kept places of the other municipality not yet used) > 0.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from yrkesresan.accounts.services import person_create
from yrkesresan.occasions.models import ACTIVE_STATES, Registration, RegistrationState, SeatQuota
from yrkesresan.occasions.services import occasion_create, registration_cancel, registration_create

PER_MUNICIPALITY = 5

operations = st.lists(
    st.tuples(st.sampled_from(["sign_up", "cancel"]), st.integers(0, 2 * PER_MUNICIPALITY - 1)),
    min_size=1,
    max_size=30,
)


@pytest.fixture
def two_towns(world):
    people = []
    for town, unit in (("avesta", world.avesta_home), ("falun", world.falun_home)):
        for i in range(PER_MUNICIPALITY):
            people.append(
                person_create(
                    actor=world["system_admin"],
                    username=f"kvot{town}{i}",
                    first_name="Kvot",
                    last_name=f"{town}{i}",
                    role="staff",
                    place=unit,
                    notify=False,
                )
            )
    return people


class _Rollback(Exception):
    pass


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(capacity=st.integers(1, 6), kept=st.integers(1, 4), steps=operations)
def test_kept_places_never_overbook_and_are_filled_in_order(world, two_towns, capacity, kept, steps):
    kept = min(kept, capacity)
    admin = world["regional_admin"]
    falun_ids = {p.pk for p in two_towns[PER_MUNICIPALITY:]}
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
            SeatQuota.objects.create(
                occasion=occasion,
                municipality=world.falun,
                seats=kept,
                release_at=timezone.now() + datetime.timedelta(days=5),
            )
            booked: list[int] = []
            queue: list[int] = []

            def free_for(user_id: int) -> int:
                falun_held = sum(1 for u in booked if u in falun_ids)
                kept_for_falun = max(0, kept - falun_held)
                return capacity - len(booked) - (0 if user_id in falun_ids else kept_for_falun)

            def promote() -> None:
                for user_id in list(queue):
                    if len(booked) >= capacity:
                        break
                    if free_for(user_id) > 0:
                        queue.remove(user_id)
                        booked.append(user_id)

            for op, index in steps:
                person = two_towns[index]
                if op == "sign_up":
                    if person.pk in booked or person.pk in queue:
                        with pytest.raises(ValidationError):
                            registration_create(actor=admin, occasion=occasion, person=person)
                        continue
                    registration = registration_create(actor=admin, occasion=occasion, person=person)
                    if free_for(person.pk) > 0:
                        booked.append(person.pk)
                        assert registration.state == RegistrationState.BOOKED
                    else:
                        queue.append(person.pk)
                        assert registration.state == RegistrationState.WAITLISTED
                else:
                    registration = (
                        Registration.objects.filter(occasion=occasion, user=person, state__in=ACTIVE_STATES)
                        .order_by("-id")
                        .first()
                    )
                    if registration is None:
                        continue
                    registration_cancel(actor=admin, registration=registration)
                    if person.pk in booked:
                        booked.remove(person.pk)
                        promote()
                    else:
                        queue.remove(person.pk)

                rows = Registration.objects.filter(occasion=occasion, state__in=ACTIVE_STATES)
                held = sorted(rows.filter(state=RegistrationState.BOOKED).values_list("user_id", flat=True))
                waiting = list(
                    rows.filter(state=RegistrationState.WAITLISTED)
                    .order_by("position")
                    .values_list("user_id", flat=True)
                )
                assert held == sorted(booked)
                assert waiting == queue
                assert len(held) <= capacity
                assert all(free_for(u) <= 0 for u in queue), "someone waits while a place is free for them"
                others = sum(1 for u in held if u not in falun_ids)
                falun = len(held) - others
                assert others <= capacity - max(0, kept - falun), "a kept place went to another municipality"
            raise _Rollback
    except _Rollback:
        pass
