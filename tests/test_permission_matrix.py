"""The permission matrix: every URL pattern and API endpoint, asked as every role and outsider,
against objects in the actor's own unit, own municipality, another municipality and another
region. The expectations live in ``tests/matrix_spec.py``; a URL without a row there fails.

One test per probe: the world is built once for it, every actor × target cell is requested,
and every mismatch is reported in one message, each cell named ``<url>-<actor>-<target>``.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from functools import cached_property
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.utils import user_pk_to_url_str
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from yrkesresan.accounts import services as accounts
from yrkesresan.accounts.listing import people_listing_refresh
from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.catalog.models import Audience, ChecklistItem, Course, InfoPage, JourneyEditor, PreparationTask
from yrkesresan.catalog.services import course_save, journey_editor_appoint, task_save
from yrkesresan.core.models import AuditEvent
from yrkesresan.demo.world import PASSWORD, World
from yrkesresan.learning.models import CourseProgress, Enrolment
from yrkesresan.learning.services import course_progress_refresh, enrolment_place
from yrkesresan.occasions.models import (
    ACTIVE_STATES,
    PLACE_STATES,
    CalendarFeed,
    CourseDay,
    DeliveryLevel,
    Occasion,
    Registration,
)
from yrkesresan.occasions.services import calendar_feed_renew, occasion_create, registration_create
from yrkesresan.trainers import services as trainers
from yrkesresan.trainers.models import (
    CallAnswer,
    DayAssignment,
    DayRole,
    MeetingInvitation,
    Qualification,
    TeamMember,
    TeamRole,
    TrainerCall,
    TrainerKind,
    TrainerMeeting,
    TrainerProfile,
    Unavailability,
    term_of,
)
from yrkesresan.trainers.services import qualification_grant, team_member_add, trainer_profile_save

from .matrix_spec import (
    ACTORS,
    ANONYMOUS,
    API_DENIED,
    LOGIN,
    MATRIX,
    PARTICIPANTS,
    PERSON_TARGETS,
    REGISTRATIONS,
    ROLES,
    SUCCESS,
    TAG,
    TARGET_PEOPLE,
    TARGET_UNITS,
    Outcome,
    Probe,
)

DUAL = "visible_not_manageable"


class MatrixWorld:
    """The test world plus what the matrix needs on top: signed-in clients per actor, fresh
    targets for destructive requests, and the person with a staff role in Avesta *and* a
    regional admin role in Dalarna. Everything extra is made on first use, so lists stay exact."""

    def __init__(self, world: World) -> None:
        self.w = world
        self._clients: dict[tuple[str, bool], Client] = {}
        self._fresh: dict[str, User] = {}
        self._tasks: dict[str, PreparationTask] = {}
        self._editor: JourneyEditor | None = None
        self._journeys_ready = False
        self._occasions: dict[str, Occasion] = {}
        self._registrations: dict[str, Registration] = {}
        self._tagged = False
        self._teams_ready = False
        self._trainers_ready = False
        self._trainer_people: dict[str, User] = {}
        self._new_trainer_people: dict[str, User] = {}
        self._members: dict[str, TeamMember] = {}
        self._assignments: dict[str, DayAssignment] = {}
        self._calls: dict[str, TrainerCall] = {}
        self._answers: dict[str, CallAnswer] = {}
        self._meetings: dict[str, TrainerMeeting] = {}
        self._invitations: dict[str, MeetingInvitation] = {}

    @property
    def admin(self) -> User:
        return self.w["system_admin"]

    def obj(self, name: str) -> Any:
        """A world object by its name: a person's key, a World attribute (``avesta_home``), or
        one the matrix makes itself (``web_course``)."""
        if name in self.w.people:
            return self.w.people[name]
        if hasattr(self.w, name):
            return getattr(self.w, name)
        return getattr(self, name)

    # --- people as targets ---------------------------------------------------------------

    @cached_property
    def dual(self) -> User:
        person = accounts.person_create(
            actor=self.admin,
            username="dual_role",
            first_name="Dual",
            last_name="Testsson",
            email="dual_role@example.org",
            role=Role.STAFF,
            place=self.w.avesta_home,
            password=PASSWORD,
        )
        accounts.role_assign(actor=self.admin, person=person, role=Role.REGIONAL_ADMIN, place=self.w.dalarna)
        return person

    def person(self, target: str) -> User:
        """The world's person in ``target`` scope (for reads)."""
        return self.dual if target == DUAL else self.w[TARGET_PEOPLE[target]]

    def fresh_person(self, target: str) -> User:
        """A staff member made for this test in ``target`` scope (for writes)."""
        if target == DUAL:
            return self.dual
        if target not in self._fresh:
            self._fresh[target] = accounts.person_create(
                actor=self.admin,
                username=f"fresh_{target}",
                first_name="Fresh",
                last_name="Testsson",
                email="",
                role=Role.STAFF,
                place=self.obj(TARGET_UNITS[target]),
                password=PASSWORD,
            )
        return self._fresh[target]

    def staff_role(self, target: str) -> RoleAssignment:
        return RoleAssignment.objects.get(user=self.fresh_person(target), role=Role.STAFF)

    def person_staff_role(self, target: str) -> RoleAssignment:
        return RoleAssignment.objects.get(user=self.person(target), role=Role.STAFF)

    def uidb36(self, name: str) -> str:
        return user_pk_to_url_str(self.obj(name))

    # --- catalog -------------------------------------------------------------------------

    def new_task(self, journey: str) -> PreparationTask:
        course = self.w.bou_course if journey == "bou" else self.w.funk_course
        self._tasks[journey] = task_save(
            actor=self.admin, course=course, title="Att ta bort", format="text", minutes=5, body="Text"
        )
        return self._tasks[journey]

    def task_to_delete(self, journey: str) -> PreparationTask:
        return self._tasks[journey]

    def ensure_editor(self) -> None:
        editor = self.w["national_editor"]
        row = JourneyEditor.objects.filter(journey=self.w.bou, user=editor).first()
        self._editor = row or journey_editor_appoint(actor=self.admin, journey=self.w.bou, person=editor)

    def editor_row(self) -> JourneyEditor:
        assert self._editor is not None
        return self._editor

    # --- journeys, as the participants and their managers meet them -----------------------

    @cached_property
    def web_course(self) -> Course:
        """A self-paced web course on Funk utförare BAS, a journey none of the actors is on."""
        return course_save(
            actor=self.admin,
            journey=self.w.funk,
            level=self.w.funk_bas,
            code="webbkurs",
            title="Webbkurs om bemötande",
            kind="web",
            checklist="Fördjupa dig",
        )

    @cached_property
    def web_task(self) -> PreparationTask:
        return task_save(
            actor=self.admin, course=self.web_course, title="Titta på filmen", format="text", minutes=10, body="Text"
        )

    def checklist_item(self, course_name: str) -> ChecklistItem:
        """An after-course item of the course (the world gives only BoU's course one)."""
        course = self.obj(course_name)
        return course.checklist.order_by("order", "id").first() or ChecklistItem.objects.create(
            course=course, text="Fördjupa dig", order=1
        )

    def enrolment(self, target: str) -> Enrolment:
        """The journey of the person in ``target`` scope: the world's, or one made here for the
        people the world puts on none (staff_gavle on Funk utförare, the dual-role person on BoU)."""
        person = self.person(target)
        row = Enrolment.objects.filter(user=person).order_by("id").first()
        if row is None:
            journey, level = (self.w.funk, self.w.funk_bas) if target == "other_region" else (self.w.bou, self.w.bou_ny)
            row = enrolment_place(actor=self.admin, person=person, journey=journey, level=level, notify=False)
        return row

    def progress(self, target: str) -> CourseProgress:
        """The progress row of the person in ``target`` scope on the first course of their journey."""
        enrolment = self.enrolment(target)
        course = self.w.bou_course if enrolment.journey_id == self.w.bou.pk else self.w.funk_course
        return course_progress_refresh(user_id=enrolment.user_id, course=course)

    def ensure_journeys(self) -> None:
        """Every target person is on a journey and has a progress row, so lists show every scope."""
        if not self._journeys_ready:
            for target in PERSON_TARGETS:
                self.progress(target)
            self._journeys_ready = True

    def info_page(self, audience: str) -> InfoPage:
        page, _created = InfoPage.objects.get_or_create(
            slug=f"matrix-{audience}",
            defaults={"audience": Audience(audience), "title": f"För {audience}", "body": "Text"},
        )
        return page

    # --- course occasions and sign-ups -------------------------------------------------------

    def occasion_in(self, place: str) -> Occasion:
        """The world's Dalarna occasion, or one made here in Gävleborg, nationally or for the
        municipality of Avesta (one place each, so that repeated sign-ups meet both a free place
        and the waitlist)."""
        if place == "dalarna":
            return self.w.occasion
        if place not in self._occasions:
            date = timezone.localdate() + datetime.timedelta(days=30)
            day = {"date": date, "starts": datetime.time(9), "ends": datetime.time(16), "venue": "Kommunhuset"}
            if place == "national":  # only system admins plan national occasions: one is made directly
                occasion = Occasion.objects.create(
                    course=self.w.bou_course,
                    delivery_level=DeliveryLevel.NATIONAL,
                    capacity=1,
                    name="Nationell",
                    first_day=date,
                    last_day=date,
                )
                CourseDay.objects.create(occasion=occasion, **day)
            elif place == "avesta":  # a municipal occasion: Avesta's k-admin plans it too
                occasion = occasion_create(
                    actor=self.admin,
                    course=self.w.bou_course,
                    region=None,
                    delivery_level=DeliveryLevel.MUNICIPAL,
                    municipality=self.w.avesta,
                    capacity=1,
                    name="Avesta",
                    days=[day],
                )
            else:
                occasion = occasion_create(
                    actor=self.admin, course=self.w.bou_course, region=self.obj(place), capacity=1, days=[day]
                )
            self._occasions[place] = occasion
        return self._occasions[place]

    def participant(self, place: str, target: str) -> Registration:
        """The booking of the person in ``target`` scope on the occasion in ``place`` (written
        directly where the world has none: the pages read it, they do not make it)."""
        occasion, person = self.occasion_in(place), self.person(target)
        row = Registration.objects.filter(occasion=occasion, user=person, state__in=PLACE_STATES).first()
        return row or Registration.objects.create(occasion=occasion, user=person, state="booked")

    def ensure_teams(self) -> None:
        """The world's trainer (Avesta) in Dalarna's pool, qualified for BoU's course and on the Dalarna
        occasion's team: they teach that occasion and no other."""
        if self._teams_ready:
            return
        profile = trainer_profile_save(actor=self.admin, person=self.w["trainer"], home_municipality=self.w.avesta)
        qualification_grant(actor=self.admin, trainer=profile, course=self.w.bou_course)
        team_member_add(actor=self.admin, occasion=self.w.occasion, trainer=profile, role=TeamRole.TRAINER)
        self._teams_ready = True

    def ensure_participants(self) -> None:
        self.ensure_teams()
        for place, targets in PARTICIPANTS.items():
            for target in targets:
                self.participant(place, target)
        self.tag_names()

    def tag_names(self) -> None:
        """Give every person a last name that says who they are (``Taggad<id>``): the occasion pages
        list people by name, and the world's staff are all called "Staff Testsson"."""
        if self._tagged:
            return
        people = [*self.w.people.values(), *([self.dual] if "dual" in self.__dict__ else [])]
        for person in people:
            User.objects.filter(pk=person.pk).update(last_name=f"{TAG}{person.pk}")
        people_listing_refresh(user_ids=[p.pk for p in people])
        self._tagged = True

    def attendance_day(self, place: str) -> CourseDay:
        """The first course day of the occasion in ``place``, moved to today: attendance is taken
        from the course day itself."""
        occasion = self.occasion_in(place)
        day = occasion.days.order_by("date", "id").first()
        assert day is not None
        today = timezone.localdate()
        if day.date != today:
            CourseDay.objects.filter(pk=day.pk).update(date=today)
            dates = list(occasion.days.values_list("date", flat=True))
            Occasion.objects.filter(pk=occasion.pk).update(first_day=min(dates), last_day=max(dates))
            day.date = today
        return day

    def feed_token(self, which: str) -> str:
        """The calendar address of the staff member (``valid``), or a made-up one."""
        if which != "valid":
            return "okand-adress-0000"
        feed = CalendarFeed.objects.filter(user=self.w["staff"]).first()
        return (feed or calendar_feed_renew(actor=self.w["staff"])).token

    def registration(self, target: str) -> Registration:
        """The registration of the target's person on the target's occasion: the world's, or one
        made here on first use; the same row thereafter, whatever its state. The person of Gävleborg
        on the Dalarna occasion is outside its target group (they moved after signing up, say), so
        that one is written directly."""
        if target not in self._registrations:
            person_target, place = REGISTRATIONS[target]
            person, occasion = self.person(person_target), self.occasion_in(place)
            row = Registration.objects.filter(occasion=occasion, user=person, state__in=ACTIVE_STATES).first()
            if row is None and target == "other_region_on_dalarna":
                row = Registration.objects.create(occasion=occasion, user=person, state="booked")
            elif row is None:
                row = registration_create(actor=self.admin, occasion=occasion, person=person)
            self._registrations[target] = row
        return self._registrations[target]

    # --- trainer teams (issue 5) ------------------------------------------------------------

    #: The trainer targets besides the world's trainer (``own``): (where their roles are, their role
    #: there, their pool's home municipality, kind). ``staff_trainer`` is a trainer of Avesta who works in
    #: Avesta hemtjänst (the manager's staff); ``leader``/``leader2`` discussion leaders of Avesta (working
    #: in Avesta boende); ``falun`` a trainer of Falun; ``gavle``/``gavle2`` trainers of Gävle.
    TRAINER_PEOPLE = {
        "staff_trainer": ("avesta_home", Role.STAFF, "avesta", TrainerKind.TRAINER),
        "falun": ("falun", Role.TRAINER, "falun", TrainerKind.TRAINER),
        "gavle": ("gavle", Role.TRAINER, "gavle", TrainerKind.TRAINER),
        "gavle2": ("gavle", Role.TRAINER, "gavle", TrainerKind.TRAINER),
        "leader": ("avesta_boende", Role.STAFF, "avesta", TrainerKind.DISCUSSION_LEADER),
        "leader2": ("avesta_boende", Role.STAFF, "avesta", TrainerKind.DISCUSSION_LEADER),
    }
    #: The occasion each base team member (and course day assignment) is on, their role on the team, and
    #: on which course day (0: the first, 1: the second) they teach in which role.
    TEAM = {
        "own": ("dalarna", TeamRole.TRAINER, 0, DayRole.TRAINER),
        "falun": ("dalarna", TeamRole.LEADER, 0, DayRole.LEADER),
        "staff_trainer": ("dalarna", TeamRole.RESERVE, 1, DayRole.TRAINER),
        "leader": ("avesta", TeamRole.LEADER, 0, DayRole.LEADER),
        "gavle": ("gavleborg", TeamRole.TRAINER, 0, DayRole.TRAINER),
    }
    #: The spare trainer of each place: in the pool, qualified, on no team (until a probe puts them there).
    SPARES = {"dalarna": "staff_trainer", "avesta": "leader2", "gavleborg": "gavle2"}
    #: Calls for a course and a term (BoU's course) in each region, and who answered yes to which.
    ANSWERS = {"own": "dalarna", "staff_trainer": "dalarna", "falun": "dalarna", "gavle": "gavleborg"}
    #: Trainer meetings (a region's, and Avesta's for its discussion leaders) and who is invited to which.
    INVITATIONS = {"own": "dalarna", "falun": "dalarna", "leader": "avesta", "gavle": "gavleborg"}

    def _tag(self, people: list[User]) -> None:
        for person in people:
            User.objects.filter(pk=person.pk).update(last_name=f"{TAG}{person.pk}")
        people_listing_refresh(user_ids=[p.pk for p in people])

    def _trainer_person(self, key: str) -> User:
        if key not in self._trainer_people:
            place, role, _home, _kind = self.TRAINER_PEOPLE[key]
            person = accounts.person_create(
                actor=self.admin,
                username=f"matrix_{key}",
                first_name=key.title(),
                last_name="Testsson",
                role=role,
                place=self.obj(place),
                password=PASSWORD,
                notify=False,
            )
            if key == "staff_trainer":
                accounts.role_assign(actor=self.admin, person=person, role=Role.TRAINER, place=self.w.avesta)
            self._trainer_people[key] = person
        return self._trainer_people[key]

    def trainer_person(self, key: str) -> User:
        self.ensure_trainers()
        return self.w["trainer"] if key == "own" else self._trainer_people[key]

    def ensure_trainers(self) -> None:
        """The trainer pools, teams, course days, calls and meetings the trainers probes ask about."""
        if self._trainers_ready:
            return
        self._trainers_ready = True
        self.ensure_teams()
        admin, course = self.admin, self.w.bou_course
        for key, (_place, _role, home, kind) in self.TRAINER_PEOPLE.items():
            person = self._trainer_person(key)
            profile = trainer_profile_save(actor=admin, person=person, home_municipality=self.obj(home), kind=kind)
            qualification_grant(actor=admin, trainer=profile, course=course)
        self._tag(list(self._trainer_people.values()))
        for key, (place, team_role, day, day_role) in self.TEAM.items():
            profile = self.profile(key)
            occasion = self.occasion_in(place)
            member = TeamMember.objects.filter(occasion=occasion, trainer=profile).first()
            self._members[key] = member or team_member_add(
                actor=admin, occasion=occasion, trainer=profile, role=team_role
            )
            self._assignments[key] = trainers.day_assign(
                actor=admin, course_day=self.course_day(place, day), trainer=profile, role=day_role
            )
        answer_by = timezone.localdate() + datetime.timedelta(days=14)
        year, term = term_of(timezone.localdate() + datetime.timedelta(days=30))
        for region in ("dalarna", "gavleborg"):
            self._calls[region] = trainers.call_open(
                actor=admin,
                needed=2,
                answer_by=answer_by,
                region=self.obj(region),
                course=course,
                year=year,
                term=term,
                manager_approval=True,
            )
        for key, region in self.ANSWERS.items():
            self._answers[key] = trainers.call_answer(
                actor=self.trainer_person(key), call=self._calls[region], answer="yes"
            )
        date = timezone.localdate() + datetime.timedelta(days=20)
        for place in ("dalarna", "avesta", "gavleborg"):
            where: dict[str, Any] = (
                {"municipality": self.w.avesta} if place == "avesta" else {"region": self.obj(place)}
            )
            self._meetings[place] = trainers.meeting_save(
                actor=admin,
                title=f"Utbildarträff {place}",
                date=date,
                starts=datetime.time(13),
                ends=datetime.time(15),
                venue="Kommunhuset",
                **where,
            )
        for key, place in self.INVITATIONS.items():
            (invitation,) = trainers.meeting_invite(
                actor=admin, meeting=self._meetings[place], trainers=[self.profile(key)]
            )
            self._invitations[key] = invitation

    def profile(self, key: str) -> TrainerProfile:
        self.ensure_trainers()
        person = self.w["trainer"] if key == "own" else self._trainer_person(key)
        return TrainerProfile.objects.get(user=person)

    def course_day(self, place: str, index: int = 0) -> CourseDay:
        return list(self.occasion_in(place).days.order_by("date", "id"))[index]

    def team_member(self, key: str) -> TeamMember:
        self.ensure_trainers()
        return self._members[key]

    def day_assignment(self, key: str) -> DayAssignment:
        self.ensure_trainers()
        return DayAssignment.objects.get(pk=self._assignments[key].pk)

    def spare(self, place: str) -> TrainerProfile:
        self.ensure_trainers()
        return self.profile(self.SPARES[place])

    def spare_member(self, place: str) -> TeamMember:
        """The spare trainer of ``place`` on its occasion's team as a reserve (written directly, again
        after a probe took them off)."""
        occasion, profile = self.occasion_in(place), self.spare(place)
        member, _created = TeamMember.objects.get_or_create(
            occasion=occasion, trainer=profile, defaults={"role": TeamRole.RESERVE}
        )
        return member

    def spare_off_team(self, place: str) -> None:
        profile = self.spare(place)
        DayAssignment.objects.filter(trainer=profile, course_day=self.course_day(place)).delete()
        TeamMember.objects.filter(occasion=self.occasion_in(place), trainer=profile).delete()

    def spare_assignment(self, place: str) -> DayAssignment:
        """The spare (a reserve of the team) training the first course day of ``place``'s occasion."""
        member, day = self.spare_member(place), self.course_day(place)
        found = DayAssignment.objects.filter(trainer_id=member.trainer_id, course_day=day, absent=False).first()
        return found or DayAssignment.objects.create(
            course_day=day,
            trainer_id=member.trainer_id,
            role=DayRole.TRAINER,
            date=day.date,
            lending_municipality_id=member.trainer.home_municipality_id,
            by=self.admin,
        )

    def spare_unassigned(self, place: str) -> None:
        self.spare_member(place)
        DayAssignment.objects.filter(trainer=self.spare(place), course_day=self.course_day(place)).delete()

    def new_trainer_person(self, target: str) -> User:
        """A person not yet in any pool: a trainer of Avesta or of Gävle, or staff of Avesta boende (to
        become a discussion leader)."""
        if target not in self._new_trainer_people:
            options: dict[str, tuple[str, Any]] = {
                "avesta": (Role.TRAINER, self.w.avesta),
                "gavle": (Role.TRAINER, self.w.gavle),
                "leader": (Role.STAFF, self.w.avesta_boende),
            }
            role, place = options[target]
            self._new_trainer_people[target] = accounts.person_create(
                actor=self.admin,
                username=f"matrix_new_{target}",
                first_name="Ny",
                last_name="Testsson",
                role=role,
                place=place,
                password=PASSWORD,
                notify=False,
            )
        return self._new_trainer_people[target]

    def qualification(self, key: str, course: str = "bou_course") -> Qualification:
        qualification, _created = Qualification.objects.get_or_create(
            trainer=self.profile(key), course=self.obj(course), defaults={"since": timezone.localdate()}
        )
        return qualification

    def unavailability(self, key: str) -> Unavailability:
        """A period far ahead when the trainer cannot teach (written directly, again after a removal)."""
        start = timezone.localdate() + datetime.timedelta(days=300)
        found = Unavailability.objects.filter(trainer=self.profile(key), reason="matrix").first()
        return found or Unavailability.objects.create(
            trainer=self.profile(key), start=start, end=start + datetime.timedelta(days=2), reason="matrix"
        )

    def trainer_call(self, region: str) -> TrainerCall:
        self.ensure_trainers()
        return TrainerCall.objects.get(pk=self._calls[region].pk)

    def call_answer(self, key: str) -> CallAnswer:
        self.ensure_trainers()
        return CallAnswer.objects.get(pk=self._answers[key].pk)

    def meeting(self, place: str) -> TrainerMeeting:
        self.ensure_trainers()
        return TrainerMeeting.objects.get(pk=self._meetings[place].pk)

    def invitation(self, key: str) -> MeetingInvitation:
        self.ensure_trainers()
        return MeetingInvitation.objects.get(pk=self._invitations[key].pk)

    # --- the rest ------------------------------------------------------------------------

    def audit_event_in(self, region: str) -> AuditEvent:
        return AuditEvent.objects.filter(region_id=self.obj(region).pk).order_by("id").first()

    def forget_token(self, actor: str) -> None:
        if actor != ANONYMOUS:
            Token.objects.filter(user=self.w[actor]).delete()

    def has_token(self, actor: str) -> bool:
        return actor != ANONYMOUS and Token.objects.filter(user=self.w[actor]).exists()

    def client(self, actor: str, *, api: bool) -> Client:
        """Pages sign in with a session; the API authenticates with the actor's own token."""
        key = (actor, api)
        if key not in self._clients:
            client: Client = APIClient() if api else Client()
            if actor != ANONYMOUS:
                if api:
                    token, _created = Token.objects.get_or_create(user=self.w[actor])
                    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
                else:
                    client.force_login(self.w[actor])
            self._clients[key] = client
        return self._clients[key]


