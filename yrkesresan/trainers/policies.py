"""Who sees the trainer pools and teams, and who coordinates them.

Coordinators: the regional administrators and project leaders of the region (its trainer pool and
every occasion there), k-admins for their municipality's pool of discussion leaders and its
municipal and workplace-level occasions, and system admins. A trainer sees their own profile and
days, the teams they are on, and the profiles of their region's pool (the people they teach with).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from yrkesresan.accounts.models import Role, RoleAssignment
from yrkesresan.accounts.scopes import REGIONAL_ROLES, active_roles, is_system_admin, role_scope
from yrkesresan.core import policy
from yrkesresan.occasions.models import CourseDay, Occasion
from yrkesresan.occasions.policies import can_manage_occasion, register_attendance_taker
from yrkesresan.organisations.models import Municipality, Region

from .models import (
    Approval,
    CallAnswer,
    CallStatus,
    DayAssignment,
    DayAssignmentEvent,
    MeetingInvitation,
    Qualification,
    TeamMember,
    TeamRole,
    TrainerCall,
    TrainerKind,
    TrainerMeeting,
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
    # A trainer sees the trainers of their region (those they teach with), not the municipalities' own
    # discussion leaders.
    return qs.filter(
        Q(user_id=user.pk)
        | Q(region_id__in=regional)
        | Q(region_id__in=trainer_regions, kind=TrainerKind.TRAINER)
        | Q(home_municipality_id__in=kadmin)
    )


def _private_q(user: Any, prefix: str = "trainer__") -> Q:
    """What only the trainer and those who coordinate or lend them see (availability, history)."""
    regional, kadmin, _trainer_regions = _places(user)
    return (
        Q(**{f"{prefix}user_id": user.pk})
        | Q(**{f"{prefix}region_id__in": regional})
        | Q(**{f"{prefix}home_municipality_id__in": kadmin})
    )


def sees_private(user: Any, trainer: TrainerProfile) -> bool:
    """``_private_q`` for one trainer: the trainer, the coordinators of their region and the k-admins of
    their home municipality (and system admins) read what is private about them: the coordinator's note,
    an absence's reason (often about health), their unavailability. No query beyond the actor's roles."""
    if is_system_admin(user) or trainer.user_id == user.pk:
        return True
    regional, kadmin, _trainer_regions = _places(user)
    return trainer.region_id in regional or trainer.home_municipality_id in kadmin


def _qualifications(user: Any, qs: QuerySet) -> QuerySet:
    if is_system_admin(user):
        return qs
    regional, kadmin, trainer_regions = _places(user)
    return qs.filter(
        Q(trainer__user_id=user.pk)
        | Q(trainer__region_id__in=regional)
        | Q(trainer__region_id__in=trainer_regions, trainer__kind=TrainerKind.TRAINER)
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
    if is_system_admin(user):
        return qs
    # A k-admin also sees the days their municipality lent a trainer for, after the trainer has moved;
    # a manager the days of their staff who teach (as on the Stationen page of them).
    _regional, kadmin, _trainer_regions = _places(user)
    return qs.filter(
        _occasion_q(user, "course_day__occasion__") | Q(lending_municipality_id__in=kadmin) | over_trainer_q(user)
    )


def _events(user: Any, qs: QuerySet) -> QuerySet:
    if is_system_admin(user):
        return qs
    regional, _kadmin, _trainer_regions = _places(user)
    return qs.filter(_private_q(user) | Q(course_day__occasion__region_id__in=regional))


def _meetings(user: Any, qs: QuerySet) -> QuerySet:
    """Trainer meetings: the region's coordinators see its meetings (a municipality's included), a k-admin
    their municipality's, a trainer those they are invited to."""
    if is_system_admin(user):
        return qs
    regional, kadmin, _trainer_regions = _places(user)
    invited = MeetingInvitation.objects.filter(trainer__user_id=user.pk).values("meeting_id")
    return qs.filter(Q(region_id__in=regional) | Q(municipality_id__in=kadmin) | Q(pk__in=invited))


