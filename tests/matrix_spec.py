"""The permission matrix as designed: who may reach which URL and API endpoint, at which scope.

This is a specification, written from the product's access design (DOMAIN.md, STYLE.md "Access
in one place"), not from what the code happens to answer. ``test_permission_matrix`` requests
every row as every actor and compares.

Actors: ``anonymous``, one person per role in the Avesta/Dalarna corner of the test world
(``yrkesresan.demo.world``), and two outsiders, the k-admin of Falun (another municipality) and
the regional admin of Gävleborg (another region).

Targets by scope, relative to the Avesta actors:

    own                     a staff member in avesta_home (the manager's own unit)
    same_municipality       a staff member in avesta_boende (Avesta, another unit)
    other_municipality      a staff member in falun_home (Dalarna, another municipality)
    other_region            a staff member in gavle_home (Gävleborg)
    visible_not_manageable  staff in avesta_home *and* regional admin in Dalarna: the Avesta
                            k-admin and the manager see this person but may not change them

Outcomes: an HTTP status, or ``LOGIN`` (a page asked for anonymously redirects to
``/konto/login/?next=<the page>``), or ``API_DENIED`` (the API answers an anonymous call
with 401 or 403). A lookup outside the actor's scope is 404, indistinguishable from a
missing object; a visible object with a forbidden action is 403.

Each ``Probe`` is one request shape for one URL name; a URL may have several (GET and POST,
or the same page on another journey). Every URL the project routes must have at least one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from yrkesresan.accounts.listing import people_listing_refresh
from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.catalog.models import JourneyEditor, PreparationTask
from yrkesresan.core.models import AccessibilityReport, AuditEvent
from yrkesresan.demo.world import ROLES as WORLD_ROLES
from yrkesresan.learning.models import ChecklistTick, CourseProgress, Enrolment, SupportFlag, TaskCompletion
from yrkesresan.occasions.models import (
    ACTIVE_STATES,
    CalendarFeed,
    DayAttendance,
    Occasion,
    OccasionStatus,
    Registration,
    RegistrationState,
)
from yrkesresan.organisations.models import Unit

# --- actors ------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
ROLES = tuple(WORLD_ROLES)
OUTSIDERS = ("municipal_admin_falun", "regional_admin_gavleborg")
SIGNED_IN = (*ROLES, *OUTSIDERS)
ACTORS = (ANONYMOUS, *SIGNED_IN)

# --- outcomes ----------------------------------------------------------------------------

LOGIN = "login"  # 302 to /konto/login/?next=<the requested path>
API_DENIED = "api_denied"  # 401 or 403 from DRF
SUCCESS = frozenset({200, 201, 302})

Outcome = int | str
Expect = Callable[[str, str], Outcome]  # (actor, target) -> outcome

# --- who does what -----------------------------------------------------------------------

REGIONAL = ("regional_admin", "regional_project_leader")
#: People administrators: they list, export and create people (in their own scope).
PEOPLE_ADMINS = frozenset({"system_admin", *REGIONAL, "municipal_admin", "manager", *OUTSIDERS})
#: They see the organisation pages (managers see their own units there).
ORG_VIEWERS = PEOPLE_ADMINS
#: They read the audit trail (of their region; the system admin all of it).
AUDIT_VIEWERS = frozenset({"system_admin", *REGIONAL, "regional_admin_gavleborg"})
#: Journeys each actor edits: national editors their own journey, system admins all.
JOURNEYS_EDITED = {"system_admin": {"bou", "funk"}, "national_editor": {"bou"}}
#: Only system admins appoint and remove national editors.
EDITOR_APPOINTERS = frozenset({"system_admin"})

# --- the organisation tree each actor sees, and where they manage units -------------------

REGIONS_SEEN = {
    "system_admin": {"dalarna", "gavleborg"},
    "regional_admin": {"dalarna"},
    "regional_project_leader": {"dalarna"},
    "regional_admin_gavleborg": {"gavleborg"},
}
MUNICIPALITIES_SEEN = {
    "system_admin": {"avesta", "falun", "gavle"},
    "regional_admin": {"avesta", "falun"},
    "regional_project_leader": {"avesta", "falun"},
    "municipal_admin": {"avesta"},
    "municipal_admin_falun": {"falun"},
    "regional_admin_gavleborg": {"gavle"},
}
UNITS_MANAGED = {
    "system_admin": {"avesta_home", "avesta_boende", "falun_home", "gavle_home"},
    "regional_admin": {"avesta_home", "avesta_boende", "falun_home"},
    "regional_project_leader": {"avesta_home", "avesta_boende", "falun_home"},
    "municipal_admin": {"avesta_home", "avesta_boende"},
    "municipal_admin_falun": {"falun_home"},
    "regional_admin_gavleborg": {"gavle_home"},
}
#: A manager sees the unit they lead, but units are managed by k-admins and up.
UNITS_SEEN = {**UNITS_MANAGED, "manager": {"avesta_home"}}

# --- people each actor reaches ------------------------------------------------------------

PERSON_TARGETS = ("own", "same_municipality", "other_municipality", "other_region", "visible_not_manageable")
#: The world's person for each scope (the dual-role person is made by the test).
TARGET_PEOPLE = {
    "own": "staff",
    "same_municipality": "staff_boende",
    "other_municipality": "staff_falun",
    "other_region": "staff_gavle",
}
#: Where a fresh target for a destructive request works.
TARGET_UNITS = {
    "own": "avesta_home",
    "same_municipality": "avesta_boende",
    "other_municipality": "falun_home",
    "other_region": "gavle_home",
    "visible_not_manageable": "avesta_home",
}
PEOPLE_SEEN = {
    "system_admin": set(PERSON_TARGETS),
    "regional_admin": {"own", "same_municipality", "other_municipality", "visible_not_manageable"},
    "regional_project_leader": {"own", "same_municipality", "other_municipality", "visible_not_manageable"},
    "municipal_admin": {"own", "same_municipality", "visible_not_manageable"},
    "manager": {"own", "visible_not_manageable"},
    "municipal_admin_falun": {"other_municipality"},
    "regional_admin_gavleborg": {"other_region"},
}
#: A person is managed by whoever could have given them every role they hold.
PEOPLE_MANAGED = {
    **PEOPLE_SEEN,
    "municipal_admin": {"own", "same_municipality"},
    "manager": {"own"},
}

_DALARNA_PEOPLE = {
    "staff",
    "manager",
    "municipal_admin",
    "trainer",
    "regional_project_leader",
    "regional_admin",
    "staff_boende",
    "staff_falun",
    "municipal_admin_falun",
}
#: The world's people each actor finds in the people list (everyone with a role in their scope).
PEOPLE_LISTED = {
    "system_admin": {
        *_DALARNA_PEOPLE,
        "system_admin",
        "national_editor",
        "staff_gavle",
        "regional_admin_gavleborg",
    },
    "regional_admin": _DALARNA_PEOPLE,
    "regional_project_leader": _DALARNA_PEOPLE,
    "municipal_admin": {"staff", "manager", "municipal_admin", "trainer", "staff_boende"},
    "manager": {"staff", "manager"},
    "municipal_admin_falun": {"staff_falun", "municipal_admin_falun"},
    "regional_admin_gavleborg": {"staff_gavle", "regional_admin_gavleborg"},
}

# --- expectation builders -----------------------------------------------------------------


def _get(table: dict[str, Any], actor: str) -> Any:
    return table.get(actor, ())


def page(allowed: frozenset[str] | tuple[str, ...], ok: Outcome = 200, denied: Outcome = 403) -> Expect:
    """A page behind sign-in: ``ok`` for ``allowed``, ``denied`` for the other signed-in actors."""
    return lambda actor, target: LOGIN if actor == ANONYMOUS else (ok if actor in allowed else denied)


def api(allowed: frozenset[str] | tuple[str, ...], ok: Outcome = 200, denied: Outcome = 403) -> Expect:
    """An API endpoint: like ``page``, but anonymous calls are refused rather than redirected."""
    return lambda actor, target: API_DENIED if actor == ANONYMOUS else (ok if actor in allowed else denied)


def public(ok: Outcome = 200) -> Expect:
    return lambda actor, target: ok


def scoped(
    seen: dict[str, Any], managed: dict[str, Any] | None = None, ok: Outcome = 200, anonymous: Outcome = LOGIN
) -> Expect:
    """By id: ``ok`` where the actor may act on the target, 403 where they only see it, 404 elsewhere."""
    managed = seen if managed is None else managed

    def expect(actor: str, target: str) -> Outcome:
        if actor == ANONYMOUS:
            return anonymous
        if target in _get(managed, actor):
            return ok
        return 403 if target in _get(seen, actor) else 404

    return expect


def edits(ok: Outcome = 200) -> Expect:
    """Catalog editing: the target is a journey code; only its editors (and system admins) edit it."""
    return lambda actor, target: (
        LOGIN if actor == ANONYMOUS else (ok if target in _get(JOURNEYS_EDITED, actor) else 403)
    )


def split(anonymous: Outcome, signed_in: Outcome) -> Expect:
    """One outcome for anonymous visitors, another for everyone signed in."""
    return lambda actor, target: anonymous if actor == ANONYMOUS else signed_in


# --- probes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """One request shape for one URL name, asked as every actor against every target.

    ``url(ctx, target)`` builds the path; ``data(ctx, actor, target)`` the body. For writes,
    ``reset(ctx, actor, target)`` restores the target before each cell and ``done(ctx, actor,
    target)`` tells whether the write happened: it must have happened exactly when the outcome
    is a success (``writes(actor, target)``, by default ``expect(...) in SUCCESS``). For API
    lists, ``rows(ctx, actor)`` is the set of ids the actor must get back, exactly; for pages and
    exports that list people, ``listed(ctx, actor, target)`` is the set of people (ids) they must show,
    exactly (the actor themselves aside).
    """

    name: str
    why: str
    url: Callable[[Any, str], str]
    expect: Expect
    targets: tuple[str, ...] = ("-",)
    method: str = "get"
    api: bool = False
    data: Callable[[Any, str, str], dict[str, Any]] | None = None
    reset: Callable[[Any, str, str], None] | None = None
    done: Callable[[Any, str, str], bool] | None = None
    writes: Callable[[str, str], bool] | None = None
    rows: Callable[[Any, str], set[int]] | None = None
    listed: Callable[[Any, str, str], set[int]] | None = None
    private: bool = False  # the page must show no one else's e-mail address

    @property
    def id(self) -> str:
        return self.name if self.method == "get" else f"{self.name}-{self.method.upper()}"


def _url(name: str) -> Callable[[Any, str], str]:
    return lambda ctx, target: reverse(name)


# Reset and effect helpers (the world's objects are reached through ``ctx``, see the test module).


def _set_active(active: bool) -> Callable[[Any, str, str], None]:
    def reset(ctx: Any, actor: str, target: str) -> None:
        person = ctx.fresh_person(target)
        User.objects.filter(pk=person.pk).update(is_active=active)
        people_listing_refresh(user_ids=[person.pk])  # resets bypass the services: keep the read model in step

    return reset


def _is_active(active: bool) -> Callable[[Any, str, str], bool]:
    return lambda ctx, actor, target: User.objects.get(pk=ctx.fresh_person(target).pk).is_active is active


def _reopen_role(ctx: Any, actor: str, target: str) -> None:
    role = ctx.staff_role(target)
    RoleAssignment.objects.filter(pk=role.pk).update(valid_to=None)
    people_listing_refresh(user_ids=[role.user_id])


def _role_ended(ctx: Any, actor: str, target: str) -> bool:
    return RoleAssignment.objects.get(pk=ctx.staff_role(target).pk).valid_to is not None


def _rename_back(ctx: Any, actor: str, target: str) -> None:
    User.objects.filter(pk=ctx.fresh_person(target).pk).update(first_name="Fresh")


def _renamed(ctx: Any, actor: str, target: str) -> bool:
    return User.objects.get(pk=ctx.fresh_person(target).pk).first_name == "Ändrad"


def _drop_trainer_roles(ctx: Any, actor: str, target: str) -> None:
    person = ctx.fresh_person(target)
    RoleAssignment.objects.filter(user=person, role=Role.TRAINER).delete()
    people_listing_refresh(user_ids=[person.pk])


def _has_trainer_role(ctx: Any, actor: str, target: str) -> bool:
    return RoleAssignment.objects.active().filter(user=ctx.fresh_person(target), role=Role.TRAINER).exists()


def _unit_name_back(ctx: Any, actor: str, target: str) -> None:
    Unit.objects.filter(pk=ctx.obj(target).pk).update(name=ctx.obj(target).name)


def _unit_renamed(ctx: Any, actor: str, target: str) -> bool:
    return Unit.objects.get(pk=ctx.obj(target).pk).name == f"Omdöpt av {actor} ({target})"


def _person_roles_expect(actor: str, target: str) -> Outcome:
    """Give a fresh target a trainer role in their municipality. A manager may give only the
    staff role and does not see municipalities, so for them that place is unknown (400)."""
    outcome = scoped(PEOPLE_SEEN, PEOPLE_MANAGED, ok=201, anonymous=API_DENIED)(actor, target)
    return 400 if outcome == 201 and actor == "manager" else outcome


def _person_create_expect(actor: str, target: str) -> Outcome:
    """Create a staff member in a unit: 201 inside the actor's scope, 400 (and nothing made) for
    a unit outside it, 403 for someone who administers no people at all."""
    if actor == ANONYMOUS:
        return API_DENIED
    if actor not in PEOPLE_ADMINS:
        return 403
    return 201 if target in _get(UNITS_SEEN, actor) else 400


def _unit_create_expect(actor: str, target: str) -> Outcome:
    """Add a unit to a municipality: 201 where the actor manages units, 400 (and nothing made)
    for a municipality outside their scope, 403 for someone who manages no units at all."""
    if actor == ANONYMOUS:
        return API_DENIED
    if actor not in UNITS_MANAGED:
        return 403
    return 201 if target in _get(MUNICIPALITIES_SEEN, actor) else 400


def _audit_expect(actor: str, target: str) -> Outcome:
    """Audit events by id: system admins see all, regional roles their own region's, others none."""
    if actor == ANONYMOUS:
        return API_DENIED
    if actor not in AUDIT_VIEWERS:
        return 403
    return 200 if target in _get(REGIONS_SEEN, actor) else 404