@pytest.fixture
def ctx(world: World) -> MatrixWorld:
    return MatrixWorld(world)


# --- one cell ----------------------------------------------------------------------------


def _describe(outcome: Outcome) -> str:
    if outcome == LOGIN:
        return "302 to the login page"
    if outcome == API_DENIED:
        return "401 or 403"
    return str(outcome)


def _status_matches(response: Any, expected: Outcome, url: str) -> bool:
    if expected == LOGIN:
        if response.status_code != 302:
            return False
        location = urlsplit(response["Location"])
        return location.path == reverse("account_login") and parse_qs(location.query).get("next") == [url]
    if expected == API_DENIED:
        return response.status_code in (401, 403)
    return response.status_code == expected


def _returned_ids(response: Any) -> set[int]:
    body = response.json()
    if isinstance(body, dict) and "results" in body:
        body = body["results"]
    if isinstance(body, dict):
        body = [body]
    return {row["id"] for row in body}


def _listed_ids(response: Any, actor_pk: int | None) -> set[int]:
    """The people a page or export lists: the person links of an HTML page, the usernames
    (third column) of a CSV export, and anyone but the actor whose tagged name it shows
    (``MatrixWorld.tag_names``; one's own name may show on any page)."""
    content = response.content.decode("utf-8-sig")
    found = {int(pk) for pk in re.findall(rf"{TAG}(\d+)", content)} - {actor_pk}
    if response["Content-Type"].startswith("text/csv"):
        usernames = [row[2] for row in list(csv.reader(io.StringIO(content), delimiter=";"))[1:] if len(row) > 2]
        return found | set(User.objects.filter(username__in=usernames).values_list("pk", flat=True))
    prefix = re.escape(reverse("person_detail", args=[0]).rsplit("0/", 1)[0])
    return found | {int(pk) for pk in re.findall(rf'href="{prefix}(\d+)/', content)}


