"""Trainer meeting pages (*utbildarträffar*): the coordinators' list, planning and changing a meeting,
inviting the pool, taking attendance and cancelling; a trainer's own invitations in Plattformen, with
their reply. Thin: look up within scope, check the rule, call a service or a selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from yrkesresan.core import policy
from yrkesresan.core.forms import add_service_errors

from .. import services
from ..forms_meetings import AttendanceForm, CancelForm, InviteForm, MeetingForm, ReplyForm
from ..models import MeetingInvitation, Reply, TrainerMeeting
from ..selectors import meetings as selectors

MANAGE = "trainers.meeting_manage"
PER_PAGE = 25


def _managed(request: HttpRequest, pk: int) -> TrainerMeeting:
    """A meeting the actor sees (else 404) and plans (else 403)."""
    meeting = selectors.meeting_get(actor=request.user, pk=pk)
    policy.require(request.user, MANAGE, meeting)
    return meeting


# --- the coordinators' pages ------------------------------------------------------------------------------


def trainer_meeting_list(request: HttpRequest) -> HttpResponse:
    """The meetings one plans: the coming ones, or (``?tidigare=1``) those held, with the replies counted."""
    policy.require(request.user, "trainers.coordinate_some")
    past = bool(request.GET.get("tidigare"))
    page = Paginator(selectors.meeting_list(actor=request.user, past=past), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "trainers/meetings/list.html",
        # Whoever coordinates a pool has somewhere to plan a meeting: their region or municipality.
        {"page": page, "past": past},
    )


def _plan(request: HttpRequest, meeting: TrainerMeeting | None) -> HttpResponse:
    places = selectors.meeting_places(actor=request.user)
    form = MeetingForm(request.POST if request.method == "POST" else None, places=places, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.meeting_save(actor=request.user, meeting=meeting, **form.service_arguments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied:
            form.add_error("place", _("You may not plan trainer meetings there."))
        else:
            messages.success(
                request, _("The meeting is planned. Now invite the trainers.") if meeting is None else _("Saved.")
            )
            return redirect("trainer_meeting_detail", pk=saved.pk)
    return render(
        request,
        "trainers/meetings/form.html",
        {"form": form, "meeting": meeting},
        status=400 if form.errors else 200,
    )


def trainer_meeting_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "trainers.coordinate_some")
    if not selectors.meeting_places(actor=request.user):
        raise PermissionDenied
    return _plan(request, None)


def trainer_meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _managed(request, pk)
    if meeting.cancelled:
        messages.error(request, _("The meeting is cancelled and can no longer be changed."))
        return redirect("trainer_meeting_detail", pk=meeting.pk)
    return _plan(request, meeting)


def _detail(
    request: HttpRequest,
    meeting: TrainerMeeting,
    *,
    invite_form: InviteForm | None = None,
    cancel_form: CancelForm | None = None,
) -> HttpResponse:
    """The meeting page: facts, the replies counted, the invitations, and the forms to invite and cancel
    (bound and with their errors after a refused post, answered 400)."""
    sheet = selectors.meeting_invitations(actor=request.user, meeting=meeting)
    started = selectors.has_started(meeting)
    open_for_invites = not meeting.cancelled and not started
    courses = selectors.pool_courses(meeting) if open_for_invites else []
    invite_form = invite_form or InviteForm(courses=courses)
    refused = bool(invite_form.errors or (cancel_form is not None and cancel_form.errors))
    context = {
        "meeting": meeting,
        "sheet": sheet,
        "started": started,
        "open_for_invites": open_for_invites,
        "not_invited": selectors.not_invited(meeting).count() if open_for_invites else 0,
        "courses": courses,
        "invite_form": invite_form,
        "cancel_form": cancel_form or CancelForm(),
        "cancel_reason": selectors.cancel_reason(meeting) if meeting.cancelled else "",
        "attendance_open": not meeting.cancelled and timezone.localdate() >= meeting.date,
    }
    return render(request, "trainers/meetings/detail.html", context, status=400 if refused else 200)


def trainer_meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _managed(request, pk))


@require_POST
def trainer_meeting_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Invite the whole pool, or those of it qualified for a course; those already invited are skipped."""
    meeting = _managed(request, pk)
    form = InviteForm(request.POST, courses=selectors.pool_courses(meeting))
    if form.is_valid():
        try:
            invited = services.meeting_invite(actor=request.user, meeting=meeting, course=form.chosen_course)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if invited:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d trainer invited. They get an e-mail.",
                        "%(count)d trainers invited. They get an e-mail each.",
                        len(invited),
                    )
                    % {"count": len(invited)},
                )
            else:
                messages.info(request, _("Nobody new to invite: everyone who fits is already invited."))
            return redirect("trainer_meeting_detail", pk=meeting.pk)
    return _detail(request, meeting, invite_form=form)