def _regions_of_audit(ctx: Any, actor: str) -> set[int]:
    if actor == "system_admin":
        return set(AuditEvent.objects.values_list("id", flat=True))
    ids = [ctx.obj(name).pk for name in _get(REGIONS_SEEN, actor)]
    return set(AuditEvent.objects.filter(region_id__in=ids).values_list("id", flat=True))


def _ids(names_by_actor: dict[str, Any]) -> Callable[[Any, str], set[int]]:
    return lambda ctx, actor: {ctx.obj(name).pk for name in _get(names_by_actor, actor)}


def _assignments_of(names_by_actor: dict[str, Any]) -> Callable[[Any, str], set[int]]:
    def rows(ctx: Any, actor: str) -> set[int]:
        people = [ctx.obj(name).pk for name in _get(names_by_actor, actor)]
        return set(RoleAssignment.objects.filter(user_id__in=people).values_list("id", flat=True))

    return rows


def _fresh_task(ctx: Any, actor: str, target: str) -> None:
    ctx.new_task(target)


def _task_gone(ctx: Any, actor: str, target: str) -> bool:
    return not PreparationTask.objects.filter(pk=ctx.task_to_delete(target).pk).exists()


def _reappoint_editor(ctx: Any, actor: str, target: str) -> None:
    ctx.ensure_editor()


def _editor_gone(ctx: Any, actor: str, target: str) -> bool:
    return not JourneyEditor.objects.filter(pk=ctx.editor_row().pk).exists()


def _forget_token(ctx: Any, actor: str, target: str) -> None:
    ctx.forget_token(actor)


def _has_token(ctx: Any, actor: str, target: str) -> bool:
    return ctx.has_token(actor)


# --- the journey: Min resa, Stationen, Plattformen -------------------------------------------

#: Managers, k-admins, the regional roles and system admins: Stationen, placing people on journeys.
HUB = PEOPLE_ADMINS
#: Trainers, the regional roles and system admins: Plattformen and the courses' trainer packages.
PLATFORM = frozenset({"trainer", *REGIONAL, "system_admin", "regional_admin_gavleborg"})
#: Who reads the programme's information pages, per audience (the national editors, too).
INFO_READERS = {
    "everyone": frozenset(SIGNED_IN),
    "managers": frozenset({*HUB, "national_editor"}),
    "trainers": frozenset({*PLATFORM, "national_editor"}),
}
AUDIENCES = tuple(INFO_READERS)
#: Who writes the information pages: the programme's editors (national editors) and system admins.
INFO_EDITORS = frozenset({"national_editor", "system_admin"})


def _info_edit_expect(ok: Outcome) -> Expect:
    """Editors may change a page they can read; others get 403 (or 404 for a page not meant for them)."""

    def expect(actor: str, target: str) -> Outcome:
        if actor == ANONYMOUS:
            return LOGIN
        if actor not in INFO_EDITORS:
            return 403
        return ok if target == "-" or actor in INFO_READERS[target] else 404

    return expect


def _info_title(ctx: Any, actor: str, target: str) -> None:
    page = ctx.info_page(target)
    type(page).objects.filter(pk=page.pk).update(title=f"För {target}")


def _info_retitled(ctx: Any, actor: str, target: str) -> bool:
    return ctx.info_page(target).title == "Ändrad titel"