def _others_emails(ctx: MatrixWorld, actor: str) -> list[str]:
    return [p.email for key, p in ctx.w.people.items() if key != actor and p.email]


def _check_cell(probe: Probe, ctx: MatrixWorld, actor: str, target: str) -> list[str]:
    expected = probe.expect(actor, target)
    if probe.reset:
        probe.reset(ctx, actor, target)
    url = probe.url(ctx, target)
    data = probe.data(ctx, actor, target) if probe.data else {}
    client = ctx.client(actor, api=probe.api)
    request_url = f"{url}?page_size=200" if probe.rows else url
    if probe.api and probe.method != "get":
        response = getattr(client, probe.method)(request_url, data, format="json")
    else:
        response = getattr(client, probe.method)(request_url, data)

    problems = []
    if not _status_matches(response, expected, url):
        where = f" to {response['Location']}" if response.has_header("Location") else ""
        problems.append(f"expected {_describe(expected)}, got {response.status_code}{where}")
    if probe.done:
        should = probe.writes(actor, target) if probe.writes else expected in SUCCESS
        happened = probe.done(ctx, actor, target)
        if happened != should:
            problems.append("the change was made" if happened else "the change was not made")
    if probe.rows and response.status_code == 200:
        returned, wanted = _returned_ids(response), probe.rows(ctx, actor)
        if returned != wanted:
            problems.append(
                f"rows: unexpected ids {sorted(returned - wanted)}, missing ids {sorted(wanted - returned)}"
            )
    if probe.listed and response.status_code == 200:
        actor_pk = None if actor == ANONYMOUS else ctx.obj(actor).pk
        shown, wanted = _listed_ids(response, actor_pk), probe.listed(ctx, actor, target) - {actor_pk}
        if shown != wanted:
            names = dict(User.objects.filter(pk__in=shown ^ wanted).values_list("pk", "username"))
            problems.append(
                f"lists: unexpected {sorted(names[pk] for pk in shown - wanted)}, "
                f"missing {sorted(names[pk] for pk in wanted - shown)}"
            )
    if probe.private and response.status_code == 200:
        content = response.content.decode()
        leaked = [e for e in _others_emails(ctx, actor) if re.search(rf"(?<![\w.+-]){re.escape(e)}", content)]
        if leaked:
            problems.append(f"shows other people's data: {leaked}")
    return problems