def trainer_meeting_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Who came: one checkbox per person invited, nobody ticked until attendance is taken; one save.
    Saving again corrects it."""
    meeting = _managed(request, pk)
    sheet = selectors.meeting_invitations(actor=request.user, meeting=meeting)
    is_open = not meeting.cancelled and timezone.localdate() >= meeting.date
    post = request.method == "POST"
    form = AttendanceForm(request.POST if post else None, invitations=sheet.invitations)
    if post and not is_open:
        form.is_valid()
        form.add_error(
            None,
            _("The meeting is cancelled.")
            if meeting.cancelled
            else _("Attendance is taken from the day of the meeting."),
        )
    elif post and form.is_valid():
        try:
            counts = services.meeting_attendance_take(actor=request.user, meeting=meeting, present=form.present)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Attendance saved: %(present)d of %(total)d came.")
                % {"present": counts["present"], "total": counts["present"] + counts["absent"]},
            )
            return redirect("trainer_meeting_attendance", pk=meeting.pk)
    return render(
        request,
        "trainers/meetings/attendance.html",
        {"meeting": meeting, "sheet": sheet, "form": form, "is_open": is_open},
        status=400 if form.errors else 200,
    )


@require_POST
def trainer_meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel the meeting with a reason; everyone invited is told."""
    meeting = _managed(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_cancel(actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting is cancelled and everyone invited has been told."))
            return redirect("trainer_meeting_detail", pk=meeting.pk)
    return _detail(request, meeting, cancel_form=form)


# --- a trainer's own invitations --------------------------------------------------------------------------


def _mine(request: HttpRequest, *, form: ReplyForm | None = None) -> HttpResponse:
    mine = selectors.trainer_invitations(user=request.user)
    now = timezone.now()
    return render(
        request,
        "trainers/meetings/mine.html",
        {
            "mine": mine,
            "open_ids": {
                i.pk for i in mine.coming if not i.meeting.cancelled and not selectors.has_started(i.meeting, now)
            },
            "form": form,
            # A municipality's discussion leader may work in a role without Plattformen.
            "can_plattformen": policy.can(request.user, "plattformen.view"),
        },
        status=400 if form is not None and form.errors else 200,
    )


def my_trainer_meetings(request: HttpRequest) -> HttpResponse:
    """The meetings one is invited to, coming ones first, with a reply for each that has not started."""
    policy.require(request.user, "trainers.meetings_mine")
    return _mine(request)


def _back(request: HttpRequest, given: str) -> str:
    if given and url_has_allowed_host_and_scheme(given, allowed_hosts={request.get_host()}, require_https=False):
        return given
    return reverse("my_trainer_meetings")


@require_POST
def trainer_meeting_reply(request: HttpRequest, pk: int) -> HttpResponse:
    """Coming or not coming to meeting ``pk``, for the one invited; until the meeting starts."""
    invitation = policy.get_visible_or_404(
        request.user,
        MeetingInvitation.objects.select_related("meeting", "trainer__user"),
        meeting_id=pk,
        trainer__user_id=request.user.pk,
    )
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_reply(actor=request.user, invitation=invitation, reply=form.cleaned_data["reply"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            title = invitation.meeting.title
            if form.cleaned_data["reply"] == Reply.YES:
                messages.success(request, _("Thank you: you are coming to %(title)s.") % {"title": title})
            else:
                messages.success(request, _("Thank you: you are not coming to %(title)s.") % {"title": title})
            return redirect(_back(request, form.cleaned_data.get("next") or ""))
    elif "reply" in form.errors:
        form.errors["reply"] = form.error_class([_("Answer coming or not coming.")])
    return _mine(request, form=form)


# --- Plattformen ------------------------------------------------------------------------------------------


def plattformen_part(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """The next meeting the trainer is invited to, with the reply buttons, on Plattformen."""
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return []
    invitation = selectors.next_invitation(user=user)
    if invitation is None:
        return []
    return [("trainers/meetings/_plattformen.html", {"invitation": invitation, "next": request.get_full_path()})]


urlpatterns: list[URLPattern] = [
    path("utbildare/traffar/", trainer_meeting_list, name="trainer_meeting_list"),
    path("utbildare/traffar/ny/", trainer_meeting_create, name="trainer_meeting_create"),
    path("utbildare/traffar/<int:pk>/", trainer_meeting_detail, name="trainer_meeting_detail"),
    path("utbildare/traffar/<int:pk>/andra/", trainer_meeting_edit, name="trainer_meeting_edit"),
    path("utbildare/traffar/<int:pk>/bjud-in/", trainer_meeting_invite, name="trainer_meeting_invite"),
    path("utbildare/traffar/<int:pk>/narvaro/", trainer_meeting_attendance, name="trainer_meeting_attendance"),
    path("utbildare/traffar/<int:pk>/stall-in/", trainer_meeting_cancel, name="trainer_meeting_cancel"),
    path("plattformen/traffar/", my_trainer_meetings, name="my_trainer_meetings"),
    path("plattformen/traffar/<int:pk>/svar/", trainer_meeting_reply, name="trainer_meeting_reply"),
]


def register() -> None:
    """Rules, the Plattformen section and audit labels of these pages (called from the app's ready())."""
    from yrkesresan.core.audit import register_action_labels
    from yrkesresan.core.home import register_hub_part

    policy.register_rule(MANAGE, selectors.can_manage_meeting)
    policy.register_rule("trainers.meeting_reply", selectors.can_reply)
    policy.register_rule("trainers.meetings_mine", selectors.is_in_a_pool)
    register_hub_part("plattformen", plattformen_part)
    register_action_labels(
        {
            "trainer_meeting.save": gettext_lazy("Trainer meeting saved"),
            "trainer_meeting.invite": gettext_lazy("Trainers invited to a meeting"),
            "trainer_meeting.attendance": gettext_lazy("Attendance taken at a trainer meeting"),
            "trainer_meeting.cancel": gettext_lazy("Trainer meeting cancelled"),
            "meeting_invitation.reply": gettext_lazy("Reply to a trainer meeting invitation"),
        }
    )
