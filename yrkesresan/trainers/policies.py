"""Who sees the trainer pools and teams, and who coordinates them.

Coordinators: the regional administrators and project leaders of the region (its trainer pool and
every occasion there), k-admins for their municipality's pool of discussion leaders and its
municipal and workplace-level occasions, and system admins. A trainer sees their own profile and
days, the teams they are on, and the profiles of their region's pool (the people they teach with).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from yrkesresan.accounts.models import Role
from yrkesresan.accounts.scopes import REGIONAL_ROLES, active_roles, is_system_admin, role_scope
from yrkesresan.core import policy
from yrkesresan.occasions.models import CourseDay, Occasion
from yrkesresan.occasions.policies import can_manage_occasion, register_attendance_taker
from yrkesresan.organisations.models import Municipality, Region

from .models import (
    DayAssignment,
    DayAssignmentEvent,
    Qualification,
    TeamMember,
    TeamRole,
    TrainerKind,
    TrainerProfile,
    Unavailability,
)


def _places(user: Any) -> tuple[frozenset[int], frozenset[int], set[int]]:
    """(regions coordinated, municipalities as k-admin, regions where the user is a trainer)."""
    trainer_regions = {r.region_id for r in active_roles(user) if r.role == Role.TRAINER and r.region_id}
    return (
        role_scope(user, *REGIONAL_ROLES).regions,
        role_scope(user, Role.MUNICIPAL_ADMIN).municipalities,
        trainer_regions,
    )


def _my_occasions(user: Any) -> QuerySet:
    """The occasions the user is on the team of (ids, as a subquery)."""
    return TeamMember.objects.filter(trainer__user_id=user.pk).values("occasion_id")


def _profiles(user: Any, qs: QuerySet) -> QuerySet:
    if is_system_admin(user):
        return qs
    regional, kadmin, trainer_regions = _places(user)
    return qs.filter(
        Q(user_id=user.pk) | Q(region_id__in=regional | trainer_regions) | Q(home_municipality_id__in=kadmin)
    )


def _private_q(user: Any, prefix: str = "trainer__") -> Q:
    """What only the trainer and those who coordinate or lend them see (availability, history)."""
    regional, kadmin, _trainer_regions = _places(user)
    return (
        Q(**{f"{prefix}user_id": user.pk})
        | Q(**{f"{prefix}region_id__in": regional})
        | Q(**{f"{prefix}home_municipality_id__in": kadmin})
    )


def _qualifications(user: Any, qs: QuerySet) -> QuerySet:
    if is_system_admin(user):
        return qs
    regional, kadmin, trainer_regions = _places(user)
    return qs.filter(
        Q(trainer__user_id=user.pk)
        | Q(trainer__region_id__in=regional | trainer_regions)
        | Q(trainer__home_municipality_id__in=kadmin)
    )


def _unavailability(user: Any, qs: QuerySet) -> QuerySet:
    return qs if is_system_admin(user) else qs.filter(_private_q(user))


def _occasion_q(user: Any, prefix: str) -> Q:
    """Teams and days of the occasions the user coordinates, is on, or (k-admin) lends a trainer to."""
    regional, kadmin, _trainer_regions = _places(user)
    return (
        Q(**{f"{prefix}region_id__in": regional})
        | Q(**{f"{prefix}municipality_id__in": kadmin})
        | Q(**{f"{prefix}id__in": _my_occasions(user)})
        | Q(trainer__user_id=user.pk)
        | Q(trainer__home_municipality_id__in=kadmin)
    )


def _team_members(user: Any, qs: QuerySet) -> QuerySet:
    return qs if is_system_admin(user) else qs.filter(_occasion_q(user, "occasion__"))


def _assignments(user: Any, qs: QuerySet) -> QuerySet:
    return qs if is_system_admin(user) else qs.filter(_occasion_q(user, "course_day__occasion__"))


def _events(user: Any, qs: QuerySet) -> QuerySet:
    if is_system_admin(user):
        return qs
    regional, _kadmin, _trainer_regions = _places(user)
    return qs.filter(_private_q(user) | Q(course_day__occasion__region_id__in=regional))


def _occasion_of(obj: Any) -> Occasion | None:
    if isinstance(obj, Occasion):
        return obj
    if isinstance(obj, CourseDay | TeamMember):
        return obj.occasion
    if isinstance(obj, DayAssignment):
        return obj.course_day.occasion
    return None


def can_coordinate(actor: Any, obj: Any) -> bool:
    """Who forms teams, assigns course days and finds substitutes (``obj`` an Occasion, CourseDay,
    TeamMember or DayAssignment: whoever plans the occasion), and who keeps a pool (``obj`` a
    TrainerProfile, or the Region or Municipality a pool belongs to): the regional roles their region's
    pool; k-admins the discussion leaders of their municipality."""
    if is_system_admin(actor):
        return True
    occasion = _occasion_of(obj)
    if occasion is not None:
        return can_manage_occasion(actor, occasion)
    regional, kadmin, _trainer_regions = _places(actor)
    if isinstance(obj, Region):
        return obj.pk in regional
    if isinstance(obj, Municipality):
        return obj.region_id in regional or obj.pk in kadmin
    if isinstance(obj, TrainerProfile):
        return obj.region_id in regional or (
            obj.kind == TrainerKind.DISCUSSION_LEADER and obj.home_municipality_id in kadmin
        )
    return False


def can_coordinate_some(actor: Any, obj: Any = None) -> bool:
    """Keeps a trainer pool somewhere: the regional roles (their region's pool and occasions), k-admins
    (their municipality's discussion leaders and the trainers it lends) and system admins. The
    coordinators' pages (pool, calls, meetings, absences, days taught) show in their menu."""
    regional, kadmin, _trainer_regions = _places(actor)
    return is_system_admin(actor) or bool(regional) or bool(kadmin)


def can_report_absence(actor: Any, obj: Any) -> bool:
    """The assigned trainer themselves, or whoever coordinates the occasion."""
    if not isinstance(obj, DayAssignment):
        return False
    return obj.trainer.user_id == actor.pk or can_coordinate(actor, obj)


def can_set_availability(actor: Any, obj: Any) -> bool:
    """The trainer themselves, or whoever keeps their pool."""
    if not isinstance(obj, TrainerProfile):
        return False
    return obj.user_id == actor.pk or can_coordinate(actor, obj)


_TEACHING_ATTR = "_yr_teaching_occasions"


def teaching_occasions(user: Any) -> frozenset[int]:
    """The occasions the user leads or trains on (a course leader or trainer of the team, or assigned to
    one of its days): one query, then kept on this user object, like the active roles, so that a page
    asking for many occasions asks the database once."""
    cached = getattr(user, _TEACHING_ATTR, None)
    if cached is None:
        on_team = (
            TeamMember.objects.filter(trainer__user_id=user.pk, role__in=[TeamRole.LEADER, TeamRole.TRAINER])
            .order_by()
            .values_list("occasion_id", flat=True)
        )
        on_a_day = (
            DayAssignment.objects.filter(trainer__user_id=user.pk, absent=False)
            .order_by()
            .values_list("course_day__occasion_id", flat=True)
        )
        cached = frozenset(on_team.union(on_a_day))
        setattr(user, _TEACHING_ATTR, cached)
    return cached


def teaches_on(actor: Any, occasion: Occasion) -> bool:
    """The occasion's course leader and trainers, and anyone assigned to one of its days, take attendance
    (a reserve only once called in)."""
    return occasion.pk in teaching_occasions(actor)


policy.register_visibility(TrainerProfile, _profiles)
policy.register_visibility(Qualification, _qualifications)
policy.register_visibility(Unavailability, _unavailability)
policy.register_visibility(TeamMember, _team_members)
policy.register_visibility(DayAssignment, _assignments)
policy.register_visibility(DayAssignmentEvent, _events)
policy.register_rule("trainers.coordinate", can_coordinate)
policy.register_rule("trainers.coordinate_some", can_coordinate_some)
policy.register_rule("trainers.report_absence", can_report_absence)
policy.register_rule("trainers.set_availability", can_set_availability)
register_attendance_taker(teaches_on)