# --- the matrix --------------------------------------------------------------------------


@pytest.mark.parametrize("probe", MATRIX, ids=[p.id for p in MATRIX])
def test_permission_matrix(probe: Probe, ctx: MatrixWorld) -> None:
    failures = []
    for actor in ACTORS:
        for target in probe.targets:
            cell = "-".join(part for part in (probe.id, actor, target) if part != "-")
            failures += [f"{cell}: {problem}" for problem in _check_cell(probe, ctx, actor, target)]
    assert not failures, f"{probe.why}\n" + "\n".join(failures)


# --- completeness ------------------------------------------------------------------------


def _routed(resolver: URLResolver | None = None, prefix: str = "", namespace: str = "") -> dict[str, str]:
    """Every URL pattern's name (``namespace:name``), or its route when it has none. Patterns that
    differ only by DRF's format suffix share a name, so they fall into one row."""
    resolver = resolver or get_resolver()
    found: dict[str, str] = {}
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace or "") if n)
            found.update(_routed(pattern, route, inner))
        elif isinstance(pattern, URLPattern):
            key = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name or route
            found.setdefault(key, route)
    return found


def test_every_url_has_a_row_in_the_matrix() -> None:
    rows = {probe.name for probe in MATRIX}
    missing = {name: route for name, route in _routed().items() if name not in rows}
    assert not missing, "URLs without a row in the permission matrix (add one to tests/matrix_spec.py):\n" + "\n".join(
        f"  {name}  ({route})" for name, route in sorted(missing.items())
    )


def test_every_row_of_the_matrix_names_a_url() -> None:
    stale = sorted({probe.name for probe in MATRIX} - set(_routed()))
    assert not stale, f"Rows of the permission matrix for URLs that no longer exist: {stale}"


def test_the_matrix_has_a_column_for_every_role() -> None:
    assert set(ROLES) == set(Role.values)
