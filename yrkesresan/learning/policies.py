"""Who sees whose journey and may change it.

A person always sees their own journey. Everyone else sees a person's journey exactly when
they see the person (accounts' visibility: a manager their units, a k-admin their
municipality, the regional roles their region). Support flags are shared with the other
participants of the same occasion and with the trainers of the region.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from yrkesresan.accounts.models import Role, User
from yrkesresan.accounts.policies import can_manage_person
from yrkesresan.accounts.scopes import REGIONAL_ROLES, active_roles, has_role, is_system_admin, people_scope
from yrkesresan.catalog.models import Course
from yrkesresan.core import policy
from yrkesresan.occasions.models import PLACE_STATES, Occasion, Registration, RegistrationState

from .models import (
    ChecklistTick,
    CourseProgress,
    Enrolment,
    EnrolmentEvent,
    PreparationReminder,
    SupportFlag,
    TaskCompletion,
)

_ENROLLED_ATTR = "_yr_enrolled_journeys"
HUB_ROLES = (Role.MANAGER, Role.MUNICIPAL_ADMIN, *REGIONAL_ROLES, Role.SYSTEM_ADMIN)
TRAINER_HUB_ROLES = (Role.TRAINER, *REGIONAL_ROLES, Role.SYSTEM_ADMIN)


def enrolled_journey_ids(user: Any) -> frozenset[int]:
    """The journeys the user is on (in any status): one query, cached on the user object."""
    cached = getattr(user, _ENROLLED_ATTR, None)
    if cached is None:
        cached = frozenset(Enrolment.objects.filter(user_id=user.pk).values_list("journey_id", flat=True))
        setattr(user, _ENROLLED_ATTR, cached)
    return cached


def forget_enrolments(user: Any) -> None:
    if hasattr(user, _ENROLLED_ATTR):
        delattr(user, _ENROLLED_ATTR)


def _own_or_visible_people(user: Any, qs: QuerySet, field: str = "user_id") -> QuerySet:
    if is_system_admin(user):
        return qs
    own = Q(**{field: user.pk})
    if people_scope(user).is_empty:
        return qs.filter(own)
    return qs.filter(own | Q(**{f"{field}__in": policy.visible(user, User.objects.all()).values("pk")}))


def _support_flags(user: Any, qs: QuerySet) -> QuerySet:
    if is_system_admin(user):
        return qs
    my_occasions = Registration.objects.filter(
        user_id=user.pk, state__in=[*PLACE_STATES, RegistrationState.WAITLISTED]
    ).values("occasion_id")
    same_occasion = Registration.objects.filter(
        user_id=OuterRef("user_id"),
        occasion__course_id=OuterRef("course_id"),
        occasion_id__in=my_occasions,
        state__in=[*PLACE_STATES, RegistrationState.WAITLISTED],
    )
    # Trainers are placed in their home municipality; the role's region is filled in with it.
    trainer_regions = {r.region_id for r in active_roles(user) if r.role in TRAINER_HUB_ROLES and r.region_id}
    return qs.filter(Q(user_id=user.pk) | Exists(same_occasion) | Q(region_id__in=trainer_regions))


def can_participate(actor: Any, course: Any) -> bool:
    """A person takes a course of a journey they are on, or of an occasion they are booked on;
    anyone may take a self-paced web course."""
    if not isinstance(course, Course):
        return False
    if course.is_web or course.journey_id in enrolled_journey_ids(actor):
        return True
    # Booked on an occasion of the course without being placed on its journey (the region booked them):
    # they prepare for the day all the same.
    return Registration.objects.filter(
        user_id=actor.pk,
        occasion__course_id=course.pk,
        state__in=[*PLACE_STATES, RegistrationState.WAITLISTED],
    ).exists()


def can_view_progress(actor: Any, person: Any) -> bool:
    if not isinstance(person, User):
        return False
    if person.pk == actor.pk:
        return True
    return policy.visible(actor, User.objects.filter(pk=person.pk)).exists()


def can_enrol(actor: Any, person: Any) -> bool:
    """Managers, k-admins and the regional roles place the people they administer on a journey."""
    return (
        isinstance(person, User)
        and person.pk != actor.pk
        and has_role(actor, *HUB_ROLES)
        and can_manage_person(actor, person)
    )


def can_pause(actor: Any, enrolment: Any) -> bool:
    """The participant, or whoever may place them on the journey."""
    return isinstance(enrolment, Enrolment) and (enrolment.user_id == actor.pk or can_enrol(actor, enrolment.user))


for model in (Enrolment, CourseProgress, TaskCompletion, ChecklistTick):
    policy.register_visibility(model, _own_or_visible_people)
policy.register_visibility(EnrolmentEvent, lambda user, qs: _own_or_visible_people(user, qs, "enrolment__user_id"))
policy.register_visibility(SupportFlag, _support_flags)
policy.register_visibility(
    PreparationReminder, lambda user, qs: qs if is_system_admin(user) else qs.filter(user_id=user.pk)
)

policy.register_rule(
    "learning.my_journey", lambda actor, obj: has_role(actor, Role.STAFF) or bool(enrolled_journey_ids(actor))
)


def in_target_levels(person: Any, occasion: Any) -> bool:
    """Is the person on one of the occasion's target levels (placed on the journey at that level)?
    Occasions ask this through the policy, since they know nothing of progress."""
    if not isinstance(occasion, Occasion):
        return False
    return Enrolment.objects.filter(user_id=person.pk, level_id__in=occasion.target_levels.values("pk")).exists()


policy.register_rule("occasions.in_target_levels", in_target_levels)
policy.register_rule("learning.participate", can_participate)
policy.register_rule("learning.view_progress", can_view_progress)
policy.register_rule("learning.enrol", can_enrol)
policy.register_rule(
    "learning.enrol_some", lambda actor, obj: has_role(actor, *HUB_ROLES) and not people_scope(actor).is_empty
)
policy.register_rule("learning.pause", can_pause)
policy.register_rule(
    "stationen.view", lambda actor, obj: has_role(actor, *HUB_ROLES) and not people_scope(actor).is_empty
)
policy.register_rule("plattformen.view", lambda actor, obj: has_role(actor, *TRAINER_HUB_ROLES))
