"""The national data generator, at a tiny scale: the shape is the nation's, the people are few."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F, Sum

from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.catalog.demo_content import JOURNEYS
from yrkesresan.catalog.models import Journey, JourneyEditor
from yrkesresan.demo import national
from yrkesresan.organisations.models import Municipality, Population, Region, Unit

PEOPLE = 1200


@pytest.fixture
def nation(db):
    call_command("generate_national_data", people=PEOPLE, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_nation_has_21_regions_and_290_municipalities_with_their_codes(nation):
    assert Region.objects.count() == 21
    assert Municipality.objects.count() == 290
    for municipality in Municipality.objects.select_related("region"):
        assert len(municipality.scb_code) == 4
        assert municipality.scb_code.startswith(municipality.region.county_code)


def test_populations_for_2023_add_up_to_the_nation_with_a_few_large_cities(nation):
    counts = sorted(Population.objects.filter(year=2023).values_list("count", flat=True), reverse=True)
    assert len(counts) == 290
    assert sum(counts) == national.NATION_POPULATION
    assert counts[0] > 900_000
    assert counts[len(counts) // 2] < 30_000  # a long tail of small municipalities


def test_it_makes_exactly_the_accounts_asked_for_each_with_an_active_role(nation):
    assert User.objects.count() == PEOPLE
    holders = RoleAssignment.objects.active().values("user_id")
    assert not User.objects.exclude(pk__in=holders).exists()


def test_scope_columns_agree_with_the_organisation_tree(nation):
    assert not Unit.objects.exclude(region_id=F("municipality__region_id")).exists()
    assert (
        not RoleAssignment.objects.filter(unit__isnull=False)
        .exclude(municipality_id=F("unit__municipality_id"))
        .exists()
    )
    assert (
        not RoleAssignment.objects.filter(municipality__isnull=False)
        .exclude(region_id=F("municipality__region_id"))
        .exists()
    )


def test_every_place_has_the_roles_the_programme_needs(nation):
    active = RoleAssignment.objects.active()
    assert active.filter(role=Role.SYSTEM_ADMIN).exists()
    for region in Region.objects.all():
        assert active.filter(role=Role.REGIONAL_ADMIN, region=region).count() == 2
        assert active.filter(role=Role.REGIONAL_PROJECT_LEADER, region=region).count() == 1
    with_kadmin = active.filter(role=Role.MUNICIPAL_ADMIN).values("municipality_id")
    assert not Municipality.objects.exclude(pk__in=with_kadmin).exists()
    managed = active.filter(role=Role.MANAGER, unit__isnull=False).values("unit_id")
    assert not Unit.objects.exclude(pk__in=managed).exists()
    staffed = active.filter(role=Role.STAFF).values("unit_id")
    assert not Unit.objects.exclude(pk__in=staffed).exists()
    assert active.filter(role=Role.STAFF).count() > PEOPLE / 3


def test_some_staff_have_an_ended_role_in_their_history_and_some_are_deactivated(db):
    call_command("generate_national_data", people=20_000, stdout=open("/dev/null", "w"))  # noqa: SIM115
    ended = RoleAssignment.objects.filter(valid_to__isnull=False)
    assert ended.exists()
    assert not ended.exclude(role=Role.STAFF).exists()
    assert User.objects.filter(is_active=False).exists()
    assert RoleAssignment.objects.active().filter(role=Role.TRAINER).count() > 300
    assert RoleAssignment.objects.filter(valid_from__gt=F("user__date_joined__date")).exists()
    # One large unit, so that its manager's hub lists 500 staff on a journey.
    from yrkesresan.learning.selectors import staff_progress

    manager = RoleAssignment.objects.active().get(role=Role.MANAGER, unit_id=1).user
    assert staff_progress(actor=manager).count() >= 500
    # Trainers: absences on days held were mostly covered; some coming ones wait for a substitute, who can be found.
    from django.utils import timezone

    from yrkesresan.trainers.models import DayAssignment
    from yrkesresan.trainers.selectors.teams import substitutes_for

    assert DayAssignment.objects.filter(substitute_for__isnull=False, date__lt=timezone.localdate()).exists()
    covered = DayAssignment.objects.filter(substitute_for__isnull=False).values("course_day_id")
    waiting = DayAssignment.objects.filter(absent=True, date__gte=timezone.localdate()).exclude(
        course_day_id__in=covered
    )
    assert waiting.exists()
    absence = waiting.filter(course_day__occasion__delivery_level="regional").select_related("course_day").first()
    assert substitutes_for(course_day=absence.course_day, role=absence.role).candidates


def test_the_five_journeys_exist_with_two_national_editors_each(nation):
    assert set(Journey.objects.values_list("code", flat=True)) == {j["code"] for j in JOURNEYS}
    assert len(JOURNEYS) == 5
    editors = JourneyEditor.objects.values("journey").annotate(n=Sum(1))
    assert sorted(e["n"] for e in editors) == [2] * 5
    editor_ids = JourneyEditor.objects.values("user_id")
    assert RoleAssignment.objects.active().filter(role=Role.NATIONAL_EDITOR, user_id__in=editor_ids).count() == 10


def test_accounts_share_one_password_and_can_be_searched_and_added_to(nation):
    person = User.objects.filter(role_assignments__role=Role.STAFF).first()
    assert person.check_password(national.PASSWORD)
    assert person.search_text == User.make_search_text(
        person.first_name, person.last_name, person.username, person.email
    )
    # The id sequences follow the generated ids, so the next account the pages create gets a free id.
    newcomer = User.objects.create(username="newcomer")
    assert newcomer.pk == PEOPLE + 1


def test_it_refuses_a_database_that_holds_data_unless_reset(transactional_db):
    # Outside a test transaction, as on the command line: PostgreSQL flushes with TRUNCATE.
    call_command("generate_national_data", people=PEOPLE, stdout=open("/dev/null", "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="already holds data"):
        call_command("generate_national_data", people=PEOPLE)
    call_command("generate_national_data", people=PEOPLE, reset=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert User.objects.count() == PEOPLE


def test_too_few_people_for_the_nation_is_refused(db):
    with pytest.raises(CommandError, match="too few"):
        call_command("generate_national_data", people=500)


def test_the_people_lists_read_model_is_what_the_services_would_have_made(nation):
    from yrkesresan.accounts.listing import people_listing_rebuild
    from yrkesresan.accounts.models import PersonPlace

    def snapshot():
        return set(
            PersonPlace.objects.values_list("user_id", "level", "place_id", "is_active", "sort_key", "search_text")
        )

    generated = snapshot()
    assert len(generated) > PEOPLE  # the nation's row for everyone, and one per place
    people_listing_rebuild()
    assert snapshot() == generated


def test_staff_are_on_journeys_at_a_level_of_the_journey(nation):
    from yrkesresan.learning.models import Enrolment

    staff = RoleAssignment.objects.active().filter(role=Role.STAFF).values("user_id").distinct().count()
    enrolled = Enrolment.objects.values("user_id").distinct().count()
    assert 0.8 * staff < enrolled <= staff
    assert not Enrolment.objects.exclude(level__journey_id=F("journey_id")).exists()
    assert Enrolment.objects.count() > enrolled  # some are on two journeys
    assert Enrolment.objects.filter(last_activity_at__isnull=True).exists()


def test_progress_is_what_the_services_would_have_made_of_the_tasks_and_days(nation):
    """A sample of progress rows, recomputed by ``learning.services`` from the tasks done, the bookings and the
    attendance the generator wrote, comes out the same."""
    from yrkesresan.catalog.models import Course
    from yrkesresan.learning.models import CourseProgress, Enrolment, TaskCompletion
    from yrkesresan.learning.services import course_progress_refresh

    fields = ("state", "tasks_done", "mandatory_done", "mandatory_total", "days_attended")
    rows = list(CourseProgress.objects.order_by("id"))
    assert len(rows) > 2 * PEOPLE
    assert {r.state for r in rows} == {"not_started", "ongoing", "completed"}
    assert TaskCompletion.objects.count() > 2 * len(rows)
    assert not CourseProgress.objects.exclude(journey_id=F("course__journey_id")).exists()
    assert not CourseProgress.objects.filter(state="completed", completed_at__isnull=True).exists()
    assert not CourseProgress.objects.filter(state="not_started", started_at__isnull=False).exists()
    courses = {c.pk: c for c in Course.objects.all()}
    for row in rows[:: max(1, len(rows) // 250)]:
        before = tuple(getattr(row, f) for f in fields)
        after = course_progress_refresh(user_id=row.user_id, course=courses[row.course_id])
        assert tuple(getattr(after, f) for f in fields) == before, row
    # An enrolment's last activity is there exactly when something on its journey was started.
    for enrolment in Enrolment.objects.order_by("id")[:300]:
        worked = CourseProgress.objects.filter(
            user_id=enrolment.user_id, journey_id=enrolment.journey_id, started_at__isnull=False
        ).exists()
        assert (enrolment.last_activity_at is not None) == worked, enrolment


def test_courses_with_days_have_occasions_with_days_and_bookings(nation):
    from yrkesresan.learning.models import CourseProgress
    from yrkesresan.occasions.models import CourseDay, Occasion, Registration

    assert Occasion.objects.exists()
    assert not Occasion.objects.exclude(pk__in=CourseDay.objects.values("occasion_id")).exists()
    assert not Occasion.objects.filter(course__kind="web").exists()
    assert Registration.objects.filter(state="booked").exists()
    assert Registration.objects.filter(state="waitlisted").exists()
    booked_ahead = CourseProgress.objects.filter(state="not_started").values("user_id", "course_id")
    assert booked_ahead.exists()
    for row in booked_ahead[:50]:
        assert Registration.objects.filter(
            user_id=row["user_id"], occasion__course_id=row["course_id"], state__in=["booked", "waitlisted"]
        ).exists()


def test_occasions_have_their_day_range_and_the_sign_ups_keep_the_rules_of_the_services(nation):
    """What the services would allow: never more people than places, a waitlist only on a full occasion and
    numbered 1..n, one live sign-up per person, and past outcomes that agree with each day's attendance."""
    from django.db.models import Count, Max, Min

    from yrkesresan.occasions.models import (
        PLACE_STATES,
        CourseDay,
        DayAttendance,
        Occasion,
        Registration,
        RegistrationState,
    )

    spans = {
        row["occasion_id"]: (row["first"], row["last"])
        for row in CourseDay.objects.values("occasion_id").annotate(first=Min("date"), last=Max("date"))
    }
    occasions = list(Occasion.objects.all())
    assert occasions and all((o.first_day, o.last_day) == spans[o.pk] for o in occasions)
    assert any(o.needs_approval for o in occasions) and any(o.cancel_deadline for o in occasions)
    assert any(o.registration_opens and o.registration_closes for o in occasions)
    states = set(Registration.objects.values_list("state", flat=True))
    assert {"booked", "waitlisted", "cancelled", "attended"} <= states
    for occasion in occasions:
        regs = [r for r in occasion.registrations.all()]
        held = sum(r.state in PLACE_STATES for r in regs)
        positions = sorted(r.position for r in regs if r.state == RegistrationState.WAITLISTED)
        assert held <= occasion.capacity, occasion
        assert positions == list(range(1, len(positions) + 1)), occasion
        assert not positions or held == occasion.capacity, occasion
        assert all(r.position is None for r in regs if r.state != RegistrationState.WAITLISTED)
    live = Registration.objects.exclude(state__in=["cancelled", "cancelled_late", "declined"])
    assert not live.values("occasion_id", "user_id").annotate(n=Count("id")).filter(n__gt=1).exists()
    # Outcomes: every day marked, and present on all, some or none of them.
    days = Occasion.objects.annotate(n=Count("days")).values_list("pk", "n")
    day_count = dict(days)
    marks: dict[int, list[bool]] = {}
    for registration_id, present in DayAttendance.objects.values_list("registration_id", "present"):
        marks.setdefault(registration_id, []).append(present)
    for registration in Registration.objects.filter(state__in=["attended", "partly_attended", "no_show"]):
        got = marks.get(registration.pk, [])
        assert len(got) == day_count[registration.occasion_id], registration
        expected = {"attended": all(got), "no_show": not any(got), "partly_attended": any(got) and not all(got)}
        assert expected[registration.state], registration
    assert not DayAttendance.objects.exclude(
        registration__state__in=["attended", "partly_attended", "no_show"]
    ).exists()


