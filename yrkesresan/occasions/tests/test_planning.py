"""Planning occasions: every refusal names the field and changes nothing; k-admins plan only in their
municipality; a copy moves every date; cancelling cancels and tells everyone; changing the days
tells everyone; more places promote; a venue booked twice at the same time is found."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yrkesresan.accounts import services as accounts
from yrkesresan.core import events
from yrkesresan.occasions.models import (
    CourseDay,
    DeliveryLevel,
    Occasion,
    OccasionStatus,
    Registration,
    RegistrationEvent,
    RegistrationState,
    SeatQuota,
)
from yrkesresan.occasions.selectors.planning import (
    calendar_month,
    can_browse,
    occasion_list,
    occasion_participants,
    occasions_with_days,
    venue_clashes,
)
from yrkesresan.occasions.services import (
    attendance_mark,
    occasion_cancel,
    occasion_copy,
    occasion_save,
    registration_create,
)

pytestmark = pytest.mark.django_db

SOON = timezone.localdate() + datetime.timedelta(days=40)


def _day(date=SOON, starts=9, ends=16, **extra):
    return {"date": date, "starts": datetime.time(starts), "ends": datetime.time(ends), **extra}


def _settings(world, **changes):
    settings = {
        "course": world.bou_course,
        "delivery_level": DeliveryLevel.REGIONAL,
        "region": world.dalarna,
        "name": "Omgång 2",
        "capacity": 10,
        "min_participants": 1,
        "registration_opens": timezone.now(),
        "registration_closes": timezone.now() + datetime.timedelta(days=20),
        "cancel_deadline": SOON - datetime.timedelta(days=7),
        "needs_approval": False,
        "waitlist_stops_days": 2,
        "target_municipalities": [],
        "target_units": [],
        "target_levels": [],
        "notes": "Fika ingår.",
        "days": [
            _day(venue="Kulturhuset", address="Slottsgatan 1, Falun"),
            _day(SOON + datetime.timedelta(days=7), 9, 12, mode="digital", link="https://meet.example.org/x"),
        ],
        "quotas": [],
    }
    settings.update(changes)
    return settings


def _plan(world, actor=None, **changes):
    return occasion_save(actor=actor or world["regional_admin"], **_settings(world, **changes))


def _staff(world, n, unit=None, prefix="p"):
    return [
        accounts.person_create(
            actor=world["system_admin"],
            username=f"{prefix}{i}",
            first_name=f"P{i}",
            last_name="Test",
            email=f"{prefix}{i}@example.org",
            role="staff",
            place=unit or world.avesta_home,
            password="",
            notify=False,
        )
        for i in range(n)
    ]


@pytest.fixture
def heard(monkeypatch):
    """The "registration.changed" events announced during the test."""
    got: list[dict] = []
    handlers = [*events._handlers["registration.changed"], lambda **kw: got.append(kw)]
    monkeypatch.setitem(events._handlers, "registration.changed", handlers)
    return got


def _days_of(occasion):
    return [
        {f: getattr(d, f) for f in ("id", "date", "starts", "ends", "mode", "venue", "address", "link")}
        for d in occasion.days.all()
    ]


# --- creating and its refusals ------------------------------------------------------------------------


def test_a_regional_admin_plans_an_occasion_with_its_days_targets_and_kept_places(world):
    release = timezone.now() + datetime.timedelta(days=10)
    occasion = _plan(
        world,
        target_municipalities=[world.avesta, world.falun],
        target_levels=[world.bou_ny],
        quotas=[{"municipality": world.avesta, "seats": 3, "release_at": release}],
    )

    assert occasion.region == world.dalarna and occasion.status == OccasionStatus.PLANNED
    assert (occasion.first_day, occasion.last_day) == (SOON, SOON + datetime.timedelta(days=7))
    assert [d.mode for d in occasion.days.all()] == ["on_site", "digital"]
    assert set(occasion.target_municipalities.all()) == {world.avesta, world.falun}
    assert list(occasion.quotas.values_list("municipality__name", "seats")) == [("Avesta", 3)]
    assert occasion.notes == "Fika ingår."


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"days": []}, "days"),
        ({"days": [_day(starts=15, ends=9, venue="Kulturhuset")]}, "days"),
        ({"days": [_day()]}, "days"),  # on site without a venue
        ({"days": [_day(mode="digital")]}, "days"),  # digital without a link
        ({"capacity": 0}, "capacity"),
        ({"min_participants": 11}, "min_participants"),
        ({"registration_closes": timezone.now() - datetime.timedelta(days=1)}, "registration_closes"),
        ({"cancel_deadline": SOON + datetime.timedelta(days=1)}, "cancel_deadline"),
        (
            {"quotas": [{"municipality": "gavle", "seats": 2, "release_at": timezone.now()}]},
            "quotas",
        ),
        (
            {
                "quotas": [
                    {"municipality": "avesta", "seats": 6, "release_at": timezone.now()},
                    {"municipality": "falun", "seats": 5, "release_at": timezone.now()},
                ]
            },
            "quotas",
        ),
        ({"target_municipalities": ["gavle"]}, "target_municipalities"),
        ({"municipality": "avesta"}, "municipality"),  # a regional occasion has no municipality
        ({"delivery_level": DeliveryLevel.MUNICIPAL}, "municipality"),
        ({"delivery_level": DeliveryLevel.WORKPLACE}, "unit"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_created(world, changes, field):
    for key, value in list(changes.items()):  # places named by the world's attribute
        if key == "quotas":
            changes[key] = [{**q, "municipality": getattr(world, q["municipality"])} for q in value]
        elif key == "target_municipalities":
            changes[key] = [getattr(world, v) for v in value]
        elif key == "municipality":
            changes[key] = getattr(world, value)
    before = (Occasion.objects.count(), CourseDay.objects.count(), SeatQuota.objects.count())

    with pytest.raises(ValidationError) as refused:
        _plan(world, **changes)

    assert field in refused.value.message_dict
    assert all(message.strip() for message in refused.value.message_dict[field])
    assert (Occasion.objects.count(), CourseDay.objects.count(), SeatQuota.objects.count()) == before


def test_the_refusal_names_the_course_day_and_what_is_wrong(world):
    with pytest.raises(ValidationError) as refused:
        _plan(world, days=[_day(venue="A"), _day(starts=12, ends=10, mode="digital")])

    [message, link] = refused.value.message_dict["days"]
    assert "2" in message and "2" in link


def test_a_web_course_has_no_occasions(world):
    world.bou_course.kind, world.bou_course.day_count = "web", 0
    world.bou_course.save(update_fields=["kind", "day_count"])

    with pytest.raises(ValidationError) as refused:
        _plan(world)

    assert "course" in refused.value.message_dict


def test_a_k_admin_plans_municipal_and_workplace_occasions_in_their_own_municipality_only(world):
    kadmin = world["municipal_admin"]  # Avesta

    municipal = _plan(
        world, actor=kadmin, delivery_level=DeliveryLevel.MUNICIPAL, region=None, municipality=world.avesta
    )
    workplace = _plan(world, actor=kadmin, delivery_level=DeliveryLevel.WORKPLACE, region=None, unit=world.avesta_home)

    assert (municipal.region, municipal.municipality) == (world.dalarna, world.avesta)
    assert (workplace.municipality, workplace.unit) == (world.avesta, world.avesta_home)
    with pytest.raises(PermissionDenied):
        _plan(world, actor=kadmin, delivery_level=DeliveryLevel.MUNICIPAL, region=None, municipality=world.falun)
    with pytest.raises(PermissionDenied):
        _plan(world, actor=kadmin)  # regional
    with pytest.raises(PermissionDenied):
        _plan(world, actor=world["regional_admin_gavleborg"])


def test_only_system_admins_plan_national_occasions(world):
    national = dict(delivery_level=DeliveryLevel.NATIONAL, region=None)

    with pytest.raises(PermissionDenied):
        _plan(world, **national)
    occasion = _plan(world, actor=world["system_admin"], **national)

    assert occasion.region is None and occasion.delivery_level == DeliveryLevel.NATIONAL


# --- changing -----------------------------------------------------------------------------------------


def test_changing_the_course_days_tells_everyone_signed_up_and_learning(
    world, django_capture_on_commit_callbacks, mailoutbox, heard
):
    occasion = _plan(world, capacity=1)
    booked, waiting = _staff(world, 2)
    for person in (booked, waiting):
        registration_create(actor=world["regional_admin"], occasion=occasion, person=person)
    days = _days_of(occasion)
    days[0]["venue"] = "Folkets hus"
    days[0]["date"] = SOON + datetime.timedelta(days=1)

    with django_capture_on_commit_callbacks(execute=True):
        occasion_save(
            actor=world["regional_admin"], occasion=occasion, **{**_settings(world, capacity=1), "days": days}
        )

    assert sorted(m.to[0] for m in mailoutbox) == ["p0@example.org", "p1@example.org"]
    to_booked = next(m for m in mailoutbox if m.to == ["p0@example.org"])
    assert "Folkets hus" in to_booked.body and to_booked.attachments
    assert not next(m for m in mailoutbox if m.to == ["p1@example.org"]).attachments
    assert {booked.pk, waiting.pk} <= set(heard[-1]["user_ids"])
    assert occasion.days.count() == 2 and occasion.days.first().pk == days[0]["id"]  # the same day, moved


def test_a_change_that_leaves_the_days_alone_tells_nobody(world, django_capture_on_commit_callbacks, mailoutbox):
    occasion = _plan(world)
    [person] = _staff(world, 1)
    registration_create(actor=world["regional_admin"], occasion=occasion, person=person)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        occasion_save(
            actor=world["regional_admin"],
            occasion=occasion,
            **{**_settings(world, notes="Ta med lunch."), "days": _days_of(occasion)},
        )

    assert mailoutbox == []
    occasion.refresh_from_db()
    assert occasion.notes == "Ta med lunch."


def test_more_places_promote_from_the_waitlist_and_fewer_than_booked_are_refused(world):
    occasion = _plan(world, capacity=1)
    first, second, third = _staff(world, 3)
    for person in (first, second, third):
        registration_create(actor=world["regional_admin"], occasion=occasion, person=person)
    settings = {**_settings(world), "days": _days_of(occasion)}

    occasion_save(actor=world["regional_admin"], occasion=occasion, **{**settings, "capacity": 2})

    states = dict(Registration.objects.filter(occasion=occasion).values_list("user__username", "state"))
    assert states == {"p0": "booked", "p1": "booked", "p2": "waitlisted"}
    with pytest.raises(ValidationError) as refused:
        occasion_save(actor=world["regional_admin"], occasion=occasion, **{**settings, "capacity": 1, "notes": "x"})
    assert "capacity" in refused.value.message_dict
    occasion.refresh_from_db()
    assert occasion.capacity == 2 and occasion.notes == "Fika ingår."


def test_a_day_with_attendance_taken_cannot_be_removed(world):
    occasion = _plan(world)
    [person] = _staff(world, 1)
    registration_create(actor=world["regional_admin"], occasion=occasion, person=person)
    first = occasion.days.first()
    attendance_mark(actor=world["regional_admin"], course_day=first, person=person, present=True, today=first.date)
    keep_only_second = _days_of(occasion)[1:]

    with pytest.raises(ValidationError) as refused:
        occasion_save(
            actor=world["regional_admin"], occasion=occasion, **{**_settings(world), "days": keep_only_second}
        )

    assert "days" in refused.value.message_dict
    assert occasion.days.count() == 2


def test_a_day_without_attendance_can_be_removed_and_the_range_follows(world):
    occasion = _plan(world)

    occasion_save(
        actor=world["regional_admin"], occasion=occasion, **{**_settings(world), "days": _days_of(occasion)[:1]}
    )

    occasion.refresh_from_db()
    assert occasion.days.count() == 1 and occasion.last_day == SOON


def test_another_regions_admin_cannot_change_the_occasion(world):
    occasion = _plan(world)

    with pytest.raises(PermissionDenied):
        occasion_save(actor=world["regional_admin_gavleborg"], occasion=occasion, **_settings(world))


# --- copying and cancelling ---------------------------------------------------------------------------


def test_a_copy_moves_every_date_by_the_same_days_and_has_nobody_signed_up(world):
    release = timezone.make_aware(datetime.datetime.combine(SOON - datetime.timedelta(days=14), datetime.time(12)))
    occasion = _plan(
        world,
        target_units=[world.avesta_home],
        quotas=[{"municipality": world.avesta, "seats": 2, "release_at": release}],
    )
    registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff"])
    new_first = SOON + datetime.timedelta(weeks=26)

    copy = occasion_copy(actor=world["regional_admin"], occasion=occasion, first_day=new_first)

    shift = datetime.timedelta(weeks=26)
    assert copy.pk != occasion.pk and copy.status == OccasionStatus.PLANNED and copy.name == occasion.name
    assert [d.date for d in copy.days.all()] == [d.date + shift for d in occasion.days.all()]
    assert [(d.starts, d.venue, d.link) for d in copy.days.all()] == [
        (d.starts, d.venue, d.link) for d in occasion.days.all()
    ]
    assert (copy.first_day, copy.last_day) == (occasion.first_day + shift, occasion.last_day + shift)
    assert copy.cancel_deadline == occasion.cancel_deadline + shift
    local = timezone.localtime
    assert (
        local(copy.registration_opens).replace(tzinfo=None)
        == local(occasion.registration_opens).replace(tzinfo=None) + shift
    )
    assert (
        local(copy.registration_closes).replace(tzinfo=None)
        == local(occasion.registration_closes).replace(tzinfo=None) + shift
    )
    [quota] = copy.quotas.all()
    assert local(quota.release_at).replace(tzinfo=None) == local(release).replace(tzinfo=None) + shift
    assert (quota.municipality, quota.seats) == (world.avesta, 2)
    assert list(copy.target_units.all()) == [world.avesta_home]
    assert not copy.registrations.exists()


def test_cancelling_cancels_every_open_sign_up_not_late_and_tells_them(
    world, django_capture_on_commit_callbacks, mailoutbox, heard
):
    occasion = _plan(world, capacity=1, cancel_deadline=timezone.localdate() - datetime.timedelta(days=1))
    booked, waiting = _staff(world, 2)
    for person in (booked, waiting):
        registration_create(actor=world["regional_admin"], occasion=occasion, person=person)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        occasion_cancel(actor=world["regional_admin"], occasion=occasion, reason="För få anmälda.")

    occasion.refresh_from_db()
    assert (occasion.status, occasion.cancel_reason) == (OccasionStatus.CANCELLED, "För få anmälda.")
    assert set(occasion.registrations.values_list("state", flat=True)) == {RegistrationState.CANCELLED}
    assert set(RegistrationEvent.objects.filter(to_state="cancelled").values_list("reason", flat=True)) == {
        "För få anmälda."
    }
    assert sorted(m.to[0] for m in mailoutbox) == ["p0@example.org", "p1@example.org"]
    assert all("För få anmälda." in m.body for m in mailoutbox)
    assert {booked.pk, waiting.pk} <= set(heard[-1]["user_ids"])


def test_cancelling_twice_or_without_a_reason_is_refused(world):
    occasion = _plan(world)

    with pytest.raises(ValidationError) as no_reason:
        occasion_cancel(actor=world["regional_admin"], occasion=occasion, reason="  ")
    assert "reason" in no_reason.value.message_dict
    occasion_cancel(actor=world["regional_admin"], occasion=occasion, reason="Sjukdom")
    with pytest.raises(ValidationError):
        occasion_cancel(actor=world["regional_admin"], occasion=occasion, reason="Igen")
    with pytest.raises(ValidationError):  # a cancelled occasion is not changed
        occasion_save(actor=world["regional_admin"], occasion=occasion, **_settings(world))


def test_outsiders_cannot_copy_or_cancel(world):
    with pytest.raises(PermissionDenied):
        occasion_copy(actor=world["regional_admin_gavleborg"], occasion=world.occasion, first_day=SOON)
    with pytest.raises(PermissionDenied):
        occasion_cancel(actor=world["municipal_admin"], occasion=world.occasion, reason="Nej")


# --- venues booked twice ------------------------------------------------------------------------------


def test_the_same_venue_at_overlapping_times_is_flagged_ignoring_case_and_spacing(world):
    first = _plan(world, days=[_day(venue="Kulturhuset", address="Slottsgatan 1, Falun")])
    same = _plan(world, days=[_day(starts=15, ends=17, venue=" kulturhuset ", address="Slottsgatan  1 Falun")])
    later = _plan(world, days=[_day(starts=16, ends=18, venue="Kulturhuset", address="Slottsgatan 1, Falun")])
    elsewhere = _plan(world, days=[_day(venue="Folkets hus", address="Slottsgatan 1, Falun")])
    other_date = _plan(
        world, days=[_day(SOON + datetime.timedelta(days=1), venue="Kulturhuset", address="Slottsgatan 1, Falun")]
    )

    clashes = venue_clashes(occasion=first)

    [day] = first.days.all()
    assert [d.occasion_id for d in clashes[day.pk]] == [same.pk]
    assert venue_clashes(occasion=later)[later.days.get().pk][0].occasion_id == same.pk  # 15-17 and 16-18
    assert venue_clashes(occasion=elsewhere) == {} and venue_clashes(occasion=other_date) == {}


def test_a_cancelled_occasion_and_digital_days_do_not_clash(world):
    first = _plan(world, days=[_day(venue="Kulturhuset")])
    cancelled = _plan(world, days=[_day(venue="Kulturhuset")])
    occasion_cancel(actor=world["regional_admin"], occasion=cancelled, reason="Flyttad")
    _plan(world, days=[_day(mode="digital", link="https://meet.example.org/a")])

    assert venue_clashes(occasion=first) == {}


# --- the selectors ------------------------------------------------------------------------------------


def test_the_list_counts_booked_waitlisted_and_requested_and_filters(world):
    occasion = _plan(world, capacity=1, name="Filtrerad")
    for person in _staff(world, 3):
        registration_create(actor=world["regional_admin"], occasion=occasion, person=person)
    actor = world["regional_admin"]

    [row] = occasion_list(actor=actor, search="filtrerad")
    assert (row.booked, row.waitlisted, row.requested) == (1, 2, 0)
    assert occasion not in occasion_list(actor=actor, only_free=True)
    assert world.occasion in occasion_list(actor=actor, only_free=True)
    assert occasion not in occasion_list(actor=actor, date_to=SOON - datetime.timedelta(days=1))
    assert occasion in occasion_list(actor=actor, date_from=SOON, municipality=world.falun)
    assert occasion not in occasion_list(actor=actor, delivery_level=DeliveryLevel.MUNICIPAL)
    assert list(occasion_list(actor=world["regional_admin_gavleborg"])) == []
    rows = occasions_with_days(occasion_list(actor=actor, search="filtrerad"))
    assert rows[0].venues == ["Kulturhuset"] and rows[0].has_digital


def test_the_municipality_filter_keeps_occasions_targeted_elsewhere_out(world):
    only_falun = _plan(world, target_municipalities=[world.falun])

    assert only_falun in occasion_list(actor=world["regional_admin"], municipality=world.falun)
    assert only_falun not in occasion_list(actor=world["regional_admin"], municipality=world.avesta)


def test_the_calendar_groups_the_visible_course_days_of_the_month_by_date(world):
    occasion = _plan(world, capacity=3)
    registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff"])

    cal = calendar_month(actor=world["regional_admin"], year=SOON.year, month=SOON.month)

    [items] = [items for date, items in cal.dates if date == SOON]
    mine = [i for i in items if i.occasion.pk == occasion.pk]
    assert mine[0].places_left == 2 and mine[0].day.venue == "Kulturhuset"
    assert all(date.month == SOON.month for date, _items in cal.dates)
    assert calendar_month(actor=world["regional_admin_gavleborg"], year=SOON.year, month=SOON.month).dates == []


def test_the_participants_come_in_their_groups_with_the_waitlist_in_order(world):
    occasion = _plan(world, capacity=1)
    people = _staff(world, 3)
    for person in people:
        registration_create(actor=world["regional_admin"], occasion=occasion, person=person)

    found = occasion_participants(actor=world["regional_admin"], occasion=occasion)

    assert [r.user for r in found.booked] == people[:1]
    assert [r.user for r in found.waitlisted] == people[1:]


def test_who_browses_the_occasions(world):
    allowed = {name for name in world.people if can_browse(world[name])}

    assert {"manager", "municipal_admin", "trainer", "regional_admin", "system_admin"} <= allowed
    assert "staff" not in allowed
