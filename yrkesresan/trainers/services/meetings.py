"""Writes for trainer meetings (*utbildarträffar*): planning a meeting, inviting the pool, the trainers'
replies, attendance and cancelling.

The region's coordinators plan meetings for the region's trainers, and for a municipality's own
discussion leaders; a k-admin plans those of their municipality. A trainer is invited once; they answer
until the meeting starts. Attendance is taken from the meeting day on and may be corrected; every change
is in the audit trail. E-mails go after the change commits.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yrkesresan.catalog.models import Course
from yrkesresan.core import policy
from yrkesresan.core.audit import audit_record, diff
from yrkesresan.organisations.models import Municipality, Region

from ..models import MeetingInvitation, Reply, TrainerMeeting, TrainerProfile
from ..notifications_meetings import meeting_cancelled_notify, meeting_changed_notify, meeting_invited_notify
from ..selectors.meetings import has_started, meeting_pool, not_invited

#: What trainers are told about when it changes: when and where.
TOLD_FIELDS = ("date", "starts", "ends", "venue", "address", "link")
MANAGE = "trainers.meeting_manage"


def _audit(actor: Any, action: str, target: Any, changes: dict[str, Any], meeting: TrainerMeeting) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=target,
        changes=changes,
        region_id=meeting.region_id,
        municipality_id=meeting.municipality_id,
    )


def _lock(meeting: TrainerMeeting) -> TrainerMeeting:
    return (
        TrainerMeeting.objects.select_for_update(of=("self",))
        .select_related("region", "municipality")
        .get(pk=meeting.pk)
    )


def _invitations(meeting: TrainerMeeting, *, declined: bool = True) -> list[MeetingInvitation]:
    qs = MeetingInvitation.objects.filter(meeting_id=meeting.pk).select_related("trainer__user").order_by("pk")
    if not declined:
        qs = qs.exclude(reply=Reply.NO)
    return list(qs)


# --- planning -------------------------------------------------------------------------------------------


def _values(meeting: TrainerMeeting) -> dict[str, Any]:
    return {
        "region": meeting.region_id,
        "municipality": meeting.municipality_id,
        "title": meeting.title,
        "description": meeting.description,
        "date": meeting.date,
        "starts": meeting.starts,
        "ends": meeting.ends,
        "venue": meeting.venue,
        "address": meeting.address,
        "link": meeting.link,
    }


def _check(
    *,
    title: str,
    description: str,
    date: Any,
    starts: Any,
    ends: Any,
    venue: str,
    address: str,
    link: str,
    date_changed: bool,
    today: datetime.date,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if not title:
        add("title", _("Give the meeting a title."))
    elif len(title) > 200:
        add("title", _("Keep the title under 200 characters."))
    if len(description) > 5000:
        add("description", _("Keep the description under 5,000 characters."))
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        add("date", _("Give the date of the meeting."))
    elif date_changed and date < today:
        add("date", _("The date has passed: choose today or a later day."))
    if not isinstance(starts, datetime.time):
        add("starts", _("Give the time the meeting starts."))
    if not isinstance(ends, datetime.time):
        add("ends", _("Give the time the meeting ends."))
    elif isinstance(starts, datetime.time) and ends <= starts:
        add("ends", _("The meeting must end after it starts."))
    if len(venue) > 200:
        add("venue", _("Keep the venue under 200 characters."))
    if len(address) > 300:
        add("address", _("Keep the address under 300 characters."))
    if link:
        try:
            URLValidator(schemes=["https", "http"])(link)
        except ValidationError:
            add("link", _("Give the link as a web address, starting with https://."))
        if len(link) > 200:
            add("link", _("Keep the link under 200 characters."))
    if not (venue or address or link):
        add("venue", _("Say where the meeting is held, or give a link for taking part online."))
    return errors


@transaction.atomic
def meeting_save(
    *,
    actor: Any,
    meeting: TrainerMeeting | None = None,
    region: Region | None = None,
    municipality: Municipality | None = None,
    title: str,
    date: datetime.date,
    starts: datetime.time,
    ends: datetime.time,
    description: str = "",
    venue: str = "",
    address: str = "",
    link: str = "",
    today: datetime.date | None = None,
) -> TrainerMeeting:
    """Plan a trainer meeting, or change one.

    A meeting is for a region's trainers (``region``) or for a municipality's own discussion leaders
    (``municipality``; its region follows). The region's coordinators plan both; a k-admin plans their
    municipality's. It ends after it starts, on a day that has not passed, and says where it is held or
    how to take part online. Once anyone is invited, the meeting stays with its pool. A change of the
    date, time or place is e-mailed to those invited who have not declined. A cancelled meeting is not
    changed.
    """
    today = today or timezone.localdate()
    locked = _lock(meeting) if meeting is not None else None
    if municipality is not None:
        if region is not None and region.pk != municipality.region_id:
            raise ValidationError(
                {
                    "municipality": _("%(place)s is not in %(region)s.")
                    % {
                        "place": municipality,
                        "region": region,
                    }
                }
            )
        region_id: int = municipality.region_id
    elif region is not None:
        region_id = region.pk
    elif locked is not None:
        region_id, municipality = locked.region_id, locked.municipality
    else:
        raise ValidationError({"place": _("Choose the region or the municipality the meeting is for.")})
    proposed = TrainerMeeting(region_id=region_id, municipality=municipality)
    if not policy.can(actor, MANAGE, proposed) or (locked is not None and not policy.can(actor, MANAGE, locked)):
        raise PermissionDenied(_("You may not plan trainer meetings there."))

    title, description = (title or "").strip(), (description or "").strip()
    venue, address, link = (venue or "").strip(), (address or "").strip(), (link or "").strip()
    if locked is not None and locked.cancelled:
        raise ValidationError(_("The meeting is cancelled and can no longer be changed."))
    errors = _check(
        title=title,
        description=description,
        date=date,
        starts=starts,
        ends=ends,
        venue=venue,
        address=address,
        link=link,
        date_changed=locked is None or locked.date != date,
        today=today,
    )
    moved = locked is not None and (
        locked.region_id != region_id or locked.municipality_id != (municipality.pk if municipality else None)
    )
    if moved and MeetingInvitation.objects.filter(meeting=locked).exists():
        errors.setdefault("place", []).append(
            _("Trainers are already invited: the meeting stays with the pool they were invited from.")
        )
    if errors:
        raise ValidationError(errors)

    fields = {
        "title": title,
        "description": description,
        "date": date,
        "starts": starts,
        "ends": ends,
        "venue": venue,
        "address": address,
        "link": link,
    }
    if locked is None:
        created = TrainerMeeting.objects.create(
            region_id=region_id, municipality=municipality, created_by=actor, **fields
        )
        _audit(actor, "trainer_meeting.save", created, _values(created), created)
        return created

    before = _values(locked)
    locked.region_id, locked.municipality = region_id, municipality
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    changes = diff(before, _values(locked))
    if changes:
        _audit(actor, "trainer_meeting.save", locked, changes, locked)
    if any(name in changes for name in TOLD_FIELDS):
        meeting_changed_notify(locked, _invitations(locked, declined=False))
    return locked


# --- inviting -------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_invite(
    *,
    actor: Any,
    meeting: TrainerMeeting,
    course: Course | None = None,
    trainers: Iterable[TrainerProfile] | None = None,
    now: datetime.datetime | None = None,
) -> list[MeetingInvitation]:
    """Invite the meeting's pool: the region's active trainers (a municipality's meeting: its active
    discussion leaders), only those qualified for ``course`` if given, or only the ``trainers`` chosen
    (who must be in that pool). Nobody is invited twice: those already invited are left as they are, and
    only the new invitations are answered (and e-mailed, after the change commits). Not to a cancelled
    meeting, nor once it has started."""
    locked = _lock(meeting)
    policy.require(actor, MANAGE, locked)
    if locked.cancelled:
        raise ValidationError(_("The meeting is cancelled."))
    if has_started(locked, now):
        raise ValidationError(_("The meeting has already started: invitations are closed."))
    if trainers is not None:
        chosen = {t.pk: t for t in trainers}
        if not chosen:
            raise ValidationError({"trainers": _("Choose whom to invite.")})
        in_pool = set(meeting_pool(locked).filter(pk__in=chosen).values_list("pk", flat=True))
        outside = [str(chosen[pk]) for pk in chosen if pk not in in_pool]
        if outside:
            raise ValidationError(
                {"trainers": _("Not active in the meeting's pool: %(names)s.") % {"names": ", ".join(sorted(outside))}}
            )
        candidates = not_invited(locked, course=course).filter(pk__in=chosen)
    else:
        candidates = not_invited(locked, course=course)
    new = [MeetingInvitation(meeting=locked, trainer=t) for t in candidates.select_related("user").order_by("pk")]
    if not new:
        return []
    created = MeetingInvitation.objects.bulk_create(new)
    changes: dict[str, Any] = {"invited": sorted(str(i.trainer) for i in created)}
    if course is not None:
        changes["course"] = course.title
    _audit(actor, "trainer_meeting.invite", locked, changes, locked)
    meeting_invited_notify(locked, created)
    return created


# --- replies --------------------------------------------------------------------------------------------


@transaction.atomic
def meeting_reply(
    *, actor: Any, invitation: MeetingInvitation, reply: str, now: datetime.datetime | None = None
) -> MeetingInvitation:
    """The invited trainer says they are coming, or not. They may change their answer until the meeting
    starts; not to a cancelled meeting."""
    locked = (
        MeetingInvitation.objects.select_for_update(of=("self",))
        .select_related("meeting", "trainer__user")
        .get(pk=invitation.pk)
    )
    if not policy.can(actor, "trainers.meeting_reply", locked):
        raise PermissionDenied(_("Only the one invited answers the invitation."))
    if reply not in (Reply.YES, Reply.NO):
        raise ValidationError({"reply": _("Answer coming or not coming.")})
    meeting = locked.meeting
    if meeting.cancelled:
        raise ValidationError(_("The meeting is cancelled."))
    if has_started(meeting, now):
        raise ValidationError(_("The meeting has started: replies are closed."))
    before = locked.reply
    locked.reply = reply
    locked.replied_at = now or timezone.now()
    locked.save(update_fields=["reply", "replied_at"])
    if before != reply:
        _audit(actor, "meeting_invitation.reply", locked, {"reply": [before, reply]}, meeting)
    return locked


# --- attendance -----------------------------------------------------------------------------------------


@transaction.atomic
def meeting_attendance_take(
    *,
    actor: Any,
    meeting: TrainerMeeting,
    present: Iterable[int],
    today: datetime.date | None = None,
) -> dict[str, int]:
    """Who came: every invited trainer is marked present if their invitation's id is in ``present`` and
    absent otherwise. From the meeting day on, by whoever plans it; saving again corrects the marks, and
    each change is in the audit trail. An id that is not an invitation to the meeting is refused and
    nothing is changed. Answers how many came and how many did not."""
    today = today or timezone.localdate()
    locked = _lock(meeting)
    policy.require(actor, MANAGE, locked)
    if locked.cancelled:
        raise ValidationError(_("The meeting is cancelled."))
    if today < locked.date:
        raise ValidationError(_("Attendance is taken from the day of the meeting."))
    came = set(present)
    invitations = list(
        MeetingInvitation.objects.select_for_update(of=("self",))
        .filter(meeting_id=locked.pk)
        .select_related("trainer__user")
        .order_by("pk")
    )
    unknown = came - {i.pk for i in invitations}
    if unknown:
        raise ValidationError(_("Some of those marked present are not invited to the meeting."))
    marked: dict[str, list[str]] = {"present": [], "absent": [], "corrected": []}
    for invitation in invitations:
        attended = invitation.pk in came
        if invitation.attended is attended:
            continue
        if invitation.attended is not None:
            marked["corrected"].append(str(invitation.trainer))
        marked["present" if attended else "absent"].append(str(invitation.trainer))
        invitation.attended = attended
        invitation.attendance_by = actor
        invitation.save(update_fields=["attended", "attendance_by"])
    if any(marked.values()):
        _audit(actor, "trainer_meeting.attendance", locked, {k: v for k, v in marked.items() if v}, locked)
    came_count = sum(1 for i in invitations if i.attended)
    return {"present": came_count, "absent": len(invitations) - came_count}


# --- cancelling -----------------------------------------------------------------------------------------


@transaction.atomic
def meeting_cancel(
    *, actor: Any, meeting: TrainerMeeting, reason: str, now: datetime.datetime | None = None
) -> TrainerMeeting:
    """Cancel a meeting that has not started; the reason is required and e-mailed to everyone invited
    (it is kept in the audit trail)."""
    locked = _lock(meeting)
    policy.require(actor, MANAGE, locked)
    reason = (reason or "").strip()
    if locked.cancelled:
        raise ValidationError(_("The meeting is already cancelled."))
    if has_started(locked, now):
        raise ValidationError(_("The meeting has already started and cannot be cancelled."))
    if not reason:
        raise ValidationError({"reason": _("Say why the meeting is cancelled: those invited are told.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Keep the reason under 300 characters.")})
    locked.cancelled = True
    locked.save(update_fields=["cancelled"])
    _audit(actor, "trainer_meeting.cancel", locked, {"reason": reason}, locked)
    meeting_cancelled_notify(locked, _invitations(locked), reason=reason)
    return locked