# --- the trainer pools (issue 5) --------------------------------------------------------------------------


def test_every_trainer_has_a_profile_in_their_regions_pool_with_two_to_four_courses(nation):
    from yrkesresan.trainers.models import Qualification, TrainerKind, TrainerProfile

    trainers = RoleAssignment.objects.active().filter(role=Role.TRAINER)
    profiles = TrainerProfile.objects.filter(kind=TrainerKind.TRAINER)
    assert profiles.count() == trainers.count() > 0
    assert set(profiles.values_list("user_id", "home_municipality_id", "region_id")) == set(
        trainers.values_list("user_id", "municipality_id", "region_id")
    )
    counts = Qualification.objects.filter(trainer__kind=TrainerKind.TRAINER).values("trainer").annotate(n=Sum(1))
    assert {c["n"] for c in counts} <= {2, 3, 4}
    assert not Qualification.objects.filter(course__kind="web").exists()
    assert set(profiles.values_list("max_days_per_term", flat=True)) <= {2, 3, 4, 6}
    # Discussion leaders are staff of the municipality whose own occasions they lead.
    leaders = TrainerProfile.objects.filter(kind=TrainerKind.DISCUSSION_LEADER)
    assert leaders.exists()
    for leader in leaders[:50]:
        assert (
            RoleAssignment.objects.active()
            .filter(user_id=leader.user_id, role=Role.STAFF, municipality_id=leader.home_municipality_id)
            .exists()
        )


