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
#: The occasions each actor teaches on: the matrix puts the world's trainer (Avesta) on the Dalarna
#: occasion's team (``MatrixWorld.ensure_teams``). A trainer of one occasion is a stranger to the others.
OCCASIONS_TAUGHT = {"trainer": {"dalarna"}}
#: Who takes attendance on an occasion and reads its participant list: its planners and its trainers.
ATTENDANCE_TAKEN = {
    actor: set(_get(OCCASIONS_PLANNED, actor)) | set(_get(OCCASIONS_TAUGHT, actor))
    for actor in {*OCCASIONS_PLANNED, *OCCASIONS_TAUGHT}
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


def taking(ok: Outcome = 200, anonymous: Outcome = LOGIN) -> Expect:
    """An occasion by id, for who takes attendance on it: its planners and its trainers; 403 for who only
    sees it, 404 for who does not."""
    return scoped(OCCASIONS_SEEN, ATTENDANCE_TAKEN, ok=ok, anonymous=anonymous)


def _attendance_expect(ok: Outcome = 200, anonymous: Outcome = LOGIN, api: bool = False) -> Expect:
    """Taking attendance: the occasion's planners and trainers (403 if only seen, 404 if not). A day of
    another occasion is 404: the pages look the day up first (404 for everyone), the API checks the right
    on the occasion first (403 for who only sees it) and then the day (404)."""
    places = taking(ok=ok, anonymous=anonymous)

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


def _participants_for_takers(ctx: Any, actor: str, target: str) -> set[int]:
    """The occasion's participants, listed for who takes attendance on it: its planners and trainers."""
    if target not in _get(ATTENDANCE_TAKEN, actor):
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
ATTENDANCE = (
    "Attendance: the occasion's planners and its trainers (a trainer of another occasion is not one);"
    " 403 if the occasion is only seen, 404 if not."
)
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
            listed=_participants_for_takers,
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
            taking(),
            targets=PLANNING_PLACES,
            reset=_ensure_participants,
            listed=_participants_for_takers,
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
        taking(anonymous=API_DENIED),
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


# --- trainer teams (issue 5) ------------------------------------------------------------------------
#
# The pools: a region's trainers (kept by its regional roles) and a municipality's discussion leaders
# (kept by its k-admin, and by the region's roles). Targets are trainer profiles (``MatrixWorld.TEAM`` and
# ``TRAINER_PEOPLE``): ``own`` the world's trainer (Avesta, on the Dalarna occasion's team),
# ``staff_trainer`` a trainer of Avesta who works in Avesta hemtjänst (the manager's staff; the Dalarna
# team's reserve), ``falun`` a trainer of Falun (the Dalarna team's course leader), ``leader`` a
# discussion leader of Avesta (leads Avesta's municipal occasion), ``gavle`` a trainer of Gävle (on the
# Gävleborg occasion's team). A trainer sees their own profile and their region's trainer pool (the
# people they teach with), not a municipality's discussion leaders.

#: Who keeps a trainer pool somewhere (``trainers.coordinate_some``): the coordinators' pages.
COORDINATORS = frozenset({"system_admin", *REGIONAL, "municipal_admin", *OUTSIDERS})
#: Who is in a trainer pool among the actors (Plattformen's own pages): the world's trainer.
IN_A_POOL = frozenset({"trainer"})
PROFILE_TARGETS = ("own", "staff_trainer", "falun", "leader", "gavle")
_DALARNA_POOL = {"own", "staff_trainer", "falun", "leader"}
#: The trainer profiles each actor sees: coordinators their pools (a k-admin also the trainers their
#: municipality lends), a trainer themselves and their region's trainers.
PROFILES_SEEN = {
    "system_admin": set(PROFILE_TARGETS),
    "regional_admin": _DALARNA_POOL,
    "regional_project_leader": _DALARNA_POOL,
    "municipal_admin": {"own", "staff_trainer", "leader"},
    "municipal_admin_falun": {"falun"},
    "regional_admin_gavleborg": {"gavle"},
    "trainer": {"own", "staff_trainer", "falun"},
}
#: The profiles each actor keeps (``trainers.coordinate``): a k-admin only their discussion leaders.
PROFILES_KEPT = {
    "system_admin": set(PROFILE_TARGETS),
    "regional_admin": _DALARNA_POOL,
    "regional_project_leader": _DALARNA_POOL,
    "municipal_admin": {"leader"},
    "regional_admin_gavleborg": {"gavle"},
}
#: Who says when a trainer cannot teach: who keeps the pool, and the trainer themselves.
AVAILABILITY_SET = {**PROFILES_KEPT, "trainer": {"own"}}
#: Who sees when a trainer cannot teach: who keeps or lends them (a k-admin), and the trainer themselves
#: (not their fellow trainers: another's period is 404 to a trainer).
UNAVAILABILITY_SEEN = {**PROFILES_SEEN, "trainer": {"own"}}
#: The coordinators' pool pages show the pools one coordinates (the trainers a k-admin lends, too).
POOL_SEEN = {actor: targets for actor, targets in PROFILES_SEEN.items() if actor in COORDINATORS}
#: The spare trainers (in the pool, on no team) count in the pool lists where their twin does.
_SPARE_TWINS = {"leader2": "leader", "gavle2": "gavle"}


def _with_spares(keys: set[str]) -> set[str]:
    return keys | {spare for spare, twin in _SPARE_TWINS.items() if twin in keys}


#: The occasion each team member / course day target is on (``MatrixWorld.TEAM``).
TEAM_PLACE = {
    "own": "dalarna",
    "falun": "dalarna",
    "staff_trainer": "dalarna",
    "leader": "avesta",
    "gavle": "gavleborg",
}
TEAM_TARGETS = tuple(TEAM_PLACE)
_DALARNA_TEAMS = {"own", "falun", "staff_trainer", "leader"}
#: Teams seen: the occasion's coordinators, its team, and the k-admins of the municipality that lends a
#: trainer (their own trainer's row).
TEAMS_SEEN = {
    "system_admin": set(TEAM_TARGETS),
    "regional_admin": _DALARNA_TEAMS,
    "regional_project_leader": _DALARNA_TEAMS,
    "municipal_admin": {"own", "staff_trainer", "leader"},
    "municipal_admin_falun": {"falun"},
    "regional_admin_gavleborg": {"gavle"},
    "trainer": {"own", "falun", "staff_trainer"},
}
#: Course days seen: as teams, and a manager sees the days their own staff teach (they allow the days).
DAYS_SEEN = {**TEAMS_SEEN, "manager": {"staff_trainer"}}
#: The places with a team: the Dalarna occasion, Avesta's municipal one and the Gävleborg one.
TEAM_PLACES = ("dalarna", "avesta", "gavleborg")
#: Where a spare trainer is put on the team or a course day (a probe of its own for each).
SPARE_PLACES = ("avesta", "gavleborg")
#: Who steps in for an absent trainer on the first course day (the spare of the occasion's pool).
SUBSTITUTE_OF = {"own": "staff_trainer", "leader": "leader2", "gavle": "gavle2"}
SUBSTITUTE_TARGETS = tuple(SUBSTITUTE_OF)


def _coordinates(actor: str, place: str) -> bool:
    """The occasion's coordinators are its planners (``occasions.manage``)."""
    return place in _get(OCCASIONS_PLANNED, actor)


def _coordinator_page(
    seen: dict[str, Any], kept: dict[str, Any] | None = None, ok: Outcome = 200, anonymous: Outcome = LOGIN
) -> Expect:
    """A coordinator's page about a target: 403 for who coordinates nothing, then as ``scoped``."""
    inner = scoped(seen, kept, ok=ok, anonymous=anonymous)

    def expect(actor: str, target: str) -> Outcome:
        if actor != ANONYMOUS and actor not in COORDINATORS:
            return 403
        return inner(actor, target)

    return expect


def _team_object(seen: dict[str, Any], ok: Outcome = 200, anonymous: Outcome = API_DENIED, **rights: Any) -> Expect:
    """A team member or course day by id: 404 unseen; ``ok`` for the occasion's coordinators (and, with
    ``own=True``, for the trainer themselves); 403 for who only sees it."""

    def expect(actor: str, target: str) -> Outcome:
        if actor == ANONYMOUS:
            return anonymous
        if target not in _get(seen, actor):
            return 404
        own = rights.get("own") and actor == "trainer" and target == "own"
        return ok if own or _coordinates(actor, TEAM_PLACE[target]) else 403

    return expect


def _spare_seen(actor: str, place: str) -> bool:
    """Who sees the spare of ``place`` (leader2, a discussion leader of Avesta; gavle2, a trainer of Gävle)."""
    return _SPARE_TWINS[MATRIX_SPARES[place]] in _get(PROFILES_SEEN, actor)


MATRIX_SPARES = {"avesta": "leader2", "gavleborg": "gavle2"}


def _team_post_expect(actor: str, place: str) -> Outcome:
    """Putting the spare on a team or a course day through the API: 403 for who coordinates nothing; an
    occasion (course day) or a trainer one does not see is an unknown id (400); an occasion one sees but
    does not coordinate is refused (403). Nothing made."""
    if actor == ANONYMOUS:
        return API_DENIED
    if actor not in COORDINATORS:
        return 403
    if place not in _get(OCCASIONS_SEEN, actor) or not _spare_seen(actor, place):
        return 400
    return 201 if _coordinates(actor, place) else 403


def _spare_object(ok: Outcome, anonymous: Outcome = API_DENIED) -> Expect:
    """The spare's team membership or course day by id: seen exactly by the occasion's coordinators."""
    return lambda actor, target: anonymous if actor == ANONYMOUS else (ok if _coordinates(actor, target) else 404)


def _team_page_expect(ok: Outcome) -> Expect:
    """The team pages of an occasion: its coordinators; 403 if only seen, 404 if not."""
    return planning(ok=ok)


def _substitute_page_expect(ok: Outcome) -> Expect:
    return lambda actor, target: planning(ok=ok)(actor, TEAM_PLACE[target])


def _new_profile_expect(actor: str, target: str) -> Outcome:
    """Putting a person in a pool through the API: 403 for who keeps no pool; a person one does not see is
    an unknown id (400); a pool one does not keep is refused (403; a k-admin keeps only discussion leaders)."""
    if actor == ANONYMOUS:
        return API_DENIED
    if actor not in COORDINATORS:
        return 403
    if target not in _get(NEW_TRAINERS_SEEN, actor):
        return 400
    return 201 if target in _get(NEW_TRAINERS_KEPT, actor) else 403


#: A person to put in a pool: a trainer of Avesta, staff of Avesta boende (as a discussion leader), a
#: trainer of Gävle. Who sees them, and who keeps the pool they go to.
NEW_TRAINER_TARGETS = ("avesta", "leader", "gavle")
NEW_TRAINERS_SEEN = {
    "system_admin": set(NEW_TRAINER_TARGETS),
    "regional_admin": {"avesta", "leader"},
    "regional_project_leader": {"avesta", "leader"},
    "municipal_admin": {"avesta", "leader"},
    "regional_admin_gavleborg": {"gavle"},
}
NEW_TRAINERS_KEPT = {**NEW_TRAINERS_SEEN, "municipal_admin": {"leader"}}
NEW_TRAINER_HOME = {"avesta": "avesta", "leader": "avesta", "gavle": "gavle"}

# Recruiting: a call for BoU's course next term in Dalarna and in Gävleborg, answered yes by ``own``,
# ``staff_trainer`` and ``falun`` (Dalarna) and ``gavle`` (Gävleborg), each waiting for the manager.
CALL_PLACES = ("dalarna", "gavleborg")
#: Calls seen: the region's coordinators; a trainer the open calls of their region for their courses.
CALLS_SEEN = {
    "system_admin": set(CALL_PLACES),
    "regional_admin": {"dalarna"},
    "regional_project_leader": {"dalarna"},
    "regional_admin_gavleborg": {"gavleborg"},
    "trainer": {"dalarna"},
}
CALLS_COORDINATED = {actor: places for actor, places in CALLS_SEEN.items() if actor != "trainer"}
#: Who opens calls for a course and a term: the regional roles (and system admins).
CALL_OPENERS = frozenset(CALLS_COORDINATED)
ANSWER_CALL = {"own": "dalarna", "staff_trainer": "dalarna", "falun": "dalarna", "gavle": "gavleborg"}
ANSWER_TARGETS = tuple(ANSWER_CALL)
#: The trainers each manager or k-admin is over: the manager their unit's staff, a k-admin the trainers
#: their municipality lends.
TRAINERS_OVER = {
    "system_admin": set(ANSWER_TARGETS),
    "manager": {"staff_trainer"},
    "municipal_admin": {"own", "staff_trainer"},
    "municipal_admin_falun": {"falun"},
}
#: Answers seen: the call's coordinators, the trainer's own, and those waiting for one's approval.
ANSWERS_SEEN = {
    **TRAINERS_OVER,
    "regional_admin": {"own", "staff_trainer", "falun"},
    "regional_project_leader": {"own", "staff_trainer", "falun"},
    "regional_admin_gavleborg": {"gavle"},
    "trainer": {"own"},
}


def _call_expect(ok: Outcome = 200, anonymous: Outcome = API_DENIED, answers: bool = False) -> Expect:
    """A call (or, ``answers``, an answer to one) by id for its coordinators: 403 if only seen, 404 if not.
    An answer is reached through its call on the pages (``CALLS_SEEN``), by id in the API (``ANSWERS_SEEN``)."""

    def expect(actor: str, target: str) -> Outcome:
        if actor == ANONYMOUS:
            return anonymous
        call = ANSWER_CALL[target] if answers else target
        seen = target in _get(ANSWERS_SEEN, actor) if answers and anonymous == API_DENIED else None
        if seen is None:
            seen = call in _get(CALLS_SEEN, actor)
        if not seen:
            return 404
        return ok if call in _get(CALLS_COORDINATED, actor) else 403

    return expect


def _answering_expect(ok: Outcome, anonymous: Outcome) -> Expect:
    """Answering a call: the trainers it goes to (the world's trainer: Dalarna's); 403 if only seen, 404 if
    not (the API: an unknown call id is a 400)."""

    def expect(actor: str, target: str) -> Outcome:
        if actor == ANONYMOUS:
            return anonymous
        if target not in _get(CALLS_SEEN, actor):
            return 400 if anonymous == API_DENIED else 404
        return ok if actor == "trainer" else 403

    return expect


def _approval_expect(ok: Outcome, anonymous: Outcome) -> Expect:
    """A manager's (or k-admin's) approval of an answer: 404 unseen, 403 if seen but not over the trainer.
    The API's approvals are for approvers only (403 for others) and reach only their own trainers (404)."""

    def expect(actor: str, target: str) -> Outcome:
        if actor == ANONYMOUS:
            return anonymous
        over = target in _get(TRAINERS_OVER, actor)
        if anonymous == API_DENIED:
            return 403 if actor not in APPROVERS else (ok if over else 404)
        if target not in _get(ANSWERS_SEEN, actor):
            return 404
        return ok if over else 403

    return expect


def _call_open_expect(actor: str, target: str) -> Outcome:
    """Opening a call for a course and a term: the regional roles (403 for others); a region one does not
    see is an unknown id (400), one seen but not coordinated is refused (403)."""
    if actor == ANONYMOUS:
        return API_DENIED
    if actor not in CALL_OPENERS:
        return 403
    if target in _get(CALLS_COORDINATED, actor):
        return 201
    return 403 if _place_seen(actor, target) else 400


# Trainer meetings: a Dalarna one (``own`` and ``falun`` invited), Avesta's for its discussion leaders
# (``leader``) and a Gävleborg one (``gavle``).
MEETING_PLACES = ("dalarna", "avesta", "gavleborg")
MEETINGS_MANAGED = {
    "system_admin": set(MEETING_PLACES),
    "regional_admin": {"dalarna", "avesta"},
    "regional_project_leader": {"dalarna", "avesta"},
    "municipal_admin": {"avesta"},
    "regional_admin_gavleborg": {"gavleborg"},
}
#: Meetings seen: who plans them, and who is invited.
MEETINGS_SEEN = {**MEETINGS_MANAGED, "trainer": {"dalarna"}}
INVITATION_MEETING = {"own": "dalarna", "falun": "dalarna", "leader": "avesta", "gavle": "gavleborg"}
INVITATION_TARGETS = tuple(INVITATION_MEETING)
#: Invitations seen: every one to a meeting one plans, and one's own.
INVITATIONS_SEEN = {
    actor: {t for t, place in INVITATION_MEETING.items() if place in places}
    for actor, places in MEETINGS_MANAGED.items()
} | {"trainer": {"own"}}
#: Who the meeting's pool adds when the whole pool is invited (those not yet invited).
MEETING_NEWCOMER = {"dalarna": "staff_trainer", "avesta": "leader2", "gavleborg": "gavle2"}


def _meeting_create_expect(actor: str, target: str) -> Outcome:
    """Planning a meeting through the API: 403 for who keeps no pool; a place one does not see is an
    unknown id (400), one seen but not one's own is refused (403)."""
    if actor == ANONYMOUS:
        return API_DENIED
    if actor not in COORDINATORS:
        return 403
    if target in _get(MEETINGS_MANAGED, actor):
        return 201
    return 403 if _place_seen(actor, target) else 400


def _reply_expect(ok: Outcome, anonymous: Outcome) -> Expect:
    """Replying to an invitation: the one invited. The API: 403 if the invitation is only seen; the page
    looks up one's own invitation to the meeting (404 for anyone else)."""

    def expect(actor: str, target: str) -> Outcome:
        if actor == ANONYMOUS:
            return anonymous
        if anonymous == LOGIN:
            return ok if actor == "trainer" and target == "dalarna" else 404
        if target not in _get(INVITATIONS_SEEN, actor):
            return 404
        return ok if actor == "trainer" and target == "own" else 403

    return expect


def _own_day_expect(ok: Outcome = 200) -> Expect:
    """A trainer's own pages about one course day or period: 403 for who is in no pool, 404 for anyone
    else's day (a teammate's too)."""
    return lambda actor, target: (
        LOGIN if actor == ANONYMOUS else (403 if actor not in IN_A_POOL else (ok if target == "own" else 404))
    )


# Trainers' resets, effects and rows (the objects are reached through ``ctx``, see MatrixWorld).


def _ensure_trainers(ctx: Any, actor: str, target: str) -> None:
    ctx.ensure_trainers()
    ctx.tag_names()


def _no_content(expect: Expect) -> Callable[[str, str], bool]:
    """A DELETE answers 204 (not among ``SUCCESS``): the change is made exactly then."""
    return lambda actor, target: expect(actor, target) == 204


def _profile_rows(ctx: Any, actor: str) -> set[int]:
    ctx.ensure_trainers()
    return {ctx.profile(key).pk for key in _with_spares(set(_get(PROFILES_SEEN, actor)))}


def _profile_people(table: dict[str, Any], spares: bool = True) -> Callable[[Any, str, str], set[int]]:
    def listed(ctx: Any, actor: str, target: str) -> set[int]:
        keys = set(_get(table, actor))
        return {ctx.trainer_person(key).pk for key in (_with_spares(keys) if spares else keys)}

    return listed


def _member_rows(ctx: Any, actor: str) -> set[int]:
    return {ctx.team_member(key).pk for key in _get(TEAMS_SEEN, actor)}


def _day_rows(ctx: Any, actor: str) -> set[int]:
    return {ctx.day_assignment(key).pk for key in _get(DAYS_SEEN, actor)}


def _call_rows(ctx: Any, actor: str) -> set[int]:
    return {ctx.trainer_call(place).pk for place in _get(CALLS_SEEN, actor)}


def _answer_rows(ctx: Any, actor: str) -> set[int]:
    return {ctx.call_answer(key).pk for key in _get(ANSWERS_SEEN, actor)}


def _approval_rows(ctx: Any, actor: str) -> set[int]:
    return {ctx.call_answer(key).pk for key in _get(TRAINERS_OVER, actor)}


def _meeting_rows(ctx: Any, actor: str) -> set[int]:
    return {ctx.meeting(place).pk for place in _get(MEETINGS_SEEN, actor)}


def _invitation_rows(ctx: Any, actor: str) -> set[int]:
    return {ctx.invitation(key).pk for key in _get(INVITATIONS_SEEN, actor)}


def _profile_note_back(ctx: Any, actor: str, target: str) -> None:
    type(ctx.profile(target)).objects.filter(pk=ctx.profile(target).pk).update(note="")


def _profile_noted(ctx: Any, actor: str, target: str) -> bool:
    return ctx.profile(target).note == f"Ändrad av {actor}"


def _no_qualification(course: str) -> Callable[[Any, str, str], None]:
    def reset(ctx: Any, actor: str, target: str) -> None:
        type(ctx.qualification(target, course)).objects.filter(
            trainer=ctx.profile(target), course=ctx.obj(course)
        ).delete()

    return reset


def _has_qualification(course: str) -> Callable[[Any, str, str], bool]:
    def done(ctx: Any, actor: str, target: str) -> bool:
        return ctx.profile(target).qualifications.filter(course=ctx.obj(course)).exists()

    return done


def _qualified(ctx: Any, actor: str, target: str) -> None:
    ctx.qualification(target)


def _not_qualified(ctx: Any, actor: str, target: str) -> bool:
    return not ctx.profile(target).qualifications.filter(course=ctx.w.bou_course).exists()


def _no_unavailability(ctx: Any, actor: str, target: str) -> None:
    ctx.profile(target).unavailable.filter(reason="matrix").delete()


def _has_unavailability(ctx: Any, actor: str, target: str) -> bool:
    return ctx.profile(target).unavailable.filter(reason="matrix").exists()


def _unavailable(ctx: Any, actor: str, target: str) -> None:
    ctx.unavailability(target)


def _available(ctx: Any, actor: str, target: str) -> bool:
    return not _has_unavailability(ctx, actor, target)


def _far_ahead(days: int) -> str:
    return _soon(days).isoformat()


def _unavailability_body(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    return {"start": _far_ahead(300), "end": _far_ahead(302), "reason": "matrix"}


def _new_trainer_off(ctx: Any, actor: str, target: str) -> None:
    type(ctx.profile("own")).objects.filter(user=ctx.new_trainer_person(target)).delete()


def _new_trainer_in(ctx: Any, actor: str, target: str) -> bool:
    return type(ctx.profile("own")).objects.filter(user=ctx.new_trainer_person(target)).exists()


def _spare_off_team(ctx: Any, actor: str, target: str) -> None:
    ctx.spare_off_team(target)


def _spare_on_team(ctx: Any, actor: str, target: str) -> bool:
    return (
        type(ctx.team_member("own"))
        .objects.filter(occasion=ctx.occasion_in(target), trainer=ctx.spare(target))
        .exists()
    )


def _spare_back_on_team(ctx: Any, actor: str, target: str) -> None:
    ctx.spare_member(target)


def _spare_off(ctx: Any, actor: str, target: str) -> bool:
    return not _spare_on_team(ctx, actor, target)


def _spare_unassigned(ctx: Any, actor: str, target: str) -> None:
    ctx.spare_unassigned(target)


def _spare_assigned(ctx: Any, actor: str, target: str) -> bool:
    return (
        type(ctx.day_assignment("own"))
        .objects.filter(trainer=ctx.spare(target), course_day=ctx.course_day(target), absent=False)
        .exists()
    )


def _spare_back_on_day(ctx: Any, actor: str, target: str) -> None:
    ctx.spare_assignment(target)


def _spare_not_on_day(ctx: Any, actor: str, target: str) -> bool:
    return not _spare_assigned(ctx, actor, target)


def _present_again(ctx: Any, actor: str, target: str) -> None:
    """The target's course day assignment not absent, and nobody stepping in for them."""
    assignment = ctx.day_assignment(target)
    model = type(assignment)
    model.objects.filter(course_day_id=assignment.course_day_id, substitute_for_id=assignment.trainer_id).delete()
    model.objects.filter(pk=assignment.pk).update(
        absent=False, absence_reason="", absent_reported_at=None, absent_reported_by=None
    )


def _absent(ctx: Any, actor: str, target: str) -> bool:
    return ctx.day_assignment(target).absent


def _substituted(ctx: Any, actor: str, target: str) -> bool:
    assignment = ctx.day_assignment(target)
    return (
        type(assignment)
        .objects.filter(course_day_id=assignment.course_day_id, substitute_for_id=assignment.trainer_id)
        .exists()
    )


def _answer_state(**values: Any) -> Callable[[Any, str, str], None]:
    def reset(ctx: Any, actor: str, target: str) -> None:
        answer = ctx.call_answer(target)
        type(answer).objects.filter(pk=answer.pk).update(**values)

    return reset


def _answer_is(**values: Any) -> Callable[[Any, str, str], bool]:
    def done(ctx: Any, actor: str, target: str) -> bool:
        answer = ctx.call_answer(target)
        return all(getattr(answer, name) == value for name, value in values.items())

    return done


def _confirmable(ctx: Any, actor: str, target: str) -> None:
    _answer_state(approval="approved", confirmed_role="", confirmed_by=None, confirmed_at=None)(ctx, actor, target)


def _confirmed(ctx: Any, actor: str, target: str) -> bool:
    return ctx.call_answer(target).confirmed_at is not None


def _own_answer_yes(ctx: Any, actor: str, target: str) -> None:
    """The world's trainer's answer to the target's call (if any) is "yes" again."""
    call = ctx.trainer_call(target)
    type(ctx.call_answer("own")).objects.filter(call=call, trainer__user=ctx.w["trainer"]).update(answer="yes")


def _actor_answered_reserve(ctx: Any, actor: str, target: str) -> bool:
    return (
        actor != ANONYMOUS
        and type(ctx.call_answer("own"))
        .objects.filter(call=ctx.trainer_call(target), trainer__user=ctx.obj(actor), answer="reserve")
        .exists()
    )


def _call_open_again(confirmed: bool) -> Callable[[Any, str, str], None]:
    """The call open again; with ``confirmed``, one trainer confirmed (a call closes with a team)."""

    def reset(ctx: Any, actor: str, target: str) -> None:
        call = ctx.trainer_call(target)
        type(call).objects.filter(pk=call.pk).update(status="open", closed_at=None)
        if confirmed:
            key = next(k for k, place in ANSWER_CALL.items() if place == target)
            _answer_state(approval="approved", confirmed_role="trainer", confirmed_at=timezone.now())(ctx, actor, key)

    return reset


def _call_status(status: str) -> Callable[[Any, str, str], bool]:
    return lambda ctx, actor, target: ctx.trainer_call(target).status == status


def _no_matrix_calls(ctx: Any, actor: str, target: str) -> None:
    type(ctx.trainer_call("dalarna")).objects.filter(message=f"matrix {actor} {target}").delete()


def _matrix_call_opened(ctx: Any, actor: str, target: str) -> bool:
    return type(ctx.trainer_call("dalarna")).objects.filter(message=f"matrix {actor} {target}").exists()


def _call_body(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    call = ctx.trainer_call("dalarna")
    return {
        "region": ctx.obj(target).pk,
        "course": ctx.w.bou_course.pk,
        "year": call.year,
        "term": call.term,
        "needed": 2,
        "answer_by": _far_ahead(10),
        "message": f"matrix {actor} {target}",
        "manager_approval": True,
    }


def _meeting_body(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    where = {"municipality": ctx.w.avesta.pk} if target == "avesta" else {"region": ctx.obj(target).pk}
    return {
        **where,
        "title": f"Träff {actor} {target}",
        "date": _far_ahead(40),
        "starts": "13:00",
        "ends": "15:00",
        "venue": "Kommunhuset",
    }


def _meeting_planned(ctx: Any, actor: str, target: str) -> bool:
    return type(ctx.meeting("dalarna")).objects.filter(title=f"Träff {actor} {target}").exists()


def _meeting_title_back(ctx: Any, actor: str, target: str) -> None:
    meeting = ctx.meeting(target)
    type(meeting).objects.filter(pk=meeting.pk).update(title=f"Utbildarträff {target}")


def _meeting_retitled(ctx: Any, actor: str, target: str) -> bool:
    return ctx.meeting(target).title == f"Ändrad av {actor}"


def _newcomer_not_invited(ctx: Any, actor: str, target: str) -> None:
    ctx.meeting(target).invitations.filter(trainer=ctx.profile(MEETING_NEWCOMER[target])).delete()


def _newcomer_invited(ctx: Any, actor: str, target: str) -> bool:
    return ctx.meeting(target).invitations.filter(trainer=ctx.profile(MEETING_NEWCOMER[target])).exists()


def _meeting_today(ctx: Any, actor: str, target: str) -> None:
    """The meeting is today (attendance is taken from its day on), nobody marked yet."""
    meeting = ctx.meeting(target)
    type(meeting).objects.filter(pk=meeting.pk).update(date=timezone.localdate())
    meeting.invitations.update(attended=None, attendance_by=None)


def _attendance_marked(ctx: Any, actor: str, target: str) -> bool:
    return ctx.meeting(target).invitations.filter(attended__isnull=False).exists()


def _meeting_on(ctx: Any, actor: str, target: str) -> None:
    meeting = ctx.meeting(target)
    type(meeting).objects.filter(pk=meeting.pk).update(cancelled=False)


def _meeting_cancelled(ctx: Any, actor: str, target: str) -> bool:
    return ctx.meeting(target).cancelled


def _no_reply(ctx: Any, actor: str, target: str) -> None:
    ctx.ensure_trainers()
    for key in INVITATION_TARGETS:
        invitation = ctx.invitation(key)
        type(invitation).objects.filter(pk=invitation.pk).update(reply="", replied_at=None)


def _invitation_replied(ctx: Any, actor: str, target: str) -> bool:
    return ctx.invitation(target).reply == "yes"


def _actor_replied(ctx: Any, actor: str, target: str) -> bool:
    """The actor replied "yes" to their own invitation to the target meeting."""
    return (
        actor != ANONYMOUS
        and ctx.meeting(target).invitations.filter(trainer__user=ctx.obj(actor), reply="yes").exists()
    )


def _actor_unavailable(ctx: Any, actor: str, target: str) -> None:
    ctx.ensure_trainers()
    if actor != ANONYMOUS:
        type(ctx.unavailability("own")).objects.filter(trainer__user=ctx.obj(actor), reason="matrix").delete()


def _actor_has_unavailability(ctx: Any, actor: str, target: str) -> bool:
    return (
        actor != ANONYMOUS
        and type(ctx.unavailability("own")).objects.filter(trainer__user=ctx.obj(actor), reason="matrix").exists()
    )


def _my_day_people(ctx: Any, actor: str, target: str) -> set[int]:
    """One's own course day: its booked participants (for the trainer who teaches it), and the team."""
    if actor != "trainer" or target != "own":
        return set()
    team = {ctx.trainer_person(key).pk for key, (place, *_rest) in ctx.TEAM.items() if place == "dalarna"}
    return team | {ctx.person(t).pk for t in PARTICIPANTS["dalarna"]}


def _ensure_participants_and_trainers(ctx: Any, actor: str, target: str) -> None:
    ctx.ensure_trainers()
    ctx.ensure_participants()


#: The people listed on the staff pages: whose profiles the actor sees as people (a manager their unit's,
#: a k-admin their municipality's).
STAFF_TRAINERS = {
    "manager": {"staff_trainer"},
    "municipal_admin": {"own", "staff_trainer", "leader"},
    "municipal_admin_falun": {"falun"},
}
STAFF_DAYS = frozenset(STAFF_TRAINERS)

POOL = "The trainer pools: coordinators (regional roles their region's, k-admins their discussion leaders and"
POOL += " the trainers they lend, system admins all); a trainer sees their own profile and their region's trainers."
KEEP = "Keeping a pool: the regional roles their region's, a k-admin their discussion leaders; 403 if only seen."
TEAMS = (
    "Teams and course days: seen by the occasion's coordinators, its team, the k-admin lending the trainer (and a"
    " manager their staff's days); formed by the occasion's coordinators (403 if only seen, 404 if not)."
)
MINE = "A trainer's own pages (Plattformen): anyone in a trainer pool, about their own days only (another's: 404)."
CALLS = "Calls for trainers: the region's coordinators; a trainer sees the open calls of their region and answers."
APPROVE = "A trainer's manager (or the k-admin lending them) approves their answers; others 403 (or 404 unseen)."
MEETINGS = "Trainer meetings: planned by the region's coordinators (a k-admin their municipality's); the invited reply."


def _pool_page_post_expect(actor: str, target: str) -> Outcome:
    """Putting a person in a pool on the page: 403 for who keeps no pool; a person or pool not one's own is
    refused on the form (400, nothing made)."""
    if actor == ANONYMOUS:
        return LOGIN
    if actor not in COORDINATORS:
        return 403
    return 302 if target in _get(NEW_TRAINERS_KEPT, actor) else 400


def _new_trainer_form(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    return {
        "person": ctx.new_trainer_person(target).pk,
        "q": "",
        "kind": "discussion_leader" if target == "leader" else "trainer",
        "home_municipality": ctx.obj(NEW_TRAINER_HOME[target]).pk,
        "max_days_per_term": "2",
        "active": "on",
        "note": "",
    }


def _profile_form(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    profile = ctx.profile(target)
    return {
        "kind": profile.kind,
        "home_municipality": profile.home_municipality_id,
        "max_days_per_term": str(profile.max_days_per_term),
        "active": "on",
        "note": f"Ändrad av {actor}",
    }


def _form_place_expect(managed: dict[str, Any], allowed: frozenset[str]) -> Expect:
    """Planning on a page: 403 for who may plan none; a place not one's own is not among the form's choices
    (400, nothing made)."""

    def expect(actor: str, target: str) -> Outcome:
        if actor == ANONYMOUS:
            return LOGIN
        if actor not in allowed:
            return 403
        return 302 if target in _get(managed, actor) else 400

    return expect


def _meeting_place_key(ctx: Any, target: str) -> str:
    return f"m{ctx.w.avesta.pk}" if target == "avesta" else f"r{ctx.obj(target).pk}"


def _meeting_form(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    return {**_meeting_body(ctx, actor, target), "place": _meeting_place_key(ctx, target)}


def _meeting_edit_form(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    meeting = ctx.meeting(target)
    return {
        "place": _meeting_place_key(ctx, target),
        "title": f"Ändrad av {actor}",
        "description": "",
        "date": meeting.date.isoformat(),
        "starts": "13:00",
        "ends": "15:00",
        "venue": "Kommunhuset",
        "address": "",
        "link": "",
    }


def _call_form(ctx: Any, actor: str, target: str) -> dict[str, Any]:
    body = _call_body(ctx, actor, target)
    return {**body, "manager_approval": "on"}


_COORD_PROBES: tuple[Probe, ...] = (
    # --- the pool: pages --------------------------------------------------------------------------
    Probe(
        "trainer_pool",
        POOL + " The list shows exactly the pools one coordinates.",
        _url("trainer_pool"),
        page(COORDINATORS),
        reset=_ensure_trainers,
        listed=_profile_people(POOL_SEEN),
    ),
    Probe(
        "trainer_pool_export",
        POOL + " The export holds exactly the list.",
        lambda ctx, t: reverse("trainer_pool_export") + "?format=csv",
        page(COORDINATORS),
        reset=_ensure_trainers,
        listed=_profile_people(POOL_SEEN),
    ),
    Probe("trainer_add", POOL + " Putting a person in a pool: the form.", _url("trainer_add"), page(COORDINATORS)),
    Probe(
        "trainer_detail",
        POOL,
        lambda ctx, t: reverse("trainer_detail", args=[ctx.profile(t).pk]),
        _coordinator_page(POOL_SEEN),
        targets=PROFILE_TARGETS,
    ),
    Probe(
        "trainer_edit",
        KEEP,
        lambda ctx, t: reverse("trainer_edit", args=[ctx.profile(t).pk]),
        _coordinator_page(POOL_SEEN, PROFILES_KEPT),
        targets=PROFILE_TARGETS,
    ),
    Probe(
        "trainer_add",
        KEEP + " On the page: a person or pool not one's own is refused on the form (400); nothing made.",
        _url("trainer_add"),
        _pool_page_post_expect,
        targets=NEW_TRAINER_TARGETS,
        method="post",
        data=_new_trainer_form,
        reset=_new_trainer_off,
        done=_new_trainer_in,
    ),
    Probe(
        "trainer_edit",
        KEEP + " Changed exactly when allowed.",
        lambda ctx, t: reverse("trainer_edit", args=[ctx.profile(t).pk]),
        _coordinator_page(POOL_SEEN, PROFILES_KEPT, ok=302),
        targets=PROFILE_TARGETS,
        method="post",
        data=_profile_form,
        reset=_profile_note_back,
        done=_profile_noted,
    ),
    Probe(
        "trainer_qualification_add",
        KEEP,
        lambda ctx, t: reverse("trainer_qualification_add", args=[ctx.profile(t).pk]),
        _coordinator_page(POOL_SEEN, PROFILES_KEPT, ok=302),
        targets=PROFILE_TARGETS,
        method="post",
        data=lambda ctx, actor, target: {
            "qualification-course": ctx.w.funk_course.pk,
            "qualification-since": _soon(0).isoformat(),
        },
        reset=_no_qualification("funk_course"),
        done=_has_qualification("funk_course"),
    ),
    Probe(
        "trainer_qualification_remove",
        KEEP,
        lambda ctx, t: reverse("trainer_qualification_remove", args=[ctx.profile(t).pk, ctx.qualification(t).pk]),
        _coordinator_page(POOL_SEEN, PROFILES_KEPT, ok=302),
        targets=PROFILE_TARGETS,
        method="post",
        reset=_qualified,
        done=_not_qualified,
    ),
    Probe(
        "trainer_unavailability_add",
        KEEP + " (The trainer says it on their own page.)",
        lambda ctx, t: reverse("trainer_unavailability_add", args=[ctx.profile(t).pk]),
        _coordinator_page(POOL_SEEN, PROFILES_KEPT, ok=302),
        targets=PROFILE_TARGETS,
        method="post",
        data=lambda ctx, actor, target: {
            "unavailable-start": _far_ahead(300),
            "unavailable-end": _far_ahead(302),
            "unavailable-reason": "matrix",
        },
        reset=_no_unavailability,
        done=_has_unavailability,
    ),
    Probe(
        "trainer_unavailability_remove",
        KEEP,
        lambda ctx, t: reverse("trainer_unavailability_remove", args=[ctx.profile(t).pk, ctx.unavailability(t).pk]),
        _coordinator_page(POOL_SEEN, PROFILES_KEPT, ok=302),
        targets=PROFILE_TARGETS,
        method="post",
        reset=_unavailable,
        done=_available,
    ),
    Probe(
        "days_taught_report",
        "Days taught (the trainer pot): who keeps a pool, within what they see.",
        _url("days_taught_report"),
        page(COORDINATORS),
    ),
    Probe(
        "days_taught_export",
        "Days taught (the trainer pot): who keeps a pool, within what they see.",
        lambda ctx, t: reverse("days_taught_export") + "?format=csv",
        page(COORDINATORS),
    ),
    # --- teams and course days: pages -------------------------------------------------------------
    Probe(
        "occasion_team",
        TEAMS,
        lambda ctx, t: reverse("occasion_team", args=[ctx.occasion_in(t).pk]),
        _team_page_expect(200),
        targets=TEAM_PLACES,
        reset=_ensure_trainers,
    ),
    Probe(
        "occasion_team_add",
        TEAMS + " The spare reserve is put on the team exactly when allowed.",
        lambda ctx, t: reverse("occasion_team_add", args=[ctx.occasion_in(t).pk]),
        _team_page_expect(302),
        targets=SPARE_PLACES,
        method="post",
        data=lambda ctx, actor, target: {"add-trainer": ctx.spare(target).pk, "add-role": "reserve"},
        reset=_spare_off_team,
        done=_spare_on_team,
    ),
    Probe(
        "occasion_team_remove",
        TEAMS + " The reserve is taken off exactly when allowed.",
        lambda ctx, t: reverse("occasion_team_remove", args=[ctx.occasion_in(t).pk, ctx.spare_member(t).pk]),
        _team_page_expect(302),
        targets=SPARE_PLACES,
        method="post",
        reset=_spare_back_on_team,
        done=_spare_off,
    ),
    Probe(
        "course_day_assign",
        TEAMS + " The reserve is put on the first course day exactly when allowed.",
        lambda ctx, t: reverse("course_day_assign", args=[ctx.occasion_in(t).pk, ctx.course_day(t).pk]),
        _team_page_expect(302),
        targets=SPARE_PLACES,
        method="post",
        data=lambda ctx, actor, target: {
            f"day{ctx.course_day(target).pk}-trainer": ctx.spare(target).pk,
            f"day{ctx.course_day(target).pk}-role": "trainer",
        },
        reset=_spare_unassigned,
        done=_spare_assigned,
    ),
    Probe(
        "course_day_unassign",
        TEAMS + " The reserve is taken off the day exactly when allowed.",
        lambda ctx, t: reverse(
            "course_day_unassign", args=[ctx.occasion_in(t).pk, ctx.course_day(t).pk, ctx.spare_assignment(t).pk]
        ),
        _team_page_expect(302),
        targets=SPARE_PLACES,
        method="post",
        data=lambda ctx, actor, target: {"reason": ""},
        reset=_spare_back_on_day,
        done=_spare_not_on_day,
    ),
    Probe(
        "course_day_substitutes",
        TEAMS + " The ranked substitutes of a day.",
        lambda ctx, t: reverse(
            "course_day_substitutes",
            args=[
                ctx.occasion_in(TEAM_PLACE[t]).pk,
                ctx.day_assignment(t).course_day_id,
                ctx.day_assignment(t).pk,
            ],
        ),
        _substitute_page_expect(200),
        targets=SUBSTITUTE_TARGETS,
    ),
    Probe(
        "course_day_substitutes",
        TEAMS + " The substitute steps in (the absence recorded) exactly when allowed.",
        lambda ctx, t: reverse(
            "course_day_substitutes",
            args=[
                ctx.occasion_in(TEAM_PLACE[t]).pk,
                ctx.day_assignment(t).course_day_id,
                ctx.day_assignment(t).pk,
            ],
        ),
        _substitute_page_expect(302),
        targets=SUBSTITUTE_TARGETS,
        method="post",
        data=lambda ctx, actor, target: {"substitute": ctx.profile(SUBSTITUTE_OF[target]).pk, "reason": "Sjuk"},
        reset=_present_again,
        done=_substituted,
    ),
    Probe(
        "course_day_history",
        TEAMS + " A day's history.",
        lambda ctx, t: reverse("course_day_history", args=[ctx.occasion_in(t).pk, ctx.course_day(t).pk]),
        _team_page_expect(200),
        targets=TEAM_PLACES,
        reset=_ensure_trainers,
    ),
    Probe(
        "trainer_absences",
        "Absences still to cover: who keeps a pool (on the occasions they coordinate).",
        _url("trainer_absences"),
        page(COORDINATORS),
        reset=_ensure_trainers,
    ),
    # --- a trainer's own pages, a manager's staff -------------------------------------------------------
    Probe("my_trainer_days", MINE, _url("my_trainer_days"), page(IN_A_POOL), reset=_ensure_trainers),
    Probe(
        "my_trainer_day",
        MINE + " The teaching trainer sees exactly the day's booked participants (and the team).",
        lambda ctx, t: reverse("my_trainer_day", args=[ctx.day_assignment(t).pk]),
        _own_day_expect(),
        targets=TEAM_TARGETS,
        reset=_ensure_participants_and_trainers,
        listed=_my_day_people,
    ),
    Probe(
        "my_trainer_absence",
        MINE,
        lambda ctx, t: reverse("my_trainer_absence", args=[ctx.day_assignment(t).pk]),
        _own_day_expect(),
        targets=TEAM_TARGETS,
    ),
    Probe(
        "my_trainer_absence",
        MINE + " The absence is reported exactly when allowed.",
        lambda ctx, t: reverse("my_trainer_absence", args=[ctx.day_assignment(t).pk]),
        _own_day_expect(302),
        targets=TEAM_TARGETS,
        method="post",
        data=lambda ctx, actor, target: {"reason": "Sjuk"},
        reset=_present_again,
        done=_absent,
    ),
    Probe("my_availability", MINE, _url("my_availability"), page(IN_A_POOL), reset=_ensure_trainers),
    Probe(
        "my_availability",
        MINE + " Saying when one cannot teach: one's own profile.",
        _url("my_availability"),
        page(IN_A_POOL, ok=302),
        method="post",
        data=_unavailability_body,
        reset=_actor_unavailable,
        done=_actor_has_unavailability,
    ),
    Probe(
        "my_availability_remove",
        MINE,
        lambda ctx, t: reverse("my_availability_remove", args=[ctx.unavailability(t).pk]),
        _own_day_expect(302),
        targets=("own", "falun"),
        method="post",
        reset=_unavailable,
        done=_available,
    ),
    Probe(
        "staff_trainer_days",
        "Managers and k-admins see the days their own staff teach: exactly their staff in a pool.",
        _url("staff_trainer_days"),
        page(STAFF_DAYS),
        reset=_ensure_trainers,
        listed=_profile_people(STAFF_TRAINERS),
    ),
    # --- calls: pages ------------------------------------------------------------------------------
    Probe("trainer_call_list", CALLS, _url("trainer_call_list"), page(COORDINATORS), reset=_ensure_trainers),
    Probe(
        "trainer_call_create",
        CALLS + " A call for a course and a term: the regional roles.",
        _url("trainer_call_create"),
        page(CALL_OPENERS),
    ),
    Probe(
        "trainer_call_create",
        CALLS + " A call for an occasion: its coordinators.",
        lambda ctx, t: reverse("trainer_call_create") + f"?occasion={ctx.occasion_in(t).pk}",
        planning(),
        targets=CALL_PLACES,
    ),
    Probe(
        "trainer_call_create",
        CALLS + " A call for a course and a term in one's own region; another region is no choice (400).",
        _url("trainer_call_create"),
        _form_place_expect(CALLS_COORDINATED, CALL_OPENERS),
        targets=CALL_PLACES,
        method="post",
        data=_call_form,
        reset=_no_matrix_calls,
        done=_matrix_call_opened,
    ),
    Probe(
        "trainer_call_detail",
        CALLS,
        lambda ctx, t: reverse("trainer_call_detail", args=[ctx.trainer_call(t).pk]),
        _call_expect(anonymous=LOGIN),
        targets=CALL_PLACES,
    ),
    Probe(
        "trainer_call_confirm",
        CALLS + " The coordinator takes a trainer exactly when allowed.",
        lambda ctx, t: reverse(
            "trainer_call_confirm", args=[ctx.trainer_call(ANSWER_CALL[t]).pk, ctx.call_answer(t).pk]
        ),
        _call_expect(ok=302, anonymous=LOGIN, answers=True),
        targets=ANSWER_TARGETS,
        method="post",
        data=lambda ctx, actor, target: {"role": "trainer"},
        reset=_confirmable,
        done=_confirmed,
    ),
    Probe(
        "trainer_call_close",
        CALLS + " The call closes exactly when allowed.",
        lambda ctx, t: reverse("trainer_call_close", args=[ctx.trainer_call(t).pk]),
        _call_expect(ok=302, anonymous=LOGIN),
        targets=CALL_PLACES,
        method="post",
        data=lambda ctx, actor, target: {"outcome": "formed"},
        reset=_call_open_again(confirmed=True),
        done=_call_status("closed"),
    ),
    Probe("my_trainer_calls", CALLS, _url("my_trainer_calls"), page(IN_A_POOL), reset=_ensure_trainers),
    Probe(
        "trainer_call_answer",
        CALLS,
        lambda ctx, t: reverse("trainer_call_answer", args=[ctx.trainer_call(t).pk]),
        _answering_expect(200, LOGIN),
        targets=CALL_PLACES,
    ),
    Probe(
        "trainer_call_answer",
        CALLS + " The answer is changed exactly when allowed.",
        lambda ctx, t: reverse("trainer_call_answer", args=[ctx.trainer_call(t).pk]),
        _answering_expect(302, LOGIN),
        targets=CALL_PLACES,
        method="post",
        data=lambda ctx, actor, target: {"answer": "reserve", "comment": ""},
        reset=_own_answer_yes,
        done=_actor_answered_reserve,
    ),
    Probe(
        "trainer_call_approvals",
        APPROVE + " The page lists exactly the answers waiting for one's approval.",
        _url("trainer_call_approvals"),
        page(APPROVERS),
        reset=_ensure_trainers,
        listed=_profile_people(TRAINERS_OVER, spares=False),
    ),
    Probe(
        "trainer_call_approve",
        APPROVE + " Approved exactly when allowed.",
        lambda ctx, t: reverse("trainer_call_approve", args=[ctx.call_answer(t).pk]),
        _approval_expect(302, LOGIN),
        targets=ANSWER_TARGETS,
        method="post",
        data=lambda ctx, actor, target: {"approve": "1", "note": ""},
        reset=_answer_state(approval="pending", approval_by=None, approval_at=None),
        done=_answer_is(approval="approved"),
    ),
    # --- meetings: pages ---------------------------------------------------------------------------
    Probe("trainer_meeting_list", MEETINGS, _url("trainer_meeting_list"), page(COORDINATORS), reset=_ensure_trainers),
    Probe("trainer_meeting_create", MEETINGS, _url("trainer_meeting_create"), page(COORDINATORS)),
    *(
        Probe(
            name,
            MEETINGS,
            lambda ctx, t, name=name: reverse(name, args=[ctx.meeting(t).pk]),
            scoped(MEETINGS_SEEN, MEETINGS_MANAGED),
            targets=MEETING_PLACES,
        )
        for name in ("trainer_meeting_detail", "trainer_meeting_edit", "trainer_meeting_attendance")
    ),
    Probe(
        "trainer_meeting_create",
        MEETINGS + " For one's own region or municipality; another place is no choice (400), nothing made.",
        _url("trainer_meeting_create"),
        _form_place_expect(MEETINGS_MANAGED, COORDINATORS),
        targets=MEETING_PLACES,
        method="post",
        data=_meeting_form,
        done=_meeting_planned,
    ),
    Probe(
        "trainer_meeting_edit",
        MEETINGS + " Changed exactly when allowed.",
        lambda ctx, t: reverse("trainer_meeting_edit", args=[ctx.meeting(t).pk]),
        scoped(MEETINGS_SEEN, MEETINGS_MANAGED, ok=302),
        targets=MEETING_PLACES,
        method="post",
        data=_meeting_edit_form,
        reset=_meeting_title_back,
        done=_meeting_retitled,
    ),
    Probe(
        "trainer_meeting_invite",
        MEETINGS + " The pool is invited exactly when allowed.",
        lambda ctx, t: reverse("trainer_meeting_invite", args=[ctx.meeting(t).pk]),
        scoped(MEETINGS_SEEN, MEETINGS_MANAGED, ok=302),
        targets=MEETING_PLACES,
        method="post",
        data=lambda ctx, actor, target: {"whom": "pool"},
        reset=_newcomer_not_invited,
        done=_newcomer_invited,
    ),
    Probe(
        "trainer_meeting_attendance",
        MEETINGS + " Attendance is taken exactly when allowed.",
        lambda ctx, t: reverse("trainer_meeting_attendance", args=[ctx.meeting(t).pk]),
        scoped(MEETINGS_SEEN, MEETINGS_MANAGED, ok=302),
        targets=MEETING_PLACES,
        method="post",
        reset=_meeting_today,
        done=_attendance_marked,
    ),
    Probe(
        "trainer_meeting_cancel",
        MEETINGS + " Cancelled exactly when allowed.",
        lambda ctx, t: reverse("trainer_meeting_cancel", args=[ctx.meeting(t).pk]),
        scoped(MEETINGS_SEEN, MEETINGS_MANAGED, ok=302),
        targets=MEETING_PLACES,
        method="post",
        data=lambda ctx, actor, target: {"reason": "Sjuk"},
        reset=_meeting_on,
        done=_meeting_cancelled,
    ),
    Probe("my_trainer_meetings", MEETINGS, _url("my_trainer_meetings"), page(IN_A_POOL), reset=_ensure_trainers),
    Probe(
        "trainer_meeting_reply",
        MEETINGS + " One replies to one's own invitation only.",
        lambda ctx, t: reverse("trainer_meeting_reply", args=[ctx.meeting(t).pk]),
        _reply_expect(302, LOGIN),
        targets=MEETING_PLACES,
        method="post",
        data=lambda ctx, actor, target: {"reply": "yes"},
        reset=_no_reply,
        done=_actor_replied,
    ),
)

_API_PROBES: tuple[Probe, ...] = (
    # --- the pool ----------------------------------------------------------------------------------
    Probe(
        "trainer-list",
        POOL + " Lists hold exactly the profiles in scope.",
        _url("trainer-list"),
        api(SIGNED_IN),
        api=True,
        reset=_ensure_trainers,
        rows=_profile_rows,
    ),
    Probe(
        "trainer-list",
        KEEP + " Who keeps no pool: 403; a person not seen: 400; nothing made.",
        _url("trainer-list"),
        _new_profile_expect,
        targets=NEW_TRAINER_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {
            "person": ctx.new_trainer_person(target).pk,
            "home_municipality": ctx.obj(NEW_TRAINER_HOME[target]).pk,
            "kind": "discussion_leader" if target == "leader" else "trainer",
        },
        reset=_new_trainer_off,
        done=_new_trainer_in,
    ),
    Probe(
        "trainer-detail",
        POOL + " " + BY_ID,
        lambda ctx, t: reverse("trainer-detail", args=[ctx.profile(t).pk]),
        scoped(PROFILES_SEEN, anonymous=API_DENIED),
        targets=PROFILE_TARGETS,
        api=True,
    ),
    Probe(
        "trainer-detail",
        KEEP,
        lambda ctx, t: reverse("trainer-detail", args=[ctx.profile(t).pk]),
        scoped(PROFILES_SEEN, PROFILES_KEPT, anonymous=API_DENIED),
        targets=PROFILE_TARGETS,
        method="patch",
        api=True,
        data=lambda ctx, actor, target: {"note": f"Ändrad av {actor}"},
        reset=_profile_note_back,
        done=_profile_noted,
    ),
    Probe(
        "trainer-qualification-grant",
        KEEP,
        lambda ctx, t: reverse("trainer-qualification-grant", args=[ctx.profile(t).pk]),
        scoped(PROFILES_SEEN, PROFILES_KEPT, ok=201, anonymous=API_DENIED),
        targets=PROFILE_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"course": ctx.w.funk_course.pk},
        reset=_no_qualification("funk_course"),
        done=_has_qualification("funk_course"),
    ),
    Probe(
        "trainer-qualification-revoke",
        KEEP,
        lambda ctx, t: reverse("trainer-qualification-revoke", args=[ctx.profile(t).pk, ctx.qualification(t).pk]),
        scoped(PROFILES_SEEN, PROFILES_KEPT, ok=204, anonymous=API_DENIED),
        targets=PROFILE_TARGETS,
        method="delete",
        api=True,
        reset=_qualified,
        done=_not_qualified,
        writes=_no_content(scoped(PROFILES_SEEN, PROFILES_KEPT, ok=204, anonymous=API_DENIED)),
    ),
    Probe(
        "trainer-unavailability-add",
        KEEP + " The trainer themselves, too.",
        lambda ctx, t: reverse("trainer-unavailability-add", args=[ctx.profile(t).pk]),
        scoped(PROFILES_SEEN, AVAILABILITY_SET, ok=201, anonymous=API_DENIED),
        targets=PROFILE_TARGETS,
        method="post",
        api=True,
        data=_unavailability_body,
        reset=_no_unavailability,
        done=_has_unavailability,
    ),
    Probe(
        "trainer-unavailability-remove",
        KEEP + " The trainer themselves, too.",
        lambda ctx, t: reverse("trainer-unavailability-remove", args=[ctx.profile(t).pk, ctx.unavailability(t).pk]),
        scoped(UNAVAILABILITY_SEEN, AVAILABILITY_SET, ok=204, anonymous=API_DENIED),
        targets=PROFILE_TARGETS,
        method="delete",
        api=True,
        reset=_unavailable,
        done=_available,
        writes=_no_content(scoped(UNAVAILABILITY_SEEN, AVAILABILITY_SET, ok=204, anonymous=API_DENIED)),
    ),
    # --- teams and course days -----------------------------------------------------------------------
    Probe(
        "teammember-list",
        TEAMS,
        _url("teammember-list"),
        api(SIGNED_IN),
        api=True,
        reset=_ensure_trainers,
        rows=_member_rows,
    ),
    Probe(
        "teammember-list",
        TEAMS + " Who coordinates nothing: 403; an occasion or trainer not seen: 400; nothing made.",
        _url("teammember-list"),
        _team_post_expect,
        targets=SPARE_PLACES,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {
            "occasion": ctx.occasion_in(target).pk,
            "trainer": ctx.spare(target).pk,
            "role": "reserve",
        },
        reset=_spare_off_team,
        done=_spare_on_team,
    ),
    Probe(
        "teammember-detail",
        TEAMS + " " + BY_ID,
        lambda ctx, t: reverse("teammember-detail", args=[ctx.team_member(t).pk]),
        scoped(TEAMS_SEEN, anonymous=API_DENIED),
        targets=TEAM_TARGETS,
        api=True,
    ),
    Probe(
        "teammember-detail",
        TEAMS + " The reserve is taken off exactly when allowed.",
        lambda ctx, t: reverse("teammember-detail", args=[ctx.spare_member(t).pk]),
        _spare_object(204),
        targets=SPARE_PLACES,
        method="delete",
        api=True,
        reset=_spare_back_on_team,
        done=_spare_off,
        writes=_no_content(_spare_object(204)),
    ),
    Probe(
        "dayassignment-list",
        TEAMS,
        _url("dayassignment-list"),
        api(SIGNED_IN),
        api=True,
        reset=_ensure_trainers,
        rows=_day_rows,
    ),
    Probe(
        "dayassignment-list",
        TEAMS + " Who coordinates nothing: 403; a course day or trainer not seen: 400; nothing made.",
        _url("dayassignment-list"),
        _team_post_expect,
        targets=SPARE_PLACES,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {
            "course_day": ctx.course_day(target).pk,
            "trainer": ctx.spare(target).pk,
            "role": "trainer",
        },
        reset=_spare_unassigned,
        done=_spare_assigned,
    ),
    Probe(
        "dayassignment-detail",
        TEAMS + " " + BY_ID,
        lambda ctx, t: reverse("dayassignment-detail", args=[ctx.day_assignment(t).pk]),
        scoped(DAYS_SEEN, anonymous=API_DENIED),
        targets=TEAM_TARGETS,
        api=True,
    ),
    Probe(
        "dayassignment-detail",
        TEAMS + " The reserve is taken off the day exactly when allowed.",
        lambda ctx, t: reverse("dayassignment-detail", args=[ctx.spare_assignment(t).pk]),
        _spare_object(204),
        targets=SPARE_PLACES,
        method="delete",
        api=True,
        reset=_spare_back_on_day,
        done=_spare_not_on_day,
        writes=_no_content(_spare_object(204)),
    ),
    Probe(
        "dayassignment-absence",
        TEAMS + " Absence: the trainer themselves and the occasion's coordinators.",
        lambda ctx, t: reverse("dayassignment-absence", args=[ctx.day_assignment(t).pk]),
        _team_object(DAYS_SEEN, own=True),
        targets=TEAM_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"reason": "Sjuk"},
        reset=_present_again,
        done=_absent,
    ),
    *(
        Probe(
            name,
            TEAMS + " For the occasion's coordinators.",
            lambda ctx, t, name=name: reverse(name, args=[ctx.day_assignment(t).pk]),
            _team_object(DAYS_SEEN),
            targets=TEAM_TARGETS,
            api=True,
            reset=_ensure_trainers,
        )
        for name in ("dayassignment-substitutes", "dayassignment-history")
    ),
    Probe(
        "dayassignment-substitute",
        TEAMS + " The substitute steps in exactly when allowed.",
        lambda ctx, t: reverse("dayassignment-substitute", args=[ctx.day_assignment(t).pk]),
        _team_object(DAYS_SEEN, ok=201),
        targets=SUBSTITUTE_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"trainer": ctx.profile(SUBSTITUTE_OF[target]).pk, "reason": "Sjuk"},
        reset=_present_again,
        done=_substituted,
    ),
    Probe(
        "api_days_taught",
        "Days taught (the trainer pot): who keeps a pool; 403 for others.",
        lambda ctx, t: reverse("api_days_taught") + f"?start={_soon(-365).isoformat()}&end={_soon(0).isoformat()}",
        api(COORDINATORS),
        api=True,
    ),
    Probe(
        "api_my_trainer_days",
        "Everyone signed in reads their own trainer days (empty for who is in no pool).",
        _url("api_my_trainer_days"),
        api(SIGNED_IN),
        api=True,
        reset=_ensure_trainers,
    ),
    # --- calls -------------------------------------------------------------------------------------
    Probe(
        "trainercall-list",
        CALLS,
        _url("trainercall-list"),
        api(SIGNED_IN),
        api=True,
        reset=_ensure_trainers,
        rows=_call_rows,
    ),
    Probe(
        "trainercall-list",
        CALLS + " Opening a call for a course and a term.",
        _url("trainercall-list"),
        _call_open_expect,
        targets=CALL_PLACES,
        method="post",
        api=True,
        data=_call_body,
        reset=_no_matrix_calls,
        done=_matrix_call_opened,
    ),
    Probe(
        "trainercall-detail",
        CALLS + " " + BY_ID,
        lambda ctx, t: reverse("trainercall-detail", args=[ctx.trainer_call(t).pk]),
        scoped(CALLS_SEEN, anonymous=API_DENIED),
        targets=CALL_PLACES,
        api=True,
    ),
    Probe(
        "trainercall-close",
        CALLS + " Closed exactly when allowed.",
        lambda ctx, t: reverse("trainercall-close", args=[ctx.trainer_call(t).pk]),
        _call_expect(),
        targets=CALL_PLACES,
        method="post",
        api=True,
        reset=_call_open_again(confirmed=True),
        done=_call_status("closed"),
    ),
    Probe(
        "trainercall-cancel",
        CALLS + " Cancelled exactly when allowed.",
        lambda ctx, t: reverse("trainercall-cancel", args=[ctx.trainer_call(t).pk]),
        _call_expect(),
        targets=CALL_PLACES,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"reason": "Inte nu"},
        reset=_call_open_again(confirmed=False),
        done=_call_status("cancelled"),
    ),
    Probe(
        "trainercallanswer-list",
        CALLS + " Answers: the call's coordinators, one's own, and those waiting for one's approval.",
        _url("trainercallanswer-list"),
        api(SIGNED_IN),
        api=True,
        reset=_ensure_trainers,
        rows=_answer_rows,
    ),
    Probe(
        "trainercallanswer-list",
        CALLS + " Answering (here: changing one's yes to reserve): the trainers the call goes to.",
        _url("trainercallanswer-list"),
        _answering_expect(200, API_DENIED),
        targets=CALL_PLACES,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"call": ctx.trainer_call(target).pk, "answer": "reserve"},
        reset=_own_answer_yes,
        done=_actor_answered_reserve,
    ),
    Probe(
        "trainercallanswer-detail",
        CALLS + " " + BY_ID,
        lambda ctx, t: reverse("trainercallanswer-detail", args=[ctx.call_answer(t).pk]),
        scoped(ANSWERS_SEEN, anonymous=API_DENIED),
        targets=ANSWER_TARGETS,
        api=True,
    ),
    Probe(
        "trainercallanswer-confirm",
        CALLS + " The coordinator takes a trainer exactly when allowed.",
        lambda ctx, t: reverse("trainercallanswer-confirm", args=[ctx.call_answer(t).pk]),
        _call_expect(answers=True),
        targets=ANSWER_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"role": "trainer"},
        reset=_confirmable,
        done=_confirmed,
    ),
    Probe(
        "trainercallapproval-list",
        APPROVE + " The list holds exactly the answers waiting for one's approval.",
        _url("trainercallapproval-list"),
        api(APPROVERS),
        api=True,
        reset=_ensure_trainers,
        rows=_approval_rows,
    ),
    Probe(
        "trainercallapproval-detail",
        APPROVE,
        lambda ctx, t: reverse("trainercallapproval-detail", args=[ctx.call_answer(t).pk]),
        _approval_expect(200, API_DENIED),
        targets=ANSWER_TARGETS,
        api=True,
    ),
    Probe(
        "trainercallapproval-decide",
        APPROVE + " Approved exactly when allowed.",
        lambda ctx, t: reverse("trainercallapproval-decide", args=[ctx.call_answer(t).pk]),
        _approval_expect(200, API_DENIED),
        targets=ANSWER_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"approve": True},
        reset=_answer_state(approval="pending", approval_by=None, approval_at=None),
        done=_answer_is(approval="approved"),
    ),
    # --- meetings ----------------------------------------------------------------------------------
    Probe(
        "trainermeeting-list",
        MEETINGS,
        _url("trainermeeting-list"),
        api(SIGNED_IN),
        api=True,
        reset=_ensure_trainers,
        rows=_meeting_rows,
    ),
    Probe(
        "trainermeeting-list",
        MEETINGS + " Planning one: who keeps a pool, for their own region or municipality.",
        _url("trainermeeting-list"),
        _meeting_create_expect,
        targets=MEETING_PLACES,
        method="post",
        api=True,
        data=_meeting_body,
        done=_meeting_planned,
    ),
    Probe(
        "trainermeeting-detail",
        MEETINGS + " " + BY_ID,
        lambda ctx, t: reverse("trainermeeting-detail", args=[ctx.meeting(t).pk]),
        scoped(MEETINGS_SEEN, anonymous=API_DENIED),
        targets=MEETING_PLACES,
        api=True,
    ),
    Probe(
        "trainermeeting-detail",
        MEETINGS + " Changed exactly when allowed.",
        lambda ctx, t: reverse("trainermeeting-detail", args=[ctx.meeting(t).pk]),
        scoped(MEETINGS_SEEN, MEETINGS_MANAGED, anonymous=API_DENIED),
        targets=MEETING_PLACES,
        method="patch",
        api=True,
        data=lambda ctx, actor, target: {"title": f"Ändrad av {actor}"},
        reset=_meeting_title_back,
        done=_meeting_retitled,
    ),
    Probe(
        "trainermeeting-invite",
        MEETINGS + " The pool is invited exactly when allowed.",
        lambda ctx, t: reverse("trainermeeting-invite", args=[ctx.meeting(t).pk]),
        scoped(MEETINGS_SEEN, MEETINGS_MANAGED, anonymous=API_DENIED),
        targets=MEETING_PLACES,
        method="post",
        api=True,
        reset=_newcomer_not_invited,
        done=_newcomer_invited,
    ),
    Probe(
        "trainermeeting-attendance",
        MEETINGS + " Attendance is taken exactly when allowed.",
        lambda ctx, t: reverse("trainermeeting-attendance", args=[ctx.meeting(t).pk]),
        scoped(MEETINGS_SEEN, MEETINGS_MANAGED, anonymous=API_DENIED),
        targets=MEETING_PLACES,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"present": []},
        reset=_meeting_today,
        done=_attendance_marked,
    ),
    Probe(
        "trainermeeting-cancel",
        MEETINGS + " Cancelled exactly when allowed.",
        lambda ctx, t: reverse("trainermeeting-cancel", args=[ctx.meeting(t).pk]),
        scoped(MEETINGS_SEEN, MEETINGS_MANAGED, anonymous=API_DENIED),
        targets=MEETING_PLACES,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"reason": "Sjuk"},
        reset=_meeting_on,
        done=_meeting_cancelled,
    ),
    Probe(
        "meetinginvitation-list",
        MEETINGS + " Invitations: all to the meetings one plans, and one's own.",
        _url("meetinginvitation-list"),
        api(SIGNED_IN),
        api=True,
        reset=_ensure_trainers,
        rows=_invitation_rows,
    ),
    Probe(
        "meetinginvitation-detail",
        MEETINGS + " " + BY_ID,
        lambda ctx, t: reverse("meetinginvitation-detail", args=[ctx.invitation(t).pk]),
        scoped(INVITATIONS_SEEN, anonymous=API_DENIED),
        targets=INVITATION_TARGETS,
        api=True,
    ),
    Probe(
        "meetinginvitation-reply",
        MEETINGS + " Only the one invited replies (403 for who only sees the invitation).",
        lambda ctx, t: reverse("meetinginvitation-reply", args=[ctx.invitation(t).pk]),
        _reply_expect(200, API_DENIED),
        targets=INVITATION_TARGETS,
        method="post",
        api=True,
        data=lambda ctx, actor, target: {"reply": "yes"},
        reset=_no_reply,
        done=_invitation_replied,
    ),
)

TRAINER_PROBES: tuple[Probe, ...] = (*_COORD_PROBES, *_API_PROBES)
MATRIX = (*MATRIX, *TRAINER_PROBES)

# --- billing (issue 6): its own module, imported last (it builds on the helpers above) ------------------------

from tests.matrix_billing import BILLING_PROBES  # noqa: E402

MATRIX = (*MATRIX, *BILLING_PROBES)

# --- follow-up: reports, inventory and planning, surveys, the yearly report (its own module, imported last) ------

from tests.matrix_followup import FOLLOWUP_PROBES  # noqa: E402

MATRIX = (*MATRIX, *FOLLOWUP_PROBES)