def _invitations(user: Any, qs: QuerySet) -> QuerySet:
    """Invitations to trainer meetings: every invitation to a meeting one coordinates, and one's own."""
    if is_system_admin(user):
        return qs
    regional, kadmin, _trainer_regions = _places(user)
    return qs.filter(
        Q(meeting__region_id__in=regional) | Q(meeting__municipality_id__in=kadmin) | Q(trainer__user_id=user.pk)
    )


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
policy.register_visibility(TrainerMeeting, _meetings)
policy.register_visibility(MeetingInvitation, _invitations)
policy.register_rule("trainers.coordinate", can_coordinate)
policy.register_rule("trainers.coordinate_some", can_coordinate_some)
policy.register_rule("trainers.report_absence", can_report_absence)
policy.register_rule("trainers.set_availability", can_set_availability)
register_attendance_taker(teaches_on)


# --- recruiting calls --------------------------------------------------------------------------------


def over_trainer_q(user: Any, prefix: str = "trainer__") -> Q:
    """The trainers whose manager or k-admin ``user`` is: the managers whose scope covers a unit (or,
    for a manager of a whole municipality, the municipality) where the trainer holds an active role,
    and the k-admins of the trainer's home municipality."""
    managed = role_scope(user, Role.MANAGER)
    kadmin = role_scope(user, Role.MUNICIPAL_ADMIN).municipalities
    q = Q(pk__in=[])
    if kadmin:
        q |= Q(**{f"{prefix}home_municipality_id__in": kadmin})
    if not managed.is_empty:
        staff = RoleAssignment.objects.active().filter(managed.q(region=None)).values("user_id")
        q |= Q(**{f"{prefix}user_id__in": staff})
    return q


def is_over_trainer(actor: Any, trainer: TrainerProfile) -> bool:
    """The same rule as ``over_trainer_q`` for one trainer (system admins are over everyone)."""
    if is_system_admin(actor):
        return True
    if trainer.home_municipality_id in role_scope(actor, Role.MUNICIPAL_ADMIN).municipalities:
        return True
    managed = role_scope(actor, Role.MANAGER)
    if managed.is_empty:
        return False
    roles = RoleAssignment.objects.active().filter(user_id=trainer.user_id)
    return any(
        managed.covers(region_id=r.region_id, municipality_id=r.municipality_id, unit_id=r.unit_id) for r in roles
    )


def _calls(user: Any, qs: QuerySet) -> QuerySet:
    """Calls for trainers: the region's coordinators see all of its calls; a trainer the open calls of
    their region for the courses they are qualified for, and the calls they have answered."""
    if is_system_admin(user):
        return qs
    regional, _kadmin, _trainer_regions = _places(user)
    pools = TrainerProfile.objects.filter(user_id=user.pk, kind=TrainerKind.TRAINER, active=True)
    courses = Qualification.objects.filter(trainer__user_id=user.pk).values("course_id")
    answered = CallAnswer.objects.filter(trainer__user_id=user.pk).values("call_id")
    return qs.filter(
        Q(region_id__in=regional)
        | Q(status=CallStatus.OPEN, region_id__in=pools.values("region_id"), course_id__in=courses)
        | Q(pk__in=answered)
    )


def _call_answers(user: Any, qs: QuerySet) -> QuerySet:
    """Answers to calls: the region's coordinators see every answer to its calls, a trainer their own,
    a manager or k-admin the answers of their staff that asked for their approval."""
    if is_system_admin(user):
        return qs
    regional, _kadmin, _trainer_regions = _places(user)
    return qs.filter(
        Q(call__region_id__in=regional)
        | Q(trainer__user_id=user.pk)
        | (over_trainer_q(user) & ~Q(approval=Approval.NOT_NEEDED))
    )


policy.register_visibility(TrainerCall, _calls)
policy.register_visibility(CallAnswer, _call_answers)