def test_municipalities_have_coordinates_in_sweden_and_regional_days_name_where_they_are(nation):
    from yrkesresan.occasions.models import CourseDay
    from yrkesresan.trainers.selectors.teams import place_of

    for lat, lon in Municipality.objects.values_list("latitude", "longitude"):
        assert 55 <= lat <= 69 and 11 <= lon <= 24.2
    days = CourseDay.objects.filter(occasion__delivery_level="regional", mode="on_site").select_related("occasion")
    assert days.exists()
    for day in days[:30]:
        place = place_of(day, day.occasion)
        assert place is not None and place.region_id == day.occasion.region_id


def test_course_days_are_taught_by_the_rules_of_the_services(nation):
    """What ``day_assign`` and ``substitute_assign`` would allow: one leader and one or two trainers a day, from
    the pool the occasion draws from, qualified, on the team (a substitute aside), free that day, within the
    days a term allowed, lent by their home municipality; and the history of every assignment."""
    from collections import Counter

    from yrkesresan.trainers.models import (
        DayAction,
        DayAssignment,
        DayAssignmentEvent,
        Qualification,
        TeamMember,
        TrainerProfile,
        Unavailability,
        term_of,
    )

    assignments = list(DayAssignment.objects.select_related("course_day__occasion", "trainer").order_by("pk"))
    assert len(assignments) > 100
    qualified = set(Qualification.objects.values_list("trainer_id", "course_id"))
    team = set(TeamMember.objects.values_list("occasion_id", "trainer_id"))
    unavailable: dict[int, list[tuple]] = {}
    for trainer_id, start, end in Unavailability.objects.values_list("trainer_id", "start", "end"):
        unavailable.setdefault(trainer_id, []).append((start, end))
    per_day: dict[int, Counter] = {}
    per_term: Counter = Counter()
    for a in assignments:
        occasion, trainer = a.course_day.occasion, a.trainer
        assert a.date == a.course_day.date and a.lending_municipality_id == trainer.home_municipality_id
        assert (trainer.pk, occasion.course_id) in qualified
        if occasion.delivery_level == "regional":
            assert trainer.kind == "trainer" and trainer.region_id == occasion.region_id
        else:
            assert trainer.kind == "discussion_leader" and trainer.home_municipality_id == occasion.municipality_id
        assert a.substitute_for_id is not None or (occasion.pk, trainer.pk) in team
        assert not any(start <= a.date <= end for start, end in unavailable.get(trainer.pk, []))
        if not a.absent:
            per_day.setdefault(a.course_day_id, Counter())[a.role] += 1
            per_term[(trainer.pk, term_of(a.date))] += 1
    # A day someone is absent from and nobody has taken yet is short of them; every other day is fully taught.
    open_absence = {a.course_day_id for a in assignments if a.absent} - {
        a.course_day_id for a in assignments if a.substitute_for_id
    }
    for course_day_id, count in per_day.items():
        assert count["leader"] <= 1 and count["trainer"] <= 2
        if course_day_id not in open_absence:
            assert count["leader"] == 1 and count["trainer"] >= 1, course_day_id
    allowed = dict(TrainerProfile.objects.values_list("pk", "max_days_per_term"))
    assert all(n <= allowed[trainer_id] for (trainer_id, _term), n in per_term.items())
    # The history: an "assigned" for each; an absence reported; a substitute named both ways.
    events = Counter(DayAssignmentEvent.objects.values_list("action", flat=True))
    substitutes = sum(1 for a in assignments if a.substitute_for_id)
    assert events[DayAction.ASSIGNED] == len(assignments)
    assert events[DayAction.ABSENCE_REPORTED] == sum(1 for a in assignments if a.absent) > 0
    assert events[DayAction.REPLACED] == substitutes  # some at a larger scale (the 20,000 accounts' test)