def _info_data(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    page = ctx.info_page(target)
    return {
        "title": "Ändrad titel",
        "summary": "",
        "audience": page.audience,
        "body": "Text",
        "slug": page.slug,
        "order": 0,
    }


#: The journeys each actor is on: the world places only ``staff`` (BoU NY) among them.
ON_JOURNEY = {"staff": {"bou"}}
#: A course of BoU, one of Funk utförare, and a self-paced web course (on Funk utförare BAS).
PARTICIPATION = ("bou", "funk", "web")
PARTICIPANT_COURSES = {"bou": "bou_course", "funk": "funk_course", "web": "web_course"}
PARTICIPANT_TASKS = {"bou": "bou_task", "funk": "funk_task", "web": "web_task"}
#: The person target in each unit (for requests that name a unit and act on its fresh person).
UNIT_PEOPLE = {unit: target for target, unit in TARGET_UNITS.items() if target != "visible_not_manageable"}


def participates(ok: Outcome = 200, anonymous: Outcome = LOGIN) -> Expect:
    """Min resa: a person takes the courses of the journeys they are on, and any web course;
    every course is visible in the catalog, so a course they do not take is 403, not 404."""

    def expect(actor: str, target: str) -> Outcome:
        if actor == ANONYMOUS:
            return anonymous
        return ok if target == "web" or target in _get(ON_JOURNEY, actor) else 403

    return expect


def own_or_scoped(managed: dict[str, Any] | None = None, ok: Outcome = 200, anonymous: Outcome = API_DENIED) -> Expect:
    """A person's journey by id: the person themselves, and whoever sees them (acts: manages them)."""
    others = scoped(PEOPLE_SEEN, managed, ok=ok, anonymous=anonymous)
    return lambda actor, target: ok if TARGET_PEOPLE.get(target) == actor else others(actor, target)


def _hub_unit_expect(ok: Outcome) -> Expect:
    """Placing the people of a unit: 403 for non-hub roles; a unit outside the actor's scope
    is not among the form's choices (400, nothing placed)."""

    def expect(actor: str, target: str) -> Outcome:
        if actor == ANONYMOUS:
            return LOGIN
        if actor not in HUB:
            return 403
        return ok if target in _get(UNITS_SEEN, actor) else 400

    return expect


def _enrolment_create_expect(actor: str, target: str) -> Outcome:
    """Place a person through the API: 403 for those who place nobody (staff, trainers, editors),
    201 where the actor may place them, 403 where they only see them, 400 ("Unknown person",
    nothing written) for anyone outside their scope."""
    if actor == ANONYMOUS:
        return API_DENIED
    if actor not in PEOPLE_ADMINS:
        return 403
    if target in _get(PEOPLE_MANAGED, actor):
        return 201
    return 403 if target in _get(PEOPLE_SEEN, actor) else 400


def _seen_people(ctx: Any, actor: str, target: str = "-") -> set[int]:
    """The target people the actor sees (every one of them is put on a journey first)."""
    return {ctx.person(t).pk for t in _get(PEOPLE_SEEN, actor)}


def _own_and_seen(ctx: Any, actor: str) -> set[int]:
    return _seen_people(ctx, actor) | ({ctx.obj(actor).pk} if actor != ANONYMOUS else set())


def _ensure_journeys(ctx: Any, actor: str, target: str) -> None:
    ctx.ensure_journeys()


def _user_rows(model: type[Enrolment] | type[CourseProgress]) -> Callable[[Any, str], set[int]]:
    def rows(ctx: Any, actor: str) -> set[int]:
        return set(model.objects.filter(user_id__in=_own_and_seen(ctx, actor)).values_list("id", flat=True))

    return rows


def _actor_pk(ctx: Any, actor: str) -> int | None:
    return None if actor == ANONYMOUS else ctx.obj(actor).pk


def _task(ctx: Any, target: str) -> PreparationTask:
    return ctx.obj(PARTICIPANT_TASKS[target])


def _undo_task(ctx: Any, actor: str, target: str) -> None:
    TaskCompletion.objects.filter(user_id=_actor_pk(ctx, actor), task=_task(ctx, target)).delete()


def _redo_task(ctx: Any, actor: str, target: str) -> None:
    if actor != ANONYMOUS:
        task = _task(ctx, target)
        TaskCompletion.objects.get_or_create(user_id=ctx.obj(actor).pk, task=task, defaults={"course": task.course})


def _task_done(ctx: Any, actor: str, target: str) -> bool:
    return TaskCompletion.objects.filter(user_id=_actor_pk(ctx, actor), task=_task(ctx, target)).exists()


def _task_undone(ctx: Any, actor: str, target: str) -> bool:
    return actor != ANONYMOUS and not _task_done(ctx, actor, target)


def _no_flag(ctx: Any, actor: str, target: str) -> None:
    SupportFlag.objects.filter(user_id=_actor_pk(ctx, actor), task=_task(ctx, target)).delete()


def _flagged(ctx: Any, actor: str, target: str) -> bool:
    return SupportFlag.objects.filter(user_id=_actor_pk(ctx, actor), task=_task(ctx, target)).exists()


def _untick(ctx: Any, actor: str, target: str) -> None:
    ChecklistTick.objects.filter(
        user_id=_actor_pk(ctx, actor), item=ctx.checklist_item(PARTICIPANT_COURSES[target])
    ).delete()


def _ticked(ctx: Any, actor: str, target: str) -> bool:
    item = ctx.checklist_item(PARTICIPANT_COURSES[target])
    return ChecklistTick.objects.filter(user_id=_actor_pk(ctx, actor), item=item).exists()


def _set_status(status: str) -> Callable[[Any, str, str], None]:
    def reset(ctx: Any, actor: str, target: str) -> None:
        Enrolment.objects.filter(pk=ctx.enrolment(target).pk).update(status=status)

    return reset


def _has_status(status: str) -> Callable[[Any, str, str], bool]:
    return lambda ctx, actor, target: Enrolment.objects.get(pk=ctx.enrolment(target).pk).status == status


def _off_journeys(journey: str) -> Callable[[Any, str, str], None]:
    """Take the fresh person in ``target`` scope off ``journey`` (bypassing the services)."""

    def reset(ctx: Any, actor: str, target: str) -> None:
        person = ctx.fresh_person(UNIT_PEOPLE.get(target, target))
        Enrolment.objects.filter(user=person, journey=ctx.obj(journey)).delete()

    return reset


def _on_journey(journey: str) -> Callable[[Any, str, str], bool]:
    def done(ctx: Any, actor: str, target: str) -> bool:
        person = ctx.fresh_person(UNIT_PEOPLE.get(target, target))
        return Enrolment.objects.filter(user=person, journey=ctx.obj(journey)).exists()

    return done


def _hub_preview(ctx: Any, target: str) -> str:
    level, unit = ctx.w.funk_bas.pk, ctx.obj(target).pk
    return f"{reverse('enrol_many')}?level={level}&unit={unit}&role=staff&q=Fresh&only_new=on"


def _hub_confirm(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    ctx.fresh_person(UNIT_PEOPLE[target])
    return {
        "level": ctx.w.funk_bas.pk,
        "unit": ctx.obj(target).pk,
        "role": "staff",
        "q": "Fresh",
        "only_new": "on",
        "confirm": "True",
        "expected": "1",  # the preview showed the one fresh person of the unit
    }


# --- course occasions and sign-ups ------------------------------------------------------------

#: A Dalarna occasion (the world's), a Gävleborg one and a national one (no region).
OCCASION_PLACES = ("dalarna", "gavleborg", "national")
#: The planning pages also meet a municipal occasion of Avesta (in Dalarna): its k-admin plans that one.
PLANNING_PLACES = (*OCCASION_PLACES, "avesta")
_DALARNA_ACTORS = (
    "staff",
    "manager",
    "municipal_admin",
    "trainer",
    "regional_project_leader",
    "regional_admin",
    "municipal_admin_falun",
)
#: The regions each actor's roles lie in (a national editor's and a system admin's role lie in none).
PLACED_IN = {**{actor: {"dalarna"} for actor in _DALARNA_ACTORS}, "regional_admin_gavleborg": {"gavleborg"}}
#: The occasions of each region (Avesta's municipal one lies in Dalarna).
OCCASIONS_IN = {"dalarna": {"dalarna", "avesta"}, "gavleborg": {"gavleborg"}}
#: Occasions each actor sees: the national ones and those of the regions they have a role in; system admins all.
OCCASIONS_SEEN = {
    **{actor: {*(o for r in regions for o in OCCASIONS_IN[r]), "national"} for actor, regions in PLACED_IN.items()},
    "national_editor": {"national"},
    "system_admin": set(PLANNING_PLACES),
}
#: The occasions each actor plans (``occasions.manage``): the regional roles every occasion of their region,
#: a k-admin the municipal ones of their municipality, system admins all (the national ones only they).
OCCASIONS_PLANNED = {
    "system_admin": set(PLANNING_PLACES),
    "regional_admin": OCCASIONS_IN["dalarna"],
    "regional_project_leader": OCCASIONS_IN["dalarna"],
    "regional_admin_gavleborg": OCCASIONS_IN["gavleborg"],
    "municipal_admin": {"avesta"},
}
#: Who may plan somewhere (``occasions.plan``): the planning pages and the "today" attendance page.
PLANNERS = frozenset({"system_admin", *REGIONAL, "municipal_admin", *OUTSIDERS})
#: Who reads the list and calendar of occasions (``occasions.browse``): planners, managers, k-admins, trainers.
BROWSERS = frozenset({*PLANNERS, "manager", "trainer"})
#: Who decides on their staff's sign-ups on the approvals page (``occasions.approve_some``).
APPROVERS = frozenset({"manager", "municipal_admin", "municipal_admin_falun", "system_admin"})
#: The booked participants of each occasion, as person targets, for the pages that list them (the
#: world books ``own`` and ``same_municipality`` on the Dalarna occasion; the matrix books the rest).
PARTICIPANTS = {
    "dalarna": ("own", "same_municipality"),
    "gavleborg": ("other_region",),
    "national": ("other_municipality",),
    "avesta": ("same_municipality",),
}
#: The start of the tagged last names the occasion pages are searched for (see ``MatrixWorld.tag_names``).
TAG = "Taggad"
#: The people targets whose workplace lies in Dalarna (the world's occasion is open to them).
IN_DALARNA = frozenset(PERSON_TARGETS) - {"other_region"}
#: Registrations by id: (whose, as a person target; on which region's occasion). The last is a person of
#: Gävleborg on the Dalarna occasion: the Dalarna planners reach it through their occasion alone.
REGISTRATIONS = {
    "own": ("own", "dalarna"),
    "same_municipality": ("same_municipality", "dalarna"),
    "other_municipality": ("other_municipality", "dalarna"),
    "other_region": ("other_region", "gavleborg"),
    "visible_not_manageable": ("visible_not_manageable", "dalarna"),
    "other_region_on_dalarna": ("other_region", "dalarna"),
}
REGISTRATION_TARGETS = tuple(REGISTRATIONS)


def _plans(actor: str, place: str) -> bool:
    """The occasion's planners: the regional roles of its region, and system admins (of every occasion)."""
    return place in _get(OCCASIONS_PLANNED, actor)


def _self_signup_expect(actor: str, target: str) -> Outcome:
    """Sign oneself up: 404 for an occasion one does not see; 201 where one's workplace lies inside
    its region (a national occasion is open to all); 400 (not open to your workplace) otherwise."""
    if actor == ANONYMOUS:
        return API_DENIED
    if target not in _get(OCCASIONS_SEEN, actor):
        return 404
    return 201 if target == "national" or target in _get(PLACED_IN, actor) else 400


def _signup_other_expect(actor: str, target: str) -> Outcome:
    """Sign someone else up for the Dalarna occasion: 404 if the occasion is not seen, 400 (Unknown
    person) for a person not seen, 403 for a person seen but neither managed nor on one's own
    occasion, then 201 if the person works in Dalarna and 400 (not open) if not."""
    if actor == ANONYMOUS:
        return API_DENIED
    if "dalarna" not in _get(OCCASIONS_SEEN, actor):
        return 404
    if target not in _get(PEOPLE_SEEN, actor):
        return 400
    if not (target in _get(PEOPLE_MANAGED, actor) or _plans(actor, "dalarna")):
        return 403
    return 201 if target in IN_DALARNA else 400


def _registration_expect(acts: str | None = None, ok: Outcome = 200, anonymous: Outcome = API_DENIED) -> Expect:
    """A registration by id. Seen: by the person, whoever sees the person, and the occasion's planners
    (404 otherwise). ``acts`` "cancel" (or announcing absence): the person, whoever manages them, the
    planners; "decide": whoever manages the person or plans the occasion (not the person). Seen but not
    allowed: 403."""

    def expect(actor: str, target: str) -> Outcome:
        if actor == ANONYMOUS:
            return anonymous
        person, place = REGISTRATIONS[target]
        own = TARGET_PEOPLE.get(person) == actor
        plans = _plans(actor, place)
        if not (own or plans or person in _get(PEOPLE_SEEN, actor)):
            return 404
        if acts is None:
            return ok
        allowed = (own and acts == "cancel") or plans or person in _get(PEOPLE_MANAGED, actor)
        return ok if allowed else 403

    return expect


def _ensure_occasions(ctx: Any, actor: str, target: str) -> None:
    for place in PLANNING_PLACES:
        ctx.occasion_in(place)


def _occasions_seen(ctx: Any, actor: str) -> set[int]:
    return {ctx.occasion_in(place).pk for place in _get(OCCASIONS_SEEN, actor)}


def _self_signed_up(ctx: Any, actor: str, target: str) -> bool:
    return Registration.objects.filter(
        occasion=ctx.occasion_in(target), user_id=_actor_pk(ctx, actor), state__in=ACTIVE_STATES
    ).exists()


def _self_off(ctx: Any, actor: str, target: str) -> None:
    Registration.objects.filter(occasion=ctx.occasion_in(target), user_id=_actor_pk(ctx, actor)).delete()


def _fresh_off(ctx: Any, actor: str, target: str) -> None:
    Registration.objects.filter(occasion=ctx.w.occasion, user=ctx.fresh_person(target)).delete()


def _fresh_signed_up(ctx: Any, actor: str, target: str) -> bool:
    return Registration.objects.filter(
        occasion=ctx.w.occasion, user=ctx.fresh_person(target), state__in=ACTIVE_STATES
    ).exists()


def _ensure_registrations(ctx: Any, actor: str, target: str) -> None:
    for name in REGISTRATION_TARGETS:
        ctx.registration(name)


def _registrations_seen(ctx: Any, actor: str) -> set[int]:
    """Own registrations, those of the people one sees, all on the occasions one plans; system admins all."""
    rows = Registration.objects.all()
    if actor != "system_admin":
        regions = [ctx.obj(place).pk for place in _get(REGIONS_SEEN, actor)]
        rows = rows.filter(Q(user_id__in=_own_and_seen(ctx, actor)) | Q(occasion__region_id__in=regions))
    return set(rows.values_list("id", flat=True))


def _registration_state(state: str) -> Callable[[Any, str, str], None]:
    def reset(ctx: Any, actor: str, target: str) -> None:
        Registration.objects.filter(pk=ctx.registration(target).pk).update(state=state, position=None)

    return reset


def _registration_in(*states: str) -> Callable[[Any, str, str], bool]:
    return lambda ctx, actor, target: Registration.objects.get(pk=ctx.registration(target).pk).state in states


# --- planning, attendance and the sign-up pages ----------------------------------------------------

#: Where a new occasion is planned: a regional one in Dalarna or Gävleborg, a municipal one in Avesta.
PLAN_TARGETS = ("dalarna", "gavleborg", "avesta")
#: The municipalities of each region (a k-admin sees their municipality's region when planning).
REGION_MUNICIPALITIES = {"dalarna": {"avesta", "falun"}, "gavleborg": {"gavle"}}
#: A course day of the Gävleborg occasion asked for under the Dalarna occasion's address.
OTHER_DAY = "other_day"
ATTENDANCE_TARGETS = (*PLANNING_PLACES, OTHER_DAY)


def planning(ok: Outcome = 200, anonymous: Outcome = LOGIN) -> Expect:
    """An occasion by id: ``ok`` for its planners, 403 for who only sees it, 404 for who does not."""
    return scoped(OCCASIONS_SEEN, OCCASIONS_PLANNED, ok=ok, anonymous=anonymous)


def _attendance_expect(ok: Outcome = 200, anonymous: Outcome = LOGIN, api: bool = False) -> Expect:
    """Taking attendance: the occasion's planners (403 if only seen, 404 if not). A day of another
    occasion is 404: the pages look the day up first (404 for everyone), the API checks the right on
    the occasion first (403 for who only sees it) and then the day (404)."""
    places = planning(ok=ok, anonymous=anonymous)

    def expect(actor: str, target: str) -> Outcome:
        if target != OTHER_DAY or actor == ANONYMOUS:
            return places(actor, target)
        return 403 if api and places(actor, "dalarna") == 403 else 404

    return expect


def _plan_page_expect(actor: str, target: str) -> Outcome:
    """Planning a new occasion on the page: 403 for who plans nowhere; a place outside one's own is not
    among the form's choices (400, nothing made)."""
    if actor == ANONYMOUS:
        return LOGIN
    if actor not in PLANNERS:
        return 403
    return 302 if target in _get(OCCASIONS_PLANNED, actor) else 400


def _place_seen(actor: str, place: str) -> bool:
    municipalities = _get(MUNICIPALITIES_SEEN, actor)
    if place in REGION_MUNICIPALITIES:
        return place in _get(REGIONS_SEEN, actor) or bool(REGION_MUNICIPALITIES[place] & set(municipalities))
    return place in municipalities


def _plan_api_expect(actor: str, target: str) -> Outcome:
    """Planning through the API: 403 for who plans nowhere; 201 where one plans; a place one does not
    see is an unknown id (400), a place one sees but does not plan is refused (403). Nothing made."""
    if actor == ANONYMOUS:
        return API_DENIED
    if actor not in PLANNERS:
        return 403
    if target in _get(OCCASIONS_PLANNED, actor):
        return 201
    return 403 if _place_seen(actor, target) else 400


def _soon(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


def _plan_form(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    municipal = target == "avesta"
    return {
        "course": ctx.w.bou_course.pk,
        "delivery_level": "municipal" if municipal else "regional",
        "region": "" if municipal else ctx.obj(target).pk,
        "municipality": ctx.obj(target).pk if municipal else "",
        "unit": "",
        "name": f"Nytt {actor} {target}",
        "capacity": "10",
        "min_participants": "0",
        "waitlist_stops_days": "2",
        "days-TOTAL_FORMS": "1",
        "days-INITIAL_FORMS": "0",
        "days-0-date": _soon(60).isoformat(),
        "days-0-starts": "09:00",
        "days-0-ends": "16:00",
        "days-0-mode": "on_site",
        "days-0-venue": "Kommunhuset",
        "quotas-TOTAL_FORMS": "0",
        "quotas-INITIAL_FORMS": "0",
    }


def _plan_body(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    municipal = target == "avesta"
    return {
        "course": ctx.w.bou_course.pk,
        "delivery_level": "municipal" if municipal else "regional",
        "region": None if municipal else ctx.obj(target).pk,
        "municipality": ctx.obj(target).pk if municipal else None,
        "name": f"Nytt {actor} {target}",
        "capacity": 10,
        "days": [{"date": _soon(60).isoformat(), "starts": "09:00", "ends": "16:00", "venue": "Kommunhuset"}],
    }


def _planned(ctx: Any, actor: str, target: str) -> bool:
    return Occasion.objects.filter(name=f"Nytt {actor} {target}").exists()


def _occasion_body(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    """The occasion as it is, renamed: a full body for PUT (its course days kept by id)."""
    occasion = ctx.occasion_in(target)
    return {
        "course": occasion.course_id,
        "delivery_level": occasion.delivery_level,
        "region": occasion.region_id if occasion.municipality_id is None else None,
        "municipality": occasion.municipality_id,
        "name": f"Ändrat av {actor}",
        "capacity": occasion.capacity,
        "days": [
            {
                "id": day.pk,
                "date": day.date.isoformat(),
                "starts": day.starts.strftime("%H:%M"),
                "ends": day.ends.strftime("%H:%M"),
                "mode": day.mode,
                "venue": day.venue,
                "address": day.address,
                "link": day.link,
            }
            for day in occasion.days.order_by("date")
        ],
    }


def _occasion_name_back(ctx: Any, actor: str, target: str) -> None:
    Occasion.objects.filter(pk=ctx.occasion_in(target).pk).update(name="Före")


def _occasion_renamed(ctx: Any, actor: str, target: str) -> bool:
    return Occasion.objects.get(pk=ctx.occasion_in(target).pk).name == f"Ändrat av {actor}"


#: The first course day of a copy: far enough ahead to be no one else's.
COPY_IN_DAYS = 200


def _no_copies(ctx: Any, actor: str, target: str) -> None:
    Occasion.objects.filter(first_day=_soon(COPY_IN_DAYS)).delete()


def _copied(ctx: Any, actor: str, target: str) -> bool:
    original = ctx.occasion_in(target)
    copies = Occasion.objects.filter(first_day=_soon(COPY_IN_DAYS), course_id=original.course_id)
    return copies.filter(region_id=original.region_id, municipality_id=original.municipality_id).exists()


def _reopen_occasion(ctx: Any, actor: str, target: str) -> None:
    """Planned again, with the sign-ups the cancellation ended booked again."""
    occasion = ctx.occasion_in(target)
    Occasion.objects.filter(pk=occasion.pk).update(status=OccasionStatus.PLANNED, cancel_reason="")
    Registration.objects.filter(occasion=occasion, state=RegistrationState.CANCELLED).update(
        state=RegistrationState.BOOKED
    )


def _occasion_cancelled(ctx: Any, actor: str, target: str) -> bool:
    return Occasion.objects.get(pk=ctx.occasion_in(target).pk).status == OccasionStatus.CANCELLED


def _ensure_participants(ctx: Any, actor: str, target: str) -> None:
    ctx.ensure_participants()


def _participants_for_planners(ctx: Any, actor: str, target: str) -> set[int]:
    """The occasion's participants, listed for its planners only."""
    if target not in _get(OCCASIONS_PLANNED, actor):
        return set()
    return {ctx.person(t).pk for t in PARTICIPANTS[target]}


#: Who signed up each actor who is signed up (the world: its regional admin booked ``staff``); the history
#: on one's own sign-ups page names them.
SIGNED_UP_BY = {"staff": {"regional_admin"}}


def _day_place(target: str) -> str:
    return "gavleborg" if target == OTHER_DAY else target


def _occasion_place(target: str) -> str:
    return "dalarna" if target == OTHER_DAY else target


def _day_url(name: str) -> Callable[[Any, str], str]:
    """A course day of the target occasion (moved to today), or the Gävleborg day under the Dalarna occasion."""
    return lambda ctx, t: reverse(
        name, args=[ctx.occasion_in(_occasion_place(t)).pk, ctx.attendance_day(_day_place(t)).pk]
    )


def _no_marks(ctx: Any, actor: str, target: str) -> None:
    ctx.ensure_participants()
    DayAttendance.objects.filter(course_day=ctx.attendance_day(_day_place(target))).delete()


def _marked(ctx: Any, actor: str, target: str) -> bool:
    return DayAttendance.objects.filter(course_day=ctx.attendance_day(_day_place(target))).exists()


def _first_participant(ctx: Any, target: str) -> Any:
    place = _occasion_place(target)
    return ctx.participant(place, PARTICIPANTS[place][0])


def _self_signup_page_writes(actor: str, target: str) -> bool:
    return _self_signup_expect(actor, target) == 201


def _self_signup_page_expect(actor: str, target: str) -> Outcome:
    """Signing oneself up on the occasion's page: 404 for an occasion one does not see; otherwise back to
    the page (302), with the sign-up made or the refusal shown (see ``_self_signup_expect``)."""
    if actor == ANONYMOUS:
        return LOGIN
    return 302 if target in _get(OCCASIONS_SEEN, actor) else 404


def _signup_many_expect(actor: str, target: str) -> Outcome:
    """Signing staff up, the page: for the occasions one sees (404), for whoever administers people or
    plans the occasion (403)."""
    if actor == ANONYMOUS:
        return LOGIN
    if target not in _get(OCCASIONS_SEEN, actor):
        return 404
    return 200 if actor in PEOPLE_ADMINS or target in _get(OCCASIONS_PLANNED, actor) else 403


def _signup_many_post_expect(actor: str, target: str) -> Outcome:
    """Signing a fresh person up for the Dalarna occasion on the page: 404/403 as for the page; a person
    not seen cannot be found (400); a person seen but neither managed nor on one's own occasion, or not
    working in Dalarna, is refused with the reason (400); nobody is signed up then. Done: 200."""
    page = _signup_many_expect(actor, "dalarna")
    if page != 200:
        return page
    if target not in _get(PEOPLE_SEEN, actor):
        return 400
    if not (target in _get(PEOPLE_MANAGED, actor) or _plans(actor, "dalarna")):
        return 400
    return 200 if target in IN_DALARNA else 400


def _signup_people_expect(actor: str, target: str) -> Outcome:
    """``{"people": [...]}``: like one person, but all or nothing, every refusal named in one 400, so a
    person seen but not one's to sign up is a 400 here too (not a 403)."""
    outcome = _signup_other_expect(actor, target)
    return 400 if outcome == 403 else outcome


def _people_of(names_by_actor: dict[str, Any]) -> Callable[[Any, str, str], set[int]]:
    return lambda ctx, actor, target: {ctx.obj(name).pk for name in _get(names_by_actor, actor)}


def _tag_names(ctx: Any, actor: str, target: str) -> None:
    ctx.tag_names()


def _requests_waiting(ctx: Any, actor: str, target: str) -> None:
    """Every registration of the matrix waits for a decision."""
    _ensure_registrations(ctx, actor, target)
    ids = [ctx.registration(name).pk for name in REGISTRATION_TARGETS]
    Registration.objects.filter(pk__in=ids).update(state=RegistrationState.REQUESTED, position=None)
    ctx.tag_names()


def _to_decide(ctx: Any, actor: str, target: str) -> set[int]:
    """The approvals page: the sign-ups of the people one manages (never merely sees)."""
    if actor not in APPROVERS:
        return set()
    managed = _get(PEOPLE_MANAGED, actor)
    return {ctx.person(person).pk for person, _place in REGISTRATIONS.values() if person in managed}


def _registrations_tagged(ctx: Any, actor: str, target: str) -> None:
    _ensure_registrations(ctx, actor, target)
    ctx.tag_names()


def _first_day_of(ctx: Any, target: str) -> int:
    return ctx.registration(target).occasion.days.order_by("date").first().pk


def _no_absence(ctx: Any, actor: str, target: str) -> None:
    registration = ctx.registration(target)
    DayAttendance.objects.filter(registration=registration).delete()
    Registration.objects.filter(pk=registration.pk).update(state=RegistrationState.BOOKED, position=None)


def _absence_announced(ctx: Any, actor: str, target: str) -> bool:
    return DayAttendance.objects.filter(registration=ctx.registration(target), announced=True).exists()


def _no_feed(ctx: Any, actor: str, target: str) -> None:
    CalendarFeed.objects.filter(user_id=_actor_pk(ctx, actor)).delete()


def _has_feed(ctx: Any, actor: str, target: str) -> bool:
    return CalendarFeed.objects.filter(user_id=_actor_pk(ctx, actor)).exists()


OCCASIONS = "Occasions: the national ones and those of the regions one has a role in; system admins all."
SIGN_UP = "Signing oneself up: the occasions one sees, when one's workplace lies in the occasion's region."
SIGN_UP_OTHER = (
    "Signing someone up: whoever manages the person, or the occasion's planners (anyone they see); "
    "a person not seen: 400; a person outside the occasion's region: 400."
)
REGISTRATION_READ = "Registrations: one's own, those of the people one sees, all on the occasions one plans."
REGISTRATION_CANCEL = "Cancelling: the person, whoever manages them, the occasion's planners (403 if only seen)."
BROWSE = "The occasions list and calendar: planners, managers, k-admins and trainers (the occasions they see)."
PLAN = "Planning an occasion: who plans somewhere (regional roles, k-admins, system admins); others 403."
MANAGE_OCCASION = (
    "Changing, copying, cancelling an occasion: its planners (the regional roles of its region, a k-admin for "
    "their municipality's municipal occasions, system admins); 403 if only seen, 404 if not."
)
ATTENDANCE = "Attendance: the occasion's planners; 403 if the occasion is only seen, 404 if not."
SIGN_UP_MANY = "Signing staff up: whoever administers people, or plans the occasion; on occasions one sees."
ABSENCE = "Announcing absence in advance: the person, whoever manages them, the occasion's planners."
APPROVALS = "The approvals page: managers and k-admins (and system admins)."
REGISTRATION_DECIDE = (
    "Deciding on a requested sign-up: whoever manages the person or plans the occasion, not the person (403)."
)

PEOPLE_PAGES = "People pages: people administrators, in their own scope."
BY_ID = "By id: 200 in scope, 404 outside it (no object is reachable outside scope)."
MANAGE = "Changing a person: only who could have given them every role they hold; 403 if only visible."
MIN_RESA = "Min resa: the courses of one's own journeys and any web course (403 for other courses)."
PAUSE = "Pausing a journey: the participant, or whoever may place them (403 if only visible, 404 outside scope)."
STATIONEN = "Stationen: managers, k-admins, regional roles and system admins, each for the people in their scope."
PLATTFORMEN = "Plattformen: trainers, the regional roles and system admins."
CATALOG_EDIT = "Catalog editing: system admins, and national editors on their own journey."
ALLAUTH = "django-allauth (sign-in etc.):"

JOURNEYS = ("bou", "funk")
COURSES = {"bou": "bou_course", "funk": "funk_course"}
TASKS = {"bou": "bou_task", "funk": "funk_task"}
FILE_TASKS = {"bou": "bou_file_task", "funk": "funk_task"}  # the funk task has no file
LEVELS = {"bou": "bou_ny", "funk": "funk_bas"}
MUNICIPALITIES = ("avesta", "falun", "gavle")
UNITS = ("avesta_home", "avesta_boende", "falun_home", "gavle_home")

MATRIX: tuple[Probe, ...] = (
    # --- core -----------------------------------------------------------------------------
    Probe("home", "Every signed-in person has a start page.", _url("home"), page(SIGNED_IN)),
    Probe(
        "accessibility",
        "The accessibility statement is public (a legal requirement).",
        _url("accessibility"),
        public(),
    ),
    Probe(
        "accessibility",
        "Anyone, signed in or not, can report an accessibility defect.",
        _url("accessibility"),
        public(302),
        method="post",
        data=lambda ctx, actor, target: {"description": f"Knappen går inte att nå ({actor})", "page_url": "/"},
        done=lambda ctx, actor, target: AccessibilityReport.objects.filter(description__contains=f"({actor})").exists(),
    ),
    Probe(
        "audit_list",
        "The audit trail: system admins and regional roles.",
        _url("audit_list"),
        page(AUDIT_VIEWERS),
    ),
    Probe("healthz", "The load balancer's health check is public.", _url("healthz"), public()),
    # --- people ---------------------------------------------------------------------------
    Probe("person_list", PEOPLE_PAGES, _url("person_list"), page(PEOPLE_ADMINS)),
    Probe("person_export", PEOPLE_PAGES, _url("person_export"), page(PEOPLE_ADMINS)),
    Probe("person_create", PEOPLE_PAGES, _url("person_create"), page(PEOPLE_ADMINS)),
    Probe(
        "person_detail",
        BY_ID,
        lambda ctx, t: reverse("person_detail", args=[ctx.person(t).pk]),
        scoped(PEOPLE_SEEN),
        targets=PERSON_TARGETS,
    ),
    *(
        Probe(
            name,
            MANAGE,
            lambda ctx, t, name=name: reverse(name, args=[ctx.person(t).pk]),
            scoped(PEOPLE_SEEN, PEOPLE_MANAGED),
            targets=PERSON_TARGETS,
        )
        for name in ("person_edit", "person_role_add", "person_set_password")
    ),
    Probe(
        "person_role_end",
        MANAGE + " Ending a role is a change to the person.",
        lambda ctx, t: reverse("person_role_end", args=[ctx.fresh_person(t).pk, ctx.staff_role(t).pk]),
        scoped(PEOPLE_SEEN, PEOPLE_MANAGED, ok=302),
        targets=PERSON_TARGETS,
        method="post",
        reset=_reopen_role,
        done=_role_ended,
    ),
    Probe(
        "person_deactivate",
        MANAGE,
        lambda ctx, t: reverse("person_deactivate", args=[ctx.fresh_person(t).pk]),
        scoped(PEOPLE_SEEN, PEOPLE_MANAGED, ok=302),
        targets=PERSON_TARGETS,
        method="post",
        reset=_set_active(True),
        done=_is_active(False),
    ),
    Probe(
        "person_activate",
        MANAGE,
        lambda ctx, t: reverse("person_activate", args=[ctx.fresh_person(t).pk]),
        scoped(PEOPLE_SEEN, PEOPLE_MANAGED, ok=302),
        targets=PERSON_TARGETS,
        method="post",
        reset=_set_active(False),
        done=_is_active(True),
    ),
    Probe("my_account", "Everyone signed in has their own account page.", _url("my_account"), page(SIGNED_IN)),
    Probe(
        "my_api_token",
        "Everyone signed in may create their own API key.",
        _url("my_api_token"),
        page(SIGNED_IN, ok=302),
        method="post",
        reset=_forget_token,
        done=_has_token,
    ),
    # --- organisations --------------------------------------------------------------------
    Probe(
        "organisation_index", "Organisation pages: admins and managers.", _url("organisation_index"), page(ORG_VIEWERS)
    ),
    Probe(
        "region_detail",
        BY_ID + " A region is seen by its regional roles and system admins only.",
        lambda ctx, t: reverse("region_detail", args=[ctx.obj(t).pk]),
        scoped(REGIONS_SEEN),
        targets=("dalarna", "gavleborg"),
    ),
    Probe(
        "municipality_detail",
        BY_ID + " A municipality is seen by its k-admins, its region's roles and system admins.",
        lambda ctx, t: reverse("municipality_detail", args=[ctx.obj(t).pk]),
        scoped(MUNICIPALITIES_SEEN),
        targets=MUNICIPALITIES,
    ),
    Probe(
        "unit_create",
        BY_ID + " Units are added by whoever sees the municipality (k-admins and up).",
        lambda ctx, t: reverse("unit_create", args=[ctx.obj(t).pk]),
        scoped(MUNICIPALITIES_SEEN),
        targets=MUNICIPALITIES,
    ),
    Probe(
        "unit_edit",
        BY_ID + " A manager sees their unit but does not manage units (403).",
        lambda ctx, t: reverse("unit_edit", args=[ctx.obj(t).pk]),
        scoped(UNITS_SEEN, UNITS_MANAGED),
        targets=UNITS,
    ),
    # --- catalog --------------------------------------------------------------------------
    Probe("catalog_index", "Every signed-in person reads the catalog.", _url("catalog_index"), page(SIGNED_IN)),
    Probe(
        "journey_detail",
        "Every signed-in person reads the catalog.",
        lambda ctx, t: reverse("journey_detail", args=[ctx.obj(t).code]),
        page(SIGNED_IN),
        targets=JOURNEYS,
    ),
    Probe(
        "course_detail",
        "Every signed-in person reads the catalog.",
        lambda ctx, t: reverse("course_detail", args=[ctx.obj(COURSES[t]).pk]),
        page(SIGNED_IN),
        targets=JOURNEYS,
    ),
    Probe(
        "task_detail",
        "Every signed-in person reads the catalog.",
        lambda ctx, t: reverse("task_detail", args=[ctx.obj(TASKS[t]).pk]),
        page(SIGNED_IN),
        targets=JOURNEYS,
    ),
    Probe(
        "task_file",
        "A task's uploaded material: every signed-in person; 404 where the task has no file.",
        lambda ctx, t: reverse("task_file", args=[ctx.obj(FILE_TASKS[t]).pk]),
        lambda actor, target: LOGIN if actor == ANONYMOUS else (200 if target == "bou" else 404),
        targets=JOURNEYS,
    ),
    *(
        Probe(
            name,
            CATALOG_EDIT,
            lambda ctx, t, name=name: reverse(name, args=[ctx.obj(t).code]),
            edits(),
            targets=JOURNEYS,
        )
        for name in ("journey_edit", "level_create", "course_create")
    ),
    Probe(
        "level_edit",
        CATALOG_EDIT,
        lambda ctx, t: reverse("level_edit", args=[ctx.obj(t).code, ctx.obj(LEVELS[t]).pk]),
        edits(),
        targets=JOURNEYS,
    ),
    Probe(
        "course_edit",
        CATALOG_EDIT,
        lambda ctx, t: reverse("course_edit", args=[ctx.obj(COURSES[t]).pk]),
        edits(),
        targets=JOURNEYS,
    ),
    Probe(
        "task_create",
        CATALOG_EDIT,
        lambda ctx, t: reverse("task_create", args=[ctx.obj(COURSES[t]).pk]),
        edits(),
        targets=JOURNEYS,
    ),
    Probe(
        "task_edit",
        CATALOG_EDIT,
        lambda ctx, t: reverse("task_edit", args=[ctx.obj(TASKS[t]).pk]),
        edits(),
        targets=JOURNEYS,
    ),
    Probe(
        "task_delete",
        CATALOG_EDIT,
        lambda ctx, t: reverse("task_delete", args=[ctx.task_to_delete(t).pk]),
        edits(ok=302),
        targets=JOURNEYS,
        method="post",
        reset=_fresh_task,
        done=_task_gone,
    ),
    Probe(
        "journey_editors",
        "Only system admins appoint national editors.",
        lambda ctx, t: reverse("journey_editors", args=[ctx.w.bou.code]),
        page(EDITOR_APPOINTERS),
    ),
    Probe(
        "journey_editor_remove",
        "Only system admins remove national editors (the journey is visible: 403, not 404).",
        lambda ctx, t: reverse("journey_editor_remove", args=[ctx.w.bou.code, ctx.editor_row().pk]),
        page(EDITOR_APPOINTERS, ok=302),
        method="post",
        reset=_reappoint_editor,
        done=_editor_gone,
    ),
    # --- the journey: Min resa ------------------------------------------------------------
    Probe(
        "my_journey",
        "Everyone signed in has their own journey page (Min resa).",
        _url("my_journey"),
        page(SIGNED_IN),
        private=True,
    ),
    Probe(
        "my_course",
        MIN_RESA,
        lambda ctx, t: reverse("my_course", args=[ctx.obj(PARTICIPANT_COURSES[t]).pk]),
        participates(),
        targets=PARTICIPATION,
        private=True,
    ),
    Probe(
        "my_task",
        MIN_RESA,
        lambda ctx, t: reverse("my_task", args=[ctx.obj(PARTICIPANT_COURSES[t]).pk, ctx.obj(PARTICIPANT_TASKS[t]).pk]),
        participates(),
        targets=PARTICIPATION,
        private=True,
    ),
    Probe(
        "task_done",
        MIN_RESA + " Marking a task done is one's own, and only where one takes the course.",
        lambda ctx, t: reverse("task_done", args=[ctx.obj(PARTICIPANT_TASKS[t]).pk]),
        participates(ok=302),
        targets=PARTICIPATION,
        method="post",
        data=lambda ctx, actor, target: {"done": "1"},
        reset=_undo_task,
        done=_task_done,
    ),
    Probe(
        "support_flag",
        MIN_RESA + " Asking for support is for the course's participants.",
        lambda ctx, t: reverse("support_flag", args=[ctx.obj(PARTICIPANT_TASKS[t]).pk]),
        participates(ok=302),
        targets=PARTICIPATION,
        method="post",
        data=lambda ctx, actor, target: {"kind": "asks", "message": "Hur gör man?"},
        reset=_no_flag,
        done=_flagged,
    ),
    Probe(
        "checklist_tick",
        MIN_RESA + " The after-course checklist is the participant's own.",
        lambda ctx, t: reverse("checklist_tick", args=[ctx.checklist_item(PARTICIPANT_COURSES[t]).pk]),
        participates(ok=302),
        targets=PARTICIPATION,
        method="post",
        data=lambda ctx, actor, target: {"ticked": "1"},
        reset=_untick,
        done=_ticked,
    ),
    Probe(
        "enrolment_pause",
        PAUSE,
        lambda ctx, t: reverse("enrolment_pause", args=[ctx.enrolment(t).pk]),
        own_or_scoped(PEOPLE_MANAGED, ok=302, anonymous=LOGIN),
        targets=PERSON_TARGETS,
        method="post",
        data=lambda ctx, actor, target: {"reason": "Språket"},
        reset=_set_status("active"),
        done=_has_status("paused"),
    ),
    Probe(
        "enrolment_resume",
        PAUSE,
        lambda ctx, t: reverse("enrolment_resume", args=[ctx.enrolment(t).pk]),
        own_or_scoped(PEOPLE_MANAGED, ok=302, anonymous=LOGIN),
        targets=PERSON_TARGETS,
        method="post",
        reset=_set_status("paused"),
        done=_has_status("active"),
    ),
    # --- the journey: a person's journeys, Stationen, Plattformen, information --------------
    Probe(
        "person_journey",
        BY_ID + " A person's journeys: whoever sees the person (accounts' visibility).",
        lambda ctx, t: reverse("person_journey", args=[ctx.person(t).pk]),
        scoped(PEOPLE_SEEN),
        targets=PERSON_TARGETS,
    ),
    Probe(
        "person_journey",
        MANAGE + " Placing a person on a journey is a change to the person; outside scope: 404.",
        lambda ctx, t: reverse("person_journey", args=[ctx.fresh_person(t).pk]),
        scoped(PEOPLE_SEEN, PEOPLE_MANAGED, ok=302),
        targets=PERSON_TARGETS,
        method="post",
        data=lambda ctx, actor, target: {"level": ctx.w.bou_ny.pk},
        reset=_off_journeys("bou"),
        done=_on_journey("bou"),
    ),
    Probe(
        "stationen",
        STATIONEN + " It lists exactly the people on a journey whom the actor sees.",
        _url("stationen"),
        page(HUB),
        reset=_ensure_journeys,
        listed=_seen_people,
    ),
    Probe(
        "stationen_export",
        STATIONEN + " The export holds exactly the people of the list.",
        lambda ctx, t: reverse("stationen_export") + "?format=csv",
        page(HUB),
        reset=_ensure_journeys,
        listed=_seen_people,
    ),
    Probe("enrol_many", STATIONEN + " Placing many at once: the form.", _url("enrol_many"), page(HUB)),
    Probe(
        "enrol_many",
        STATIONEN + " The preview of a unit: only the actor's own units are choices (400 otherwise).",
        _hub_preview,
        _hub_unit_expect(200),
        targets=UNITS,
    ),
    Probe(
        "enrol_many",
        STATIONEN + " Confirming places the people of the actor's own units; another unit: 400, nobody placed.",
        _url("enrol_many"),
        _hub_unit_expect(302),
        targets=UNITS,
        method="post",
        data=_hub_confirm,
        reset=_off_journeys("funk"),
        done=_on_journey("funk"),
    ),
    Probe("plattformen", PLATTFORMEN, _url("plattformen"), page(PLATFORM)),
    Probe(
        "course_package",
        PLATTFORMEN + " A course's package for its trainers.",
        lambda ctx, t: reverse("course_package", args=[ctx.obj(COURSES[t]).pk]),
        page(PLATFORM),
        targets=JOURNEYS,
    ),
    Probe(
        "info_page",
        "Information pages by audience: everyone; managers and up; trainers and up. Not for you: 404.",
        lambda ctx, t: reverse("info_page", args=[ctx.info_page(t).slug]),
        lambda actor, target: LOGIN if actor == ANONYMOUS else (200 if actor in INFO_READERS[target] else 404),
        targets=AUDIENCES,
    ),
    Probe(
        "info_index",
        "Every signed-in person finds the information pages meant for them.",
        _url("info_index"),
        page(SIGNED_IN),
    ),
    Probe(
        "info_page_create",
        "Information pages are written by the editors.",
        _url("info_page_create"),
        _info_edit_expect(200),
    ),
    Probe(
        "info_page_create",
        "Adding an information page: the editors.",
        _url("info_page_create"),
        _info_edit_expect(302),
        method="post",
        data=lambda ctx, actor, target: {
            "title": "Ny sida",
            "summary": "",
            "audience": "everyone",
            "body": "Text",
            "slug": f"ny-{actor}",
            "order": 0,
        },
        reset=lambda ctx, actor, target: type(ctx.info_page("everyone")).objects.filter(slug=f"ny-{actor}").delete(),
        done=lambda ctx, actor, target: type(ctx.info_page("everyone")).objects.filter(slug=f"ny-{actor}").exists(),
    ),
    Probe(
        "info_page_edit",
        "Changing an information page: the editors, on pages they can read.",
        lambda ctx, t: reverse("info_page_edit", args=[ctx.info_page(t).slug]),
        _info_edit_expect(200),
        targets=AUDIENCES,
    ),
    Probe(
        "info_page_edit",
        "Changing an information page: the editors, on pages they can read.",
        lambda ctx, t: reverse("info_page_edit", args=[ctx.info_page(t).slug]),
        _info_edit_expect(302),
        targets=AUDIENCES,
        method="post",
        data=_info_data,
        reset=_info_title,
        done=_info_retitled,
    ),
    # --- course occasions: planning ---------------------------------------------------------
    *(Probe(name, BROWSE, _url(name), page(BROWSERS), private=True) for name in ("occasion_list", "occasion_calendar")),
    Probe("occasion_create", PLAN + " The form.", _url("occasion_create"), page(PLANNERS)),
    Probe(
        "occasion_create",
        PLAN + " Outside one's own area the place is not a choice: 400, nothing made.",
        _url("occasion_create"),
        _plan_page_expect,
        targets=PLAN_TARGETS,
        method="post",
        data=_plan_form,
        done=_planned,
    ),
    Probe(
        "occasion_detail",
        OCCASIONS + " Only its planners see who is signed up (nobody's e-mail is shown).",
        lambda ctx, t: reverse("occasion_detail", args=[ctx.occasion_in(t).pk]),
        scoped(OCCASIONS_SEEN),
        targets=PLANNING_PLACES,
        reset=_ensure_participants,
        listed=_participants_for_planners,
        private=True,
    ),
    *(
        Probe(
            name,
            MANAGE_OCCASION,
            lambda ctx, t, name=name: reverse(name, args=[ctx.occasion_in(t).pk]),
            planning(),
            targets=PLANNING_PLACES,
        )
        for name in ("occasion_edit", "occasion_copy", "occasion_cancel")
    ),
    Probe(
        "occasion_copy",
        MANAGE_OCCASION + " A copy is made exactly when allowed.",
        lambda ctx, t: reverse("occasion_copy", args=[ctx.occasion_in(t).pk]),
        planning(ok=302),
        targets=PLANNING_PLACES,
        method="post",
        data=lambda ctx, actor, target: {"first_day": _soon(COPY_IN_DAYS).isoformat()},
        reset=_no_copies,
        done=_copied,
    ),
    Probe(
        "occasion_cancel",
        MANAGE_OCCASION + " The occasion is cancelled exactly when allowed.",
        lambda ctx, t: reverse("occasion_cancel", args=[ctx.occasion_in(t).pk]),
        planning(ok=302),
        targets=PLANNING_PLACES,
        method="post",
        data=lambda ctx, actor, target: {"reason": "Kursledaren är sjuk"},
        reset=_reopen_occasion,
        done=_occasion_cancelled,
    ),
    # --- course occasions: signing up ---------------------------------------------------------
    Probe(
        "occasion_signup",
        SIGN_UP + " The page sends one back (the refusal shown); 404 for an occasion one does not see.",
        lambda ctx, t: reverse("occasion_signup", args=[ctx.occasion_in(t).pk]),
        _self_signup_page_expect,
        targets=OCCASION_PLACES,
        method="post",
        reset=_self_off,
        done=_self_signed_up,
        writes=_self_signup_page_writes,
    ),
    Probe(
        "occasion_signup_many",
        SIGN_UP_MANY + " It lists exactly the people one administers (as the people list).",
        lambda ctx, t: reverse("occasion_signup_many", args=[ctx.occasion_in(t).pk]),
        _signup_many_expect,
        targets=OCCASION_PLACES,
        reset=_tag_names,
        listed=_people_of(PEOPLE_LISTED),
    ),
    Probe(
        "occasion_signup_many",
        SIGN_UP_MANY + " " + SIGN_UP_OTHER,
        lambda ctx, t: reverse("occasion_signup_many", args=[ctx.w.occasion.pk]),
        _signup_many_post_expect,
        targets=PERSON_TARGETS,
        method="post",
        data=lambda ctx, actor, target: {"person": ctx.fresh_person(target).pk},
        reset=_fresh_off,
        done=_fresh_signed_up,
    ),
    *(
        Probe(
            name,
            REGISTRATION_CANCEL,
            lambda ctx, t, name=name: reverse(name, args=[ctx.registration(t).pk]),
            _registration_expect("cancel", anonymous=LOGIN),
            targets=REGISTRATION_TARGETS,
            private=name == "registration_absence",
        )
        for name in ("registration_cancel", "registration_absence")
    ),
    Probe(
        "registration_cancel",
        REGISTRATION_CANCEL,
        lambda ctx, t: reverse("registration_cancel", args=[ctx.registration(t).pk]),
        _registration_expect("cancel", ok=302, anonymous=LOGIN),
        targets=REGISTRATION_TARGETS,
        method="post",
        data=lambda ctx, actor, target: {"reason": "Sjuk"},
        reset=_registration_state(RegistrationState.BOOKED),
        done=_registration_in(RegistrationState.CANCELLED, RegistrationState.CANCELLED_LATE),
    ),
    Probe(
        "registration_absence",
        ABSENCE,
        lambda ctx, t: reverse("registration_absence", args=[ctx.registration(t).pk]),
        _registration_expect("cancel", ok=302, anonymous=LOGIN),
        targets=REGISTRATION_TARGETS,
        method="post",
        data=lambda ctx, actor, target: {"day": _first_day_of(ctx, target), "reason": "Tandläkare"},
        reset=_no_absence,
        done=_absence_announced,
    ),
    Probe(
        "registration_approvals",
        APPROVALS + " It lists exactly the waiting sign-ups of the people one manages.",
        _url("registration_approvals"),
        page(APPROVERS),
        reset=_requests_waiting,
        listed=_to_decide,
    ),
    *(
        Probe(
            "registration_decide",
            REGISTRATION_DECIDE,
            lambda ctx, t: reverse("registration_decide", args=[ctx.registration(t).pk]),
            _registration_expect("decide", ok=302, anonymous=LOGIN),
            targets=REGISTRATION_TARGETS,
            method="post",
            data=lambda ctx, actor, target, approve=approve, reason=reason: {"approve": approve, "reason": reason},
            reset=_registration_state(RegistrationState.REQUESTED),
            done=_registration_in(*outcomes),
        )
        for approve, reason, outcomes in (
            ("1", "", (RegistrationState.BOOKED, RegistrationState.WAITLISTED)),
            ("0", "Inte nu", (RegistrationState.DECLINED,)),
        )
    ),
    Probe(
        "my_registrations",
        "Everyone signed in has their own sign-ups page, showing nobody else (but who signed them up).",
        _url("my_registrations"),
        page(SIGNED_IN),
        reset=_registrations_tagged,
        listed=_people_of(SIGNED_UP_BY),
        private=True,
    ),
    Probe(
        "calendar_subscribe",
        "Everyone signed in has their own calendar address page.",
        _url("calendar_subscribe"),
        page(SIGNED_IN),
        private=True,
    ),
    Probe(
        "calendar_subscribe",
        "Everyone signed in may make (or replace) their own calendar address.",
        _url("calendar_subscribe"),
        page(SIGNED_IN, ok=302),
        method="post",
        reset=_no_feed,
        done=_has_feed,
    ),
    Probe(
        "calendar_feed",
        "The calendar feed needs no sign-in: the secret address is the key (an unknown one: 404).",
        lambda ctx, t: reverse("calendar_feed", args=[ctx.feed_token(t)]),
        lambda actor, target: 200 if target == "valid" else 404,
        targets=("valid", "unknown"),
        private=True,
    ),
    # --- course occasions: attendance ------------------------------------------------------
    *(
        Probe(
            name,
            ATTENDANCE + " The list shows exactly the booked participants.",
            _day_url(name),
            _attendance_expect(),
            targets=ATTENDANCE_TARGETS,
            reset=_ensure_participants,
            listed=_participants_for_planners,
            private=True,
        )
        for name in ("attendance_take", "attendance_sheet")
    ),
    Probe(
        "attendance_take",
        ATTENDANCE + " Saving the day's list marks everyone present, exactly when allowed.",
        _day_url("attendance_take"),
        _attendance_expect(ok=302),
        targets=ATTENDANCE_TARGETS,
        method="post",
        reset=_no_marks,
        done=_marked,
    ),
    *(
        Probe(
            name,
            ATTENDANCE + " The spreadsheet lists exactly the participants, for the takers only.",
            lambda ctx, t, name=name: reverse(name, args=[ctx.occasion_in(t).pk]) + "?format=csv",
            planning(),
            targets=PLANNING_PLACES,
            reset=_ensure_participants,
            listed=_participants_for_planners,
        )
        for name in ("occasion_participants_export", "occasion_attendance_export")
    ),
    Probe(
        "attendance_today",
        "The attendance taker's start page: who takes attendance somewhere (the planners, today).",
        _url("attendance_today"),
        page(PLANNERS),
    ),
    # --- django-allauth under /konto/ ------------------------------------------------------
    Probe(
        "account_login",
        f"{ALLAUTH} the sign-in page is public; a signed-in person is sent on to the start page.",
        _url("account_login"),
        split(200, 302),
        private=True,
    ),
    Probe(
        "account_logout",
        f"{ALLAUTH} signed in: a confirmation page (sign-out is a POST); anonymous: sent on.",
        _url("account_logout"),
        split(302, 200),
        private=True,
    ),
    Probe(
        "account_inactive",
        f"{ALLAUTH} the 'account is inactive' notice is public and personal to no one.",
        _url("account_inactive"),
        public(),
        private=True,
    ),
    Probe(
        "account_signup",
        f"{ALLAUTH} sign-up answers but is closed (accounts are made by admins); signed in: sent on.",
        _url("account_signup"),
        split(200, 302),
        private=True,
    ),
    Probe(
        "account_signup",
        f"{ALLAUTH} a sign-up attempt creates no account, whoever tries.",
        _url("account_signup"),
        split(200, 302),
        method="post",
        data=lambda ctx, actor, target: {"username": f"signup_{actor}", "password1": "Kursdag-2026-x"},
        done=lambda ctx, actor, target: User.objects.filter(username=f"signup_{actor}").exists(),
        writes=lambda actor, target: False,
    ),
    Probe(
        "account_reauthenticate",
        f"{ALLAUTH} confirming one's own password needs a sign-in.",
        _url("account_reauthenticate"),
        page(SIGNED_IN),
        private=True,
    ),
    Probe(
        "account_email",
        f"{ALLAUTH} one's own e-mail addresses, nobody else's.",
        _url("account_email"),
        page(SIGNED_IN),
        private=True,
    ),
    Probe(
        "account_email_verification_sent",
        f"{ALLAUTH} the 'verification sent' notice is public and personal to no one.",
        _url("account_email_verification_sent"),
        public(),
        private=True,
    ),
    Probe(
        "account_change_password",
        f"{ALLAUTH} changing one's own password needs a sign-in.",
        _url("account_change_password"),
        page(SIGNED_IN),
        private=True,
    ),
    Probe(
        "account_set_password",
        f"{ALLAUTH} setting a first password needs a sign-in; everyone here has one, so: to 'change'.",
        _url("account_set_password"),
        page(SIGNED_IN, ok=302),
        private=True,
    ),
    Probe(
        "account_reset_password",
        f"{ALLAUTH} asking for a reset link is public (answers the same for any address).",
        _url("account_reset_password"),
        public(),
        private=True,
    ),
    Probe(
        "account_confirm_login_code",
        f"{ALLAUTH} sign-in by code is off: everyone is sent away.",
        _url("account_confirm_login_code"),
        public(302),
        private=True,
    ),
    Probe(
        "account_confirm_email",
        f"{ALLAUTH} an e-mail confirmation link with a made-up key shows 'invalid link', nothing else.",
        lambda ctx, t: reverse("account_confirm_email", args=["made-up:key"]),
        public(),
        private=True,
    ),
    Probe(
        "account_reset_password_from_key_done",
        f"{ALLAUTH} the 'password changed' notice is public and personal to no one.",
        _url("account_reset_password_from_key_done"),
        public(),
        private=True,
    ),
    Probe(
        "account_reset_password_from_key",
        f"{ALLAUTH} a reset link with a made-up key (for another person's id) shows 'bad link', nothing else.",
        lambda ctx, t: reverse(
            "account_reset_password_from_key", kwargs={"uidb36": ctx.uidb36("staff_gavle"), "key": "abc-def"}
        ),
        public(),
        private=True,
    ),
    Probe(
        "account_reset_password_done",
        f"{ALLAUTH} the 'reset link sent' notice is public and personal to no one.",
        _url("account_reset_password_done"),
        public(),
        private=True,
    ),
    Probe(
        "set_language",
        "Anyone may switch the interface language.",
        _url("set_language"),
        public(302),
        method="post",
        data=lambda ctx, actor, target: {"language": "sv", "next": "/"},
    ),
    # --- API ------------------------------------------------------------------------------
    Probe("api_schema", "The API's description is public.", _url("api_schema"), public(), api=True),
    Probe("api_docs", "The API's documentation is public.", _url("api_docs"), public(), api=True),
    Probe("api-root", "The API's index: signed-in callers.", _url("api-root"), api(SIGNED_IN), api=True),
    Probe(
        "api_me",
        "Every signed-in caller reads themselves, and only themselves.",
        _url("api_me"),
        api(SIGNED_IN),
        api=True,
        rows=lambda ctx, actor: {ctx.obj(actor).pk},
    ),
    Probe(
        "region-list",
        "Lists hold only rows in the caller's scope.",
        _url("region-list"),
        api(SIGNED_IN),
        api=True,
        rows=_ids(REGIONS_SEEN),
    ),
    Probe(
        "region-detail",
        BY_ID,
        lambda ctx, t: reverse("region-detail", args=[ctx.obj(t).pk]),
        scoped(REGIONS_SEEN, anonymous=API_DENIED),
        targets=("dalarna", "gavleborg"),
        api=True,
    ),
    Probe(
        "municipality-list",
        "Lists hold only rows in the caller's scope.",
        _url("municipality-list"),
        api(SIGNED_IN),
        api=True,
        rows=_ids(MUNICIPALITIES_SEEN),
    ),
    Probe(
        "municipality-detail",
        BY_ID,
        lambda ctx, t: reverse("municipality-detail", args=[ctx.obj(t).pk]),
        scoped(MUNICIPALITIES_SEEN, anonymous=API_DENIED),
        targets=MUNICIPALITIES,
        api=True,
    ),
    Probe(
        "unit-list",
        "Lists hold only rows in the caller's scope.",
        _url("unit-list"),
        api(SIGNED_IN),
        api=True,
        rows=_ids(UNITS_SEEN),
    ),
    Probe(
        "unit-list",
        "Units are added by k-admins and up, in their own scope.",
        _url("unit-list"),
        _unit_create_expect,
        targets=MUNICIPALITIES,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"municipality": ctx.obj(target).pk, "name": f"Ny enhet {actor} {target}"},
        done=lambda ctx, actor, target: Unit.objects.filter(name=f"Ny enhet {actor} {target}").exists(),
    ),
    Probe(
        "unit-detail",
        BY_ID,
        lambda ctx, t: reverse("unit-detail", args=[ctx.obj(t).pk]),
        scoped(UNITS_SEEN, anonymous=API_DENIED),
        targets=UNITS,
        api=True,
    ),
    Probe(
        "unit-detail",
        BY_ID + " A manager sees their unit but may not rename it (403).",
        lambda ctx, t: reverse("unit-detail", args=[ctx.obj(t).pk]),
        scoped(UNITS_SEEN, UNITS_MANAGED, anonymous=API_DENIED),
        targets=UNITS,
        method="patch",
        api=True,
        data=lambda ctx, actor, target: {"name": f"Omdöpt av {actor} ({target})"},
        reset=_unit_name_back,
        done=_unit_renamed,
    ),
    Probe(
        "person-list",
        "Lists hold only rows in the caller's scope (someone who administers nobody gets an empty list).",
        _url("person-list"),
        api(SIGNED_IN),
        api=True,
        rows=_ids(PEOPLE_LISTED),
    ),
    Probe(
        "person-list",
        "People are created by people administrators, in their own scope only.",
        _url("person-list"),
        _person_create_expect,
        targets=UNITS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {
            "username": f"ny_{actor}_{target}",
            "first_name": "Ny",
            "last_name": "Medarbetare",
            "role": "staff",
            "unit": ctx.obj(target).pk,
        },
        done=lambda ctx, actor, target: User.objects.filter(username=f"ny_{actor}_{target}").exists(),
    ),
    Probe(
        "person-detail",
        BY_ID,
        lambda ctx, t: reverse("person-detail", args=[ctx.person(t).pk]),
        scoped(PEOPLE_SEEN, anonymous=API_DENIED),
        targets=PERSON_TARGETS,
        api=True,
    ),
    Probe(
        "person-detail",
        MANAGE + " Outside scope: 404 and nothing changed.",
        lambda ctx, t: reverse("person-detail", args=[ctx.fresh_person(t).pk]),
        scoped(PEOPLE_SEEN, PEOPLE_MANAGED, anonymous=API_DENIED),
        targets=PERSON_TARGETS,
        method="patch",
        api=True,
        data=lambda ctx, actor, target: {"first_name": "Ändrad"},
        reset=_rename_back,
        done=_renamed,
    ),
    Probe(
        "person-deactivate",
        MANAGE,
        lambda ctx, t: reverse("person-deactivate", args=[ctx.fresh_person(t).pk]),
        scoped(PEOPLE_SEEN, PEOPLE_MANAGED, anonymous=API_DENIED),
        targets=PERSON_TARGETS,
        method="post",
        api=True,
        reset=_set_active(True),
        done=_is_active(False),
    ),
    Probe(
        "person-activate",
        MANAGE,
        lambda ctx, t: reverse("person-activate", args=[ctx.fresh_person(t).pk]),
        scoped(PEOPLE_SEEN, PEOPLE_MANAGED, anonymous=API_DENIED),
        targets=PERSON_TARGETS,
        method="post",
        api=True,
        reset=_set_active(False),
        done=_is_active(True),
    ),
    Probe(
        "person-roles",
        MANAGE,
        lambda ctx, t: reverse("person-roles", args=[ctx.fresh_person(t).pk]),
        _person_roles_expect,
        targets=PERSON_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {
            "role": "trainer",
            "municipality": ctx.obj(TARGET_UNITS[target]).municipality_id,
        },
        reset=_drop_trainer_roles,
        done=_has_trainer_role,
    ),
    Probe(
        "roleassignment-list",
        "Lists hold only rows in the caller's scope.",
        _url("roleassignment-list"),
        api(SIGNED_IN),
        api=True,
        rows=_assignments_of(PEOPLE_LISTED),
    ),
    Probe(
        "roleassignment-detail",
        BY_ID,
        lambda ctx, t: reverse("roleassignment-detail", args=[ctx.person_staff_role(t).pk]),
        scoped(PEOPLE_SEEN, anonymous=API_DENIED),
        targets=PERSON_TARGETS,
        api=True,
    ),
    Probe(
        "roleassignment-end",
        MANAGE + " Outside scope: 404 and the role stays.",
        lambda ctx, t: reverse("roleassignment-end", args=[ctx.staff_role(t).pk]),
        scoped(PEOPLE_SEEN, PEOPLE_MANAGED, anonymous=API_DENIED),
        targets=PERSON_TARGETS,
        method="post",
        api=True,
        reset=_reopen_role,
        done=_role_ended,
    ),
    Probe(
        "journey-list",
        "Every signed-in caller reads the catalog.",
        _url("journey-list"),
        api(SIGNED_IN),
        api=True,
        rows=lambda ctx, actor: {ctx.w.bou.pk, ctx.w.funk.pk},
    ),
    Probe(
        "journey-detail",
        "Every signed-in caller reads the catalog.",
        lambda ctx, t: reverse("journey-detail", args=[ctx.obj(t).code]),
        api(SIGNED_IN),
        targets=JOURNEYS,
        api=True,
    ),
    Probe(
        "course-list",
        "Every signed-in caller reads the catalog.",
        _url("course-list"),
        api(SIGNED_IN),
        api=True,
        rows=lambda ctx, actor: {ctx.w.bou_course.pk, ctx.w.funk_course.pk},
    ),
    Probe(
        "course-detail",
        "Every signed-in caller reads the catalog.",
        lambda ctx, t: reverse("course-detail", args=[ctx.obj(COURSES[t]).pk]),
        api(SIGNED_IN),
        targets=JOURNEYS,
        api=True,
    ),
    Probe(
        "auditevent-list",
        "The audit trail: system admins all of it, regional roles their region's; others 403.",
        _url("auditevent-list"),
        api(AUDIT_VIEWERS),
        api=True,
        rows=_regions_of_audit,
    ),
    Probe(
        "auditevent-detail",
        "An audit event by id: 404 outside the caller's region, 403 for non-readers.",
        lambda ctx, t: reverse("auditevent-detail", args=[ctx.audit_event_in(t).pk]),
        _audit_expect,
        targets=("dalarna", "gavleborg"),
        api=True,
    ),
    Probe(
        "api_my_journeys",
        "Every signed-in caller reads their own journeys.",
        _url("api_my_journeys"),
        api(SIGNED_IN),
        api=True,
        private=True,
    ),
    Probe(
        "api_my_task_done",
        MIN_RESA,
        lambda ctx, t: reverse("api_my_task_done", args=[ctx.obj(PARTICIPANT_TASKS[t]).pk]),
        participates(anonymous=API_DENIED),
        targets=PARTICIPATION,
        method="post",
        api=True,
        reset=_undo_task,
        done=_task_done,
    ),
    Probe(
        "api_my_task_done",
        MIN_RESA,
        lambda ctx, t: reverse("api_my_task_done", args=[ctx.obj(PARTICIPANT_TASKS[t]).pk]),
        participates(anonymous=API_DENIED),
        targets=PARTICIPATION,
        method="delete",
        api=True,
        reset=_redo_task,
        done=_task_undone,
    ),
    Probe(
        "enrolment-list",
        "Journeys: one's own and those of the people one administers, nobody else's.",
        _url("enrolment-list"),
        api(SIGNED_IN),
        api=True,
        reset=_ensure_journeys,
        rows=_user_rows(Enrolment),
    ),
    Probe(
        "enrolment-list",
        "Placing a person on a journey: who may place them (403 if only visible); outside scope: 400.",
        _url("enrolment-list"),
        _enrolment_create_expect,
        targets=PERSON_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"person": ctx.fresh_person(target).pk, "level": ctx.w.bou_ny.pk},
        reset=_off_journeys("bou"),
        done=_on_journey("bou"),
    ),
    Probe(
        "enrolment-detail",
        BY_ID + " One's own journey, too.",
        lambda ctx, t: reverse("enrolment-detail", args=[ctx.enrolment(t).pk]),
        own_or_scoped(),
        targets=PERSON_TARGETS,
        api=True,
    ),
    Probe(
        "enrolment-pause",
        PAUSE,
        lambda ctx, t: reverse("enrolment-pause", args=[ctx.enrolment(t).pk]),
        own_or_scoped(PEOPLE_MANAGED),
        targets=PERSON_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"reason": "Språket"},
        reset=_set_status("active"),
        done=_has_status("paused"),
    ),
    Probe(
        "enrolment-resume",
        PAUSE,
        lambda ctx, t: reverse("enrolment-resume", args=[ctx.enrolment(t).pk]),
        own_or_scoped(PEOPLE_MANAGED),
        targets=PERSON_TARGETS,
        method="post",
        api=True,
        reset=_set_status("paused"),
        done=_has_status("active"),
    ),
    Probe(
        "courseprogress-list",
        "Progress: one's own and that of the people one administers, nobody else's.",
        _url("courseprogress-list"),
        api(SIGNED_IN),
        api=True,
        reset=_ensure_journeys,
        rows=_user_rows(CourseProgress),
    ),
    Probe(
        "courseprogress-detail",
        BY_ID + " One's own progress, too.",
        lambda ctx, t: reverse("courseprogress-detail", args=[ctx.progress(t).pk]),
        own_or_scoped(),
        targets=PERSON_TARGETS,
        api=True,
    ),
    Probe(
        "occasion-list",
        OCCASIONS,
        _url("occasion-list"),
        api(SIGNED_IN),
        api=True,
        reset=_ensure_occasions,
        rows=_occasions_seen,
    ),
    Probe(
        "occasion-detail",
        OCCASIONS + " " + BY_ID,
        lambda ctx, t: reverse("occasion-detail", args=[ctx.occasion_in(t).pk]),
        scoped(OCCASIONS_SEEN, anonymous=API_DENIED),
        targets=OCCASION_PLACES,
        api=True,
    ),
    Probe(
        "occasion-registrations",
        SIGN_UP,
        lambda ctx, t: reverse("occasion-registrations", args=[ctx.occasion_in(t).pk]),
        _self_signup_expect,
        targets=OCCASION_PLACES,
        method="post",
        api=True,
        reset=_self_off,
        done=_self_signed_up,
    ),
    Probe(
        "occasion-registrations",
        SIGN_UP_OTHER,
        lambda ctx, t: reverse("occasion-registrations", args=[ctx.w.occasion.pk]),
        _signup_other_expect,
        targets=PERSON_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"person": ctx.fresh_person(target).pk},
        reset=_fresh_off,
        done=_fresh_signed_up,
    ),
    Probe(
        "registration-list",
        REGISTRATION_READ,
        _url("registration-list"),
        api(SIGNED_IN),
        api=True,
        reset=_ensure_registrations,
        rows=_registrations_seen,
    ),
    Probe(
        "registration-detail",
        REGISTRATION_READ + " " + BY_ID,
        lambda ctx, t: reverse("registration-detail", args=[ctx.registration(t).pk]),
        _registration_expect(),
        targets=REGISTRATION_TARGETS,
        api=True,
    ),
    Probe(
        "registration-cancel",
        REGISTRATION_CANCEL,
        lambda ctx, t: reverse("registration-cancel", args=[ctx.registration(t).pk]),
        _registration_expect("cancel"),
        targets=REGISTRATION_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"reason": "Sjuk"},
        reset=_registration_state(RegistrationState.BOOKED),
        done=_registration_in(RegistrationState.CANCELLED, RegistrationState.CANCELLED_LATE),
    ),
    *(
        Probe(
            "registration-decide",
            REGISTRATION_DECIDE,
            lambda ctx, t: reverse("registration-decide", args=[ctx.registration(t).pk]),
            _registration_expect("decide"),
            targets=REGISTRATION_TARGETS,
            method="post",
            api=True,
            data=lambda ctx, actor, target, approve=approve: {"approve": approve},
            reset=_registration_state(RegistrationState.REQUESTED),
            done=_registration_in(outcome),
        )
        for approve, outcome in ((True, RegistrationState.BOOKED), (False, RegistrationState.DECLINED))
    ),
    Probe(
        "occasion-registrations",
        SIGN_UP_OTHER + " " + "Several at once (people): all or nothing, every refusal a 400.",
        lambda ctx, t: reverse("occasion-registrations", args=[ctx.w.occasion.pk]),
        _signup_people_expect,
        targets=PERSON_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"people": [ctx.fresh_person(target).pk]},
        reset=_fresh_off,
        done=_fresh_signed_up,
    ),
    Probe(
        "registration-absence",
        ABSENCE,
        lambda ctx, t: reverse("registration-absence", args=[ctx.registration(t).pk]),
        _registration_expect("cancel", ok=201),
        targets=REGISTRATION_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"course_day": _first_day_of(ctx, target), "reason": "Tandläkare"},
        reset=_no_absence,
        done=_absence_announced,
    ),
    Probe(
        "occasion-list",
        PLAN + " A place not seen is an unknown id (400), one seen but not one's own is refused (403).",
        _url("occasion-list"),
        _plan_api_expect,
        targets=PLAN_TARGETS,
        method="post",
        api=True,
        data=_plan_body,
        done=_planned,
    ),
    *(
        Probe(
            "occasion-detail",
            MANAGE_OCCASION,
            lambda ctx, t: reverse("occasion-detail", args=[ctx.occasion_in(t).pk]),
            planning(anonymous=API_DENIED),
            targets=PLANNING_PLACES,
            method=method,
            api=True,
            data=data,
            reset=_occasion_name_back,
            done=_occasion_renamed,
        )
        for method, data in (
            ("patch", lambda ctx, actor, target: {"name": f"Ändrat av {actor}"}),
            ("put", _occasion_body),
        )
    ),
    Probe(
        "occasion-copy",
        MANAGE_OCCASION + " A copy is made exactly when allowed.",
        lambda ctx, t: reverse("occasion-copy", args=[ctx.occasion_in(t).pk]),
        planning(ok=201, anonymous=API_DENIED),
        targets=PLANNING_PLACES,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"first_day": _soon(COPY_IN_DAYS).isoformat()},
        reset=_no_copies,
        done=_copied,
    ),
    Probe(
        "occasion-cancel",
        MANAGE_OCCASION + " The occasion is cancelled exactly when allowed.",
        lambda ctx, t: reverse("occasion-cancel", args=[ctx.occasion_in(t).pk]),
        planning(anonymous=API_DENIED),
        targets=PLANNING_PLACES,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"reason": "Kursledaren är sjuk"},
        reset=_reopen_occasion,
        done=_occasion_cancelled,
    ),
    Probe(
        "occasion-attendance",
        ATTENDANCE,
        lambda ctx, t: reverse("occasion-attendance", args=[ctx.occasion_in(t).pk]),
        planning(anonymous=API_DENIED),
        targets=PLANNING_PLACES,
        api=True,
        reset=_ensure_participants,
    ),
    Probe(
        "occasion-take-attendance",
        ATTENDANCE + " The day's attendance is taken exactly when allowed.",
        _day_url("occasion-take-attendance"),
        _attendance_expect(anonymous=API_DENIED, api=True),
        targets=ATTENDANCE_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"absent": []},
        reset=_no_marks,
        done=_marked,
    ),
    Probe(
        "occasion-mark-attendance",
        ATTENDANCE + " One participant is marked exactly when allowed.",
        lambda ctx, t: reverse(
            "occasion-mark-attendance",
            args=[
                ctx.occasion_in(_occasion_place(t)).pk,
                ctx.attendance_day(_day_place(t)).pk,
                _first_participant(ctx, t).pk,
            ],
        ),
        _attendance_expect(anonymous=API_DENIED, api=True),
        targets=ATTENDANCE_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"present": False, "reason": "Sjuk"},
        reset=_no_marks,
        done=_marked,
    ),
)
