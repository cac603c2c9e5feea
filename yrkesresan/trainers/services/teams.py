"""Writes for trainer teams: the pool, teams on occasions, who leads and trains each course day,
absences and substitutes.

Every course-day change keeps a ``DayAssignmentEvent`` and an audit row: billing's trainer pot pays
from the assignments, so who taught which day, in which role and from which municipality must be
exact and kept. A trainer teaches at most one course day a date (the service checks under a lock on
the trainer's profile; the database refuses a second one) and no more course days a term than their
manager allows.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from yrkesresan.accounts.models import Role, RoleAssignment, User
from yrkesresan.catalog.models import Course, CourseKind
from yrkesresan.core import events, policy
from yrkesresan.core.audit import audit_record, diff
from yrkesresan.occasions.models import CourseDay, DeliveryLevel, Occasion, OccasionStatus
from yrkesresan.organisations.models import Municipality

from ..models import (
    DEFAULT_MAX_DAYS_PER_TERM,
    DayAction,
    DayAssignment,
    DayAssignmentEvent,
    DayRole,
    Qualification,
    TeamMember,
    TeamRole,
    TrainerKind,
    TrainerProfile,
    Unavailability,
    term_range_of,
)
from ..notifications import SUBSTITUTES_IN_EMAIL, absence_reported_notify, substitute_assigned_notify
from ..selectors.teams import MUNICIPAL_LEVELS, pool_for, substitutes_for, term_label


def _date(day: datetime.date) -> str:
    return formats.date_format(day, "j F Y")


def _audit(actor: Any, action: str, target: Any, changes: dict[str, Any], occasion: Occasion | None = None) -> None:
    if occasion is not None:
        region_id, municipality_id = occasion.region_id, occasion.municipality_id
    else:
        region_id, municipality_id = target.region_id, target.home_municipality_id
    audit_record(
        actor=actor,
        action=action,
        target=target,
        changes=changes,
        region_id=region_id,
        municipality_id=municipality_id,
    )


# --- the pool --------------------------------------------------------------------------------------


@transaction.atomic
def trainer_profile_save(
    *,
    actor: Any,
    person: User,
    home_municipality: Municipality,
    kind: str = TrainerKind.TRAINER,
    max_days_per_term: int = DEFAULT_MAX_DAYS_PER_TERM,
    active: bool = True,
    note: str = "",
) -> TrainerProfile:
    """Put a person in a trainer pool, or change their profile.

    A trainer (the region's pool) holds the trainer role in their home municipality, which lends them;
    a discussion leader (the municipality's own pool) works there in any role. The region's
    coordinators keep its trainers; a k-admin also keeps the discussion leaders of their municipality.
    Moving a profile needs the right to keep both the old pool and the new one.
    """
    errors: dict[str, list[str]] = {}
    if kind not in TrainerKind.values:
        errors.setdefault("kind", []).append(_("Choose trainer or discussion leader."))
    if not isinstance(max_days_per_term, int) or not 0 <= max_days_per_term <= 60:
        errors.setdefault("max_days_per_term", []).append(_("Give the number of course days a term, 0 to 60."))
    note = (note or "").strip()
    if len(note) > 300:
        errors.setdefault("note", []).append(_("Keep the note under 300 characters."))

    profile = TrainerProfile.objects.select_for_update(of=("self",)).filter(user=person).first()
    proposed = TrainerProfile(
        user=person, kind=kind, home_municipality=home_municipality, region_id=home_municipality.region_id
    )
    if not policy.can(actor, "trainers.coordinate", proposed) or (
        profile is not None and not policy.can(actor, "trainers.coordinate", profile)
    ):
        raise PermissionDenied(_("You may not keep this trainer pool."))

    if not person.is_active:
        errors.setdefault("person", []).append(_("%(name)s's account is deactivated.") % {"name": person})
    roles = RoleAssignment.objects.active().filter(user=person, municipality_id=home_municipality.pk)
    if kind == TrainerKind.TRAINER and not roles.filter(role=Role.TRAINER).exists():
        errors.setdefault("home_municipality", []).append(
            _("%(name)s does not have the trainer role in %(place)s.") % {"name": person, "place": home_municipality}
        )
    elif kind == TrainerKind.DISCUSSION_LEADER and not roles.exists():
        errors.setdefault("home_municipality", []).append(
            _("%(name)s does not work in %(place)s.") % {"name": person, "place": home_municipality}
        )
    if errors:
        raise ValidationError(errors)

    values = {
        "kind": kind,
        "home_municipality": home_municipality.pk,
        "max_days_per_term": max_days_per_term,
        "active": active,
        "note": note,
    }
    if profile is None:
        profile = TrainerProfile.objects.create(
            user=person,
            kind=kind,
            home_municipality=home_municipality,
            region_id=home_municipality.region_id,
            max_days_per_term=max_days_per_term,
            active=active,
            note=note,
        )
        _audit(actor, "trainer_profile.save", profile, values)
        return profile
    before = {
        "kind": profile.kind,
        "home_municipality": profile.home_municipality_id,
        "max_days_per_term": profile.max_days_per_term,
        "active": profile.active,
        "note": profile.note,
    }
    profile.kind, profile.home_municipality = kind, home_municipality
    profile.region_id = home_municipality.region_id
    profile.max_days_per_term, profile.active, profile.note = max_days_per_term, active, note
    profile.save()
    changes = diff(before, values)
    if before["home_municipality"] != home_municipality.pk:
        # Days not yet held are lent by the new home municipality; days taught stay with the one that lent them.
        moved = DayAssignment.objects.filter(trainer=profile, date__gte=timezone.localdate()).exclude(
            lending_municipality=home_municipality
        )
        count = moved.update(lending_municipality=home_municipality)
        if count:
            changes["coming_days_lent_by_the_new_home"] = [0, count]
    if changes:
        _audit(actor, "trainer_profile.save", profile, changes)
    return profile


@transaction.atomic
def qualification_grant(
    *, actor: Any, trainer: TrainerProfile, course: Course, since: datetime.date | None = None
) -> Qualification:
    """The trainer is trained to give ``course`` (a course with course days)."""
    policy.require(actor, "trainers.coordinate", trainer)
    if course.kind == CourseKind.WEB:
        raise ValidationError({"course": _("A web course has no course days to teach.")})
    if Qualification.objects.filter(trainer=trainer, course=course).exists():
        raise ValidationError(
            {"course": _("%(name)s is already qualified for %(course)s.") % {"name": trainer, "course": course}}
        )
    qualification = Qualification.objects.create(trainer=trainer, course=course, since=since or timezone.localdate())
    _audit(actor, "qualification.grant", trainer, {"course": course.title, "since": str(qualification.since)})
    return qualification


@transaction.atomic
def qualification_revoke(*, actor: Any, qualification: Qualification) -> None:
    """The trainer no longer gives the course. Days already assigned stay; new ones are refused."""
    trainer = qualification.trainer
    policy.require(actor, "trainers.coordinate", trainer)
    course = qualification.course
    qualification.delete()
    _audit(actor, "qualification.revoke", trainer, {"course": course.title})


@transaction.atomic
def unavailability_add(
    *, actor: Any, trainer: TrainerProfile, start: datetime.date, end: datetime.date, reason: str = ""
) -> Unavailability:
    """The trainer cannot teach from ``start`` to ``end`` (inclusive). Set by the trainer or a coordinator.
    A day they are already assigned to is reported as an absence instead, so a substitute is found."""
    if not policy.can(actor, "trainers.set_availability", trainer):
        raise PermissionDenied(_("You may not change this trainer's availability."))
    _lock_trainer(trainer)  # day_assign checks availability under the same lock
    if not start or not end or end < start:
        raise ValidationError({"end": _("The last day cannot be before the first.")})
    reason = (reason or "").strip()[:200]
    assigned = (
        DayAssignment.objects.filter(trainer=trainer, absent=False, date__gte=start, date__lte=end)
        .order_by("date")
        .first()
    )
    if assigned is not None:
        raise ValidationError(
            _("%(name)s is assigned to a course day on %(date)s: report absence for that day instead.")
            % {"name": trainer, "date": _date(assigned.date)}
        )
    unavailable = Unavailability.objects.create(trainer=trainer, start=start, end=end, reason=reason, created_by=actor)
    _audit(actor, "unavailability.add", trainer, {"start": str(start), "end": str(end), "reason": reason})
    return unavailable


@transaction.atomic
def unavailability_remove(*, actor: Any, unavailability: Unavailability) -> None:
    """The trainer can teach on those days after all. Set by the trainer or a coordinator."""
    trainer = unavailability.trainer
    if not policy.can(actor, "trainers.set_availability", trainer):
        raise PermissionDenied(_("You may not change this trainer's availability."))
    changes = {"start": str(unavailability.start), "end": str(unavailability.end), "reason": unavailability.reason}
    unavailability.delete()
    _audit(actor, "unavailability.remove", trainer, changes)


# --- teams -----------------------------------------------------------------------------------------


def _pool_problem(occasion: Occasion, trainer: TrainerProfile) -> str | None:
    """Why the trainer is not in the pool the occasion draws from (None: they are)."""
    if pool_for(occasion).filter(pk=trainer.pk).exists():
        return None
    if occasion.delivery_level in MUNICIPAL_LEVELS:
        return _("%(name)s is not a discussion leader in %(place)s.") % {
            "name": trainer,
            "place": occasion.municipality,
        }
    if occasion.delivery_level == DeliveryLevel.REGIONAL:
        return _("%(name)s is not in the trainer pool of %(place)s.") % {"name": trainer, "place": occasion.region}
    return _("A national occasion has no trainer team here.")


def _lock_occasion(occasion: Occasion) -> Occasion:
    return Occasion.objects.select_for_update(of=("self",)).select_related("course").get(pk=occasion.pk)


@transaction.atomic
def team_member_add(*, actor: Any, occasion: Occasion, trainer: TrainerProfile, role: str) -> TeamMember:
    """Put a trainer on the occasion's team as course leader, trainer or reserve. The trainer must be
    active, in the pool the occasion draws from (the region's trainers for a regional occasion, the
    municipality's discussion leaders for a municipal or workplace-level one) and qualified for the
    course. A team has one course leader and a person is on it once."""
    policy.require(actor, "trainers.coordinate", occasion)
    locked = _lock_occasion(occasion)
    problems: list[str] = []
    if role not in TeamRole.values:
        problems.append(_("Choose course leader, trainer or reserve."))
    if locked.status == OccasionStatus.CANCELLED:
        problems.append(_("The occasion is cancelled."))
    if not trainer.active or not trainer.user.is_active:
        problems.append(_("%(name)s is not an active trainer.") % {"name": trainer})
    if (problem := _pool_problem(locked, trainer)) is not None:
        problems.append(problem)
    if not Qualification.objects.filter(trainer=trainer, course_id=locked.course_id).exists():
        problems.append(
            _("%(name)s is not qualified for %(course)s.") % {"name": trainer, "course": locked.course.title}
        )
    if TeamMember.objects.filter(occasion=locked, trainer=trainer).exists():
        problems.append(_("%(name)s is already on the team.") % {"name": trainer})
    if role == TeamRole.LEADER:
        leader = (
            TeamMember.objects.filter(occasion=locked, role=TeamRole.LEADER).select_related("trainer__user").first()
        )
        if leader is not None:
            problems.append(_("The team already has a course leader: %(name)s.") % {"name": leader.trainer})
    if problems:
        raise ValidationError(problems)
    member = TeamMember.objects.create(occasion=locked, trainer=trainer, role=role, added_by=actor)
    _audit(actor, "team_member.add", member, {"trainer": str(trainer), "role": role}, occasion=locked)
    return member


@transaction.atomic
def team_member_remove(*, actor: Any, member: TeamMember) -> None:
    """Take a trainer off the team. Their coming course days must be given to someone else first; days
    already held stay as they were."""
    policy.require(actor, "trainers.coordinate", member.occasion)
    locked = _lock_occasion(member.occasion)
    coming = DayAssignment.objects.filter(
        course_day__occasion=locked, trainer_id=member.trainer_id, absent=False, date__gte=timezone.localdate()
    ).exists()
    if coming:
        raise ValidationError(
            _("%(name)s still has coming course days on this occasion: take them off those days first.")
            % {"name": member.trainer}
        )
    _audit(actor, "team_member.remove", member, {"trainer": str(member.trainer), "role": member.role}, occasion=locked)
    member.delete()


# --- course days -----------------------------------------------------------------------------------


def _teaching_problems(
    *, occasion: Occasion, course_day: CourseDay, trainer: TrainerProfile, role: str, on_team_required: bool
) -> list[str]:
    """Why ``trainer`` cannot take ``role`` on ``course_day`` (empty: they can). The trainer's row is locked."""
    name = {"name": trainer}
    problems: list[str] = []
    if role not in DayRole.values:
        problems.append(_("Choose course leader or trainer."))
    if occasion.status == OccasionStatus.CANCELLED:
        problems.append(_("The occasion is cancelled."))
    if not trainer.active or not trainer.user.is_active:
        problems.append(_("%(name)s is not an active trainer.") % name)
    if on_team_required:
        if not TeamMember.objects.filter(occasion=occasion, trainer=trainer).exists():
            problems.append(_("%(name)s is not on the occasion's team.") % name)
    elif (problem := _pool_problem(occasion, trainer)) is not None:
        problems.append(problem)
    if not Qualification.objects.filter(trainer=trainer, course_id=occasion.course_id).exists():
        problems.append(
            _("%(name)s is not qualified for %(course)s.") % {"name": trainer, "course": occasion.course.title}
        )
    day = course_day.date
    if Unavailability.objects.filter(trainer=trainer, start__lte=day, end__gte=day).exists():
        problems.append(_("%(name)s is not available on %(date)s.") % {"name": trainer, "date": _date(day)})
    booked = (
        DayAssignment.objects.filter(trainer=trainer, date=day, absent=False)
        .select_related("course_day__occasion__course")
        .first()
    )
    if booked is not None:
        problems.append(
            _("%(name)s already teaches on %(date)s (%(occasion)s): a trainer takes one course day a date.")
            % {"name": trainer, "date": _date(day), "occasion": booked.course_day.occasion}
        )
    start, end = term_range_of(day)
    taken = DayAssignment.objects.filter(trainer=trainer, absent=False, date__gte=start, date__lte=end).count()
    if booked is None and taken >= trainer.max_days_per_term:
        problems.append(
            _("%(name)s already has %(count)d of the %(max)d course days their manager allows in %(term)s.")
            % {"name": trainer, "count": taken, "max": trainer.max_days_per_term, "term": term_label(day)}
        )
    if role == DayRole.LEADER:
        leader = (
            DayAssignment.objects.filter(course_day=course_day, role=DayRole.LEADER, absent=False)
            .select_related("trainer__user")
            .first()
        )
        if leader is not None:
            problems.append(
                _("The course day %(date)s already has a course leader: %(name)s.")
                % {"date": _date(day), "name": leader.trainer}
            )
    return problems


def _lock_trainer(trainer: TrainerProfile) -> TrainerProfile:
    """Lock the trainer's row: their days are counted and checked under it, one change at a time."""
    return TrainerProfile.objects.select_for_update(of=("self",)).select_related("user").get(pk=trainer.pk)


def _create_assignment(**values: Any) -> DayAssignment:
    try:
        with transaction.atomic():
            return DayAssignment.objects.create(**values)
    except IntegrityError:
        # Another change got there between the check and the insert: the database refused it.
        raise ValidationError(
            _("%(name)s already teaches on %(date)s, or the day already has a course leader.")
            % {"name": values["trainer"], "date": _date(values["date"])}
        ) from None


def _event(
    assignment: DayAssignment,
    action: str,
    *,
    by: Any,
    reason: str = "",
    other: TrainerProfile | None = None,
) -> DayAssignmentEvent:
    return DayAssignmentEvent.objects.create(
        course_day=assignment.course_day,
        date=assignment.date,
        trainer=assignment.trainer,
        role=assignment.role,
        action=action,
        reason=reason[:300],
        other_trainer=other,
        by=by,
    )


def _course_day(course_day: CourseDay) -> tuple[CourseDay, Occasion]:
    day = CourseDay.objects.select_related("occasion__course").get(pk=course_day.pk)
    return day, day.occasion


@transaction.atomic
def day_assign(
    *, actor: Any, course_day: CourseDay, trainer: TrainerProfile, role: str, reason: str = ""
) -> DayAssignment:
    """``trainer`` leads or trains ``course_day``. They must be on the occasion's team (any team role:
    a reserve called in, or a course leader who trains one day), qualified, free that day, and within
    the course days their manager allows this term. A day has one course leader."""
    day, occasion = _course_day(course_day)
    policy.require(actor, "trainers.coordinate", occasion)
    locked = _lock_trainer(trainer)
    problems = _teaching_problems(occasion=occasion, course_day=day, trainer=locked, role=role, on_team_required=True)
    if problems:
        raise ValidationError(problems)
    assignment = _create_assignment(
        course_day=day,
        trainer=locked,
        role=role,
        date=day.date,
        lending_municipality_id=locked.home_municipality_id,
        by=actor,
    )
    _event(assignment, DayAction.ASSIGNED, by=actor, reason=reason)
    _audit(
        actor,
        "day_assignment.assign",
        assignment,
        {"trainer": str(locked), "role": role, "date": str(day.date)},
        occasion=occasion,
    )
    return assignment


@transaction.atomic
def day_unassign(*, actor: Any, assignment: DayAssignment, reason: str = "") -> None:
    """Take a trainer off a course day they were put on by mistake (the history keeps it). A day that has
    been held needs a reason; an absence is not removed, it is kept."""
    locked = (
        DayAssignment.objects.select_for_update(of=("self",))
        .select_related("course_day__occasion", "trainer__user")
        .get(pk=assignment.pk)
    )
    policy.require(actor, "trainers.coordinate", locked)
    reason = (reason or "").strip()
    if locked.absent:
        raise ValidationError(_("An absence is kept in the history and cannot be removed."))
    if locked.date < timezone.localdate() and not reason:
        raise ValidationError({"reason": _("Say why a course day that has been held is changed.")})
    _event(locked, DayAction.REMOVED, by=actor, reason=reason)
    _audit(
        actor,
        "day_assignment.remove",
        locked,
        {"trainer": str(locked.trainer), "role": locked.role, "date": str(locked.date), "reason": reason},
        occasion=locked.course_day.occasion,
    )
    locked.delete()


def _mark_absent(assignment: DayAssignment, *, actor: Any, reason: str) -> None:
    assignment.absent = True
    assignment.absence_reason = reason
    assignment.absent_reported_at = timezone.now()
    assignment.absent_reported_by = actor
    assignment.save(update_fields=["absent", "absence_reason", "absent_reported_at", "absent_reported_by"])
    _event(assignment, DayAction.ABSENCE_REPORTED, by=actor, reason=reason)


def _lock_assignment(assignment: DayAssignment) -> DayAssignment:
    return (
        DayAssignment.objects.select_for_update(of=("self",))
        .select_related("course_day__occasion__course", "trainer__user")
        .get(pk=assignment.pk)
    )


@transaction.atomic
def absence_report(*, actor: Any, assignment: DayAssignment, reason: str = "") -> DayAssignment:
    """The trainer cannot come on the day. Reported by the trainer themselves or a coordinator; the
    assignment is kept, marked absent, and the occasion's coordinators are e-mailed with the best
    substitutes."""
    locked = _lock_assignment(assignment)
    if not policy.can(actor, "trainers.report_absence", locked):
        raise PermissionDenied(_("You may not report absence for this trainer."))
    if locked.absent:
        raise ValidationError(_("The absence has already been reported."))
    reason = (reason or "").strip()[:300]
    past = locked.date < timezone.localdate()
    if past:
        # A day already held is what the trainer pot pays from: only a coordinator corrects it, saying why.
        if not policy.can(actor, "trainers.coordinate", locked):
            raise ValidationError(_("The course day has already been held: ask the coordinator to correct it."))
        if not reason:
            raise ValidationError({"reason": _("Say why the held course day is corrected.")})
    _mark_absent(locked, actor=actor, reason=reason)
    occasion = locked.course_day.occasion
    _audit(
        actor,
        "day_assignment.absence",
        locked,
        {"trainer": str(locked.trainer), "date": str(locked.date), "reason": reason},
        occasion=occasion,
    )
    if not past:
        candidates = substitutes_for(
            course_day=locked.course_day, role=locked.role, limit=SUBSTITUTES_IN_EMAIL
        ).candidates
        absence_reported_notify(locked, actor=actor, candidates=candidates)
    return locked


@transaction.atomic
def substitute_assign(
    *, actor: Any, assignment: DayAssignment, substitute: TrainerProfile, reason: str = ""
) -> DayAssignment:
    """In one step: ``substitute`` takes over the day of an absent trainer (reported absent now if not
    yet), in the same role. The absent trainer's assignment stays, marked absent; the substitute's names
    whom they replace. The substitute must be in the occasion's pool (not necessarily on the team),
    qualified, free that day and within their days this term. Nothing changes if any check fails."""
    locked = _lock_assignment(assignment)
    policy.require(actor, "trainers.coordinate", locked)
    reason = (reason or "").strip()[:300]
    if substitute.pk == locked.trainer_id:
        raise ValidationError(_("Choose someone else than the absent trainer."))
    replaced = (
        DayAssignment.objects.filter(
            course_day_id=locked.course_day_id, substitute_for_id=locked.trainer_id, absent=False
        )
        .select_related("trainer__user")
        .first()
    )
    if replaced is not None:
        raise ValidationError(
            _("%(name)s has already been replaced by %(other)s.") % {"name": locked.trainer, "other": replaced.trainer}
        )
    if not locked.absent:
        _mark_absent(locked, actor=actor, reason=reason)
    day, occasion = locked.course_day, locked.course_day.occasion
    sub = _lock_trainer(substitute)
    problems = _teaching_problems(
        occasion=occasion, course_day=day, trainer=sub, role=locked.role, on_team_required=False
    )
    if problems:
        raise ValidationError(problems)
    new = _create_assignment(
        course_day=day,
        trainer=sub,
        role=locked.role,
        date=day.date,
        lending_municipality_id=sub.home_municipality_id,
        substitute_for=locked.trainer,
        by=actor,
    )
    _event(locked, DayAction.REPLACED, by=actor, reason=reason, other=sub)
    _event(new, DayAction.ASSIGNED, by=actor, reason=reason, other=locked.trainer)
    _audit(
        actor,
        "day_assignment.substitute",
        new,
        {
            "trainer": str(sub),
            "replaces": str(locked.trainer),
            "role": new.role,
            "date": str(new.date),
            "reason": reason,
        },
        occasion=occasion,
    )
    substitute_assigned_notify(new)
    return new


def day_assignments_follow_days(*, occasion_id: int, by: Any = None) -> None:
    """Keep the copied dates in step after an occasion's course days moved (the occasions' event
    ``course_days.changed``). Every new date is worked out first, so days that move together (a whole
    occasion a week later) never collide with each other; a trainer who already teaches another
    occasion on a new date loses that moved day, with the reason kept in the history."""
    rows = list(
        DayAssignment.objects.filter(course_day__occasion_id=occasion_id)
        .select_related("course_day", "trainer__user")
        .order_by("date", "pk")
    )
    moving = [a for a in rows if a.date != a.course_day.date]
    if not moving:
        return
    trainer_ids = sorted({a.trainer_id for a in moving})
    list(TrainerProfile.objects.select_for_update().filter(pk__in=trainer_ids).order_by("pk"))
    new_dates = {a.course_day.date for a in moving}
    elsewhere = set(
        DayAssignment.objects.filter(trainer_id__in=trainer_ids, date__in=new_dates, absent=False)
        .exclude(course_day__occasion_id=occasion_id)
        .values_list("trainer_id", "date")
    )
    # Where each trainer teaches this occasion once the days have moved: those staying put first.
    taken = {(a.trainer_id, a.date) for a in rows if not a.absent and a.date == a.course_day.date}
    keep, drop = [], []
    for assignment in moving:
        slot = (assignment.trainer_id, assignment.course_day.date)
        if not assignment.absent and (slot in elsewhere or slot in taken):
            drop.append(assignment)
        else:
            keep.append(assignment)
            if not assignment.absent:
                taken.add(slot)
    for assignment in drop:
        _event(
            assignment,
            DayAction.REMOVED,
            by=by,
            reason=_("The course day moved to %(date)s, when the trainer already teaches.")
            % {"date": _date(assignment.course_day.date)},
        )
        assignment.delete()
    # Out of the one-day-a-date constraint while the dates change, then back in on the new dates.
    teaching = [a.pk for a in keep if not a.absent]
    DayAssignment.objects.filter(pk__in=teaching).update(absent=True)
    for assignment in keep:
        DayAssignment.objects.filter(pk=assignment.pk).update(date=assignment.course_day.date, absent=assignment.absent)


def day_assignments_before_removal(*, occasion_id: int, day_ids: list[int], by: Any = None) -> None:
    """Course days are about to be removed from an occasion (the occasions' event ``course_days.removing``).
    A day that has been taught cannot go: it is what the trainer pot pays from. The assignments of a coming
    day go with it, each kept in the history."""
    today = timezone.localdate()
    assignments = list(
        DayAssignment.objects.filter(course_day_id__in=day_ids).select_related("course_day", "trainer__user")
    )
    taught = [a for a in assignments if not a.absent and a.date < today]
    if taught:
        raise ValidationError(
            _("The course day of %(date)s has been taught (by %(name)s) and cannot be removed.")
            % {"date": _date(taught[0].date), "name": taught[0].trainer}
        )
    for assignment in assignments:
        if not assignment.absent:
            _event(assignment, DayAction.REMOVED, by=by, reason=_("The course day was removed from the occasion."))


def day_assignments_release(*, occasion_id: int, by: Any = None) -> None:
    """An occasion was cancelled: its trainers no longer teach its coming days, so those dates are free for
    them again. The assignments go; the history keeps who was to teach and why they no longer do (an
    absence already reported stays, as it frees no date). Days already taught stay: they were taught."""
    for assignment in (
        DayAssignment.objects.filter(course_day__occasion_id=occasion_id, absent=False, date__gte=timezone.localdate())
        .select_related("course_day", "trainer")
        .order_by("pk")
    ):
        _event(assignment, DayAction.REMOVED, by=by, reason=_("The occasion was cancelled."))
        assignment.delete()


def subscribe_to_events() -> None:
    events.subscribe("course_days.changed", day_assignments_follow_days)
    events.subscribe("course_days.removing", day_assignments_before_removal)
    events.subscribe("occasion.cancelled", day_assignments_release)
