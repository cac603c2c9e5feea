"""The journey's pages: thin. Min resa (the participant), Stationen (managers), Plattformen (trainers)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from yrkesresan.accounts.selectors import person_get, person_list
from yrkesresan.catalog.models import Audience, ChecklistItem, Course, InfoPage, PreparationTask
from yrkesresan.core import policy
from yrkesresan.core.exports import spreadsheet_response
from yrkesresan.core.forms import add_service_errors, save_form
from yrkesresan.core.home import hub_sections
from yrkesresan.core.pagination import CappedPaginator
from yrkesresan.occasions.selectors.signup import occasions_open_to

from . import selectors, services
from .forms import EnrolForm, EnrolManyForm, HubFilterForm, PauseForm, SupportForm
from .models import Enrolment, ProgressState

#: How many coming occasions a course page offers at most (the nearest first).
COURSE_PAGE_OCCASIONS = 6

# --- the home page's part ------------------------------------------------------------------------


def home_part(request: HttpRequest) -> dict[str, Any]:
    if not policy.can(request.user, "learning.my_journey"):
        return {}
    journeys = selectors.my_journeys(user=request.user)
    return {"my": journeys, "home_sections": ["learning/_next_step_home.html"]}


# --- Min resa ------------------------------------------------------------------------------------


def my_journey(request: HttpRequest) -> HttpResponse:
    """The person's journeys as routes, and the one next step."""
    journeys = selectors.my_journeys(user=request.user)
    return render(
        request,
        "learning/my_journey.html",
        {
            "my": journeys,
            "open_web_courses": selectors.web_courses_open(user=request.user),
            "pause_form": PauseForm(),
            # What higher apps add (follow-up: the surveys waiting for an answer).
            "hub_sections": hub_sections(request, "min_resa"),
        },
    )


def _course_for_participant(request: HttpRequest, course_id: int) -> Course:
    course = policy.get_visible_or_404(request.user, Course.objects.select_related("journey", "level"), pk=course_id)
    if not policy.can(request.user, "learning.participate", course):
        raise PermissionDenied("learning.participate")
    return course


def my_course(request: HttpRequest, course_id: int) -> HttpResponse:
    """A course's three parts as the participant does them."""
    course = _course_for_participant(request, course_id)
    page = selectors.course_page(user=request.user, course=course)
    # The occasions one may sign up for, unless already booked on one (the booking is shown instead).
    # The nearest few are enough to choose from on a phone (a region may give a course fifty times a year).
    open_occasions = (
        []
        if course.is_web or page.booked
        else occasions_open_to(request.user, course_ids=[course.pk], limit=COURSE_PAGE_OCCASIONS + 1)
    )
    return render(
        request,
        "learning/my_course.html",
        {
            "page": page,
            "course": course,
            "today": timezone.localdate(),
            "open_occasions": open_occasions[:COURSE_PAGE_OCCASIONS],
            "more_occasions": len(open_occasions) > COURSE_PAGE_OCCASIONS,
        },
    )


def my_task(request: HttpRequest, course_id: int, task_id: int) -> HttpResponse:
    """One preparation task: the material in the page, "done", and support."""
    course = _course_for_participant(request, course_id)
    task = policy.get_visible_or_404(request.user, PreparationTask.objects.filter(course=course), pk=task_id)
    page = selectors.course_page(user=request.user, course=course)
    row = next(r for r in page.tasks if r.task.pk == task.pk)
    index = page.tasks.index(row)
    following = page.tasks[index + 1] if index + 1 < len(page.tasks) else None
    return render(
        request,
        "learning/my_task.html",
        {
            "page": page,
            "course": course,
            "row": row,
            "task": task,
            "position": index + 1,
            "following": following,
            "others": selectors.support_flags_on(actor=request.user, task=task),
            "support_form": SupportForm(),
            "paragraphs": [p for p in task.body.split("\n\n") if p.strip()],
            "media": _media_kind(task),
        },
    )


def _media_kind(task: PreparationTask) -> str:
    """How the file is shown in the page: the browser's own video or audio player, a PDF viewer, a picture."""
    if not task.file:
        return ""
    ext = task.file.name.rsplit(".", 1)[-1].lower()
    return {"mp4": "video", "webm": "video", "mp3": "audio", "m4a": "audio", "ogg": "audio", "pdf": "pdf"}.get(
        ext, "image" if ext in ("png", "jpg", "jpeg") else "download"
    )


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    return redirect(target if target.startswith("/") and not target.startswith("//") else fallback)


@require_POST
def task_done(request: HttpRequest, task_id: int) -> HttpResponse:
    task = policy.get_visible_or_404(request.user, PreparationTask.objects.select_related("course"), pk=task_id)
    done = request.POST.get("done", "1") == "1"
    try:
        if done:
            progress = services.task_mark_done(actor=request.user, task=task)
            if progress.state == ProgressState.COMPLETED:
                messages.success(request, _("Well done! You have completed %(course)s.") % {"course": task.course})
            else:
                messages.success(request, _("Marked as done: %(task)s.") % {"task": task.title})
        else:
            services.task_mark_undone(actor=request.user, task=task)
            messages.info(request, _("No longer marked as done: %(task)s.") % {"task": task.title})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(request, reverse("my_task", args=[task.course_id, task.pk]))


@require_POST
def checklist_tick(request: HttpRequest, item_id: int) -> HttpResponse:
    item = policy.get_visible_or_404(request.user, ChecklistItem.objects.select_related("course"), pk=item_id)
    try:
        services.checklist_tick(actor=request.user, item=item, ticked=request.POST.get("ticked", "1") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(request, reverse("my_course", args=[item.course_id]) + "#after")


@require_POST
def support_flag(request: HttpRequest, task_id: int) -> HttpResponse:
    task = policy.get_visible_or_404(request.user, PreparationTask.objects.select_related("course"), pk=task_id)
    form = SupportForm(request.POST)
    fallback = reverse("my_task", args=[task.course_id, task.pk]) + "#support"
    if not form.is_valid():
        messages.error(request, _("Choose whether you ask for or offer support."))
        return _back(request, fallback)
    kind = form.cleaned_data["kind"]
    try:
        if request.POST.get("withdraw"):
            services.support_flag_withdraw(actor=request.user, task=task, kind=kind)
            messages.info(request, _("Withdrawn."))
        else:
            services.support_flag_set(actor=request.user, task=task, kind=kind, message=form.cleaned_data["message"])
            messages.success(
                request,
                _("Your request for support is shown to your course's trainers and the others on your course.")
                if kind == "asks"
                else _("Thank you. Your offer is shown to the others on your course."),
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(request, fallback)


def _enrolment(request: HttpRequest, enrolment_id: int) -> Enrolment:
    return policy.get_visible_or_404(
        request.user, Enrolment.objects.select_related("user", "journey", "level"), pk=enrolment_id
    )


@require_POST
def enrolment_pause(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _enrolment(request, enrolment_id)
    form = PauseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.enrolment_pause(actor=request.user, enrolment=enrolment, reason=reason)
    except ValidationError as exc:  # e.g. the journey is finished
        messages.error(request, " ".join(exc.messages))
    else:
        messages.info(
            request,
            _("The journey %(journey)s is paused. Everything done so far is kept.")
            % {"journey": enrolment.journey.name},
        )
    return _back(request, reverse("my_journey"))


@require_POST
def enrolment_resume(request: HttpRequest, enrolment_id: int) -> HttpResponse:
    enrolment = _enrolment(request, enrolment_id)
    try:
        services.enrolment_resume(actor=request.user, enrolment=enrolment)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Welcome back! The journey %(journey)s goes on where you left it.") % {"journey": enrolment.journey.name},
        )
    return _back(request, reverse("my_journey"))


# --- one person's journeys, for their manager ---------------------------------------------------------


def person_journey(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_get(actor=request.user, pk=pk)
    policy.require(request.user, "learning.view_progress", person)
    form = EnrolForm(request.POST if request.method == "POST" else None)  # an empty POST is a form without a level
    if request.method == "POST":
        policy.require(request.user, "learning.enrol", person)
        level = save_form(
            request,
            form,
            lambda d: (
                services.enrolment_place(
                    actor=request.user, person=person, journey=d["level"].journey, level=d["level"]
                ).level
            ),
        )
        if level is not None:
            messages.success(
                request,
                _("%(name)s is on %(journey)s, level %(level)s.")
                % {"name": person, "journey": level.journey.name, "level": level.name},
            )
            return redirect("person_journey", pk=person.pk)
    return render(
        request,
        "learning/person_journey.html",
        {
            "person": person,
            "my": selectors.my_journeys(user=person),
            "history": selectors.enrolment_history(actor=request.user, person=person),
            "form": form,
            "can_enrol": policy.can(request.user, "learning.enrol", person),
            "pause_form": PauseForm(),
        },
        status=400 if form.errors else 200,
    )


# --- Stationen ---------------------------------------------------------------------------------------


def _hub_list(request: HttpRequest) -> tuple[HubFilterForm, selectors.StaffProgress, int]:
    form = HubFilterForm(request.GET or None, actor=request.user)
    data = form.cleaned_data if form.is_valid() else {}
    staff = selectors.staff_progress(
        actor=request.user,
        unit_id=data.get("unit"),
        journey_id=data.get("journey"),
        status=data.get("status") or "",
        weeks=data.get("weeks"),
        search=data.get("q") or "",
    )
    return form, staff, data.get("per_page") or 50


def stationen(request: HttpRequest) -> HttpResponse:
    """Managers' hub: their staff's progress, who has not started, who has stalled."""
    policy.require(request.user, "stationen.view")
    form, staff, per_page = _hub_list(request)
    page = CappedPaginator(staff, per_page).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": request.GET.urlencode(),
        "guides": policy.visible(
            request.user, InfoPage.objects.filter(audience__in=[Audience.MANAGERS, Audience.EVERYONE])
        ),
    }
    if not getattr(request, "htmx", False):
        context["hub_sections"] = hub_sections(request, "stationen")
    template = "learning/_hub_results.html" if getattr(request, "htmx", False) else "learning/stationen.html"
    return render(request, template, context, status=400 if form.errors else 200)


def stationen_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as a spreadsheet: one row per person and journey."""
    policy.require(request.user, "stationen.view")
    _form, staff, _per_page = _hub_list(request)
    states = {value: str(label) for value, label in ProgressState.choices}
    flags = _hub_flag_labels()
    header = [
        _("Last name"),
        _("First name"),
        _("Username"),
        _("Journey"),
        _("Level"),
        _("Status"),
        _("Courses completed on the level"),
        _("Mandatory courses on the level"),
        _("Current course"),
        _("Its state"),
        _("Level completed"),
        _("Last activity"),
    ]

    def rows() -> Any:
        for row in staff:
            if not row.journeys:
                yield [row.person.last_name, row.person.first_name, row.person.username, "", "", flags["not_enrolled"]]
            for s in row.journeys:
                stop = s.current_stop
                yield [
                    row.person.last_name,
                    row.person.first_name,
                    row.person.username,
                    s.enrolment.journey.name,
                    s.enrolment.level.name,
                    flags[s.flag],
                    s.level.completed_count,
                    len(s.level.mandatory),
                    stop.course.title if stop else "",
                    states[stop.state] if stop else "",
                    timezone.localtime(s.level.completed_at).date() if s.level.completed_at else None,
                    timezone.localtime(s.last_activity_at).date() if s.last_activity_at else None,
                ]

    return spreadsheet_response(
        filename="stationen", sheet=_("Progress"), header=header, rows=rows(), fmt=request.GET.get("format", "xlsx")
    )


def _hub_flag_labels() -> dict[str, str]:
    return {
        "paused": _("Paused"),
        "level_done": _("Level completed"),
        "not_started": _("Not started"),
        "stalled": _("Stalled"),
        "ongoing": _("Ongoing"),
        "not_enrolled": _("Not on a journey"),
    }


def enrol_many(request: HttpRequest) -> HttpResponse:
    """Place many people on a journey at once: a whole unit, or the people whose name matches."""
    policy.require(request.user, "learning.enrol_some")
    form = EnrolManyForm(request.POST or request.GET or None, actor=request.user)
    preview = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        level = data["level"]
        people = person_list(actor=request.user, unit_id=data["unit"], search=data["q"], role=data["role"])
        if data["only_new"]:
            people = people.excluding(Enrolment.objects.filter(journey_id=level.journey_id).values("user_id"))
        count = people.count()
        if request.method == "POST" and data["confirm"] and data["expected"] != count:
            messages.warning(request, _("The list has changed since you looked at it. Check it again."))
        elif request.method == "POST" and data["confirm"]:
            try:
                outcome = services.enrolment_place_many(
                    actor=request.user, people=people, journey=level.journey, level=level
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                placed = outcome["enrolled"] + outcome["moved"]
                messages.success(
                    request,
                    ngettext(
                        "%(count)d person was placed on %(journey)s, level %(level)s.",
                        "%(count)d people were placed on %(journey)s, level %(level)s.",
                        placed,
                    )
                    % {"count": placed, "journey": level.journey.name, "level": level.name},
                )
                if outcome["skipped"]:
                    messages.warning(
                        request,
                        ngettext(
                            "%(count)d person was left out: you may not place them.",
                            "%(count)d people were left out: you may not place them.",
                            outcome["skipped"],
                        )
                        % {"count": outcome["skipped"]},
                    )
                return redirect("stationen")
        units: dict[Any, Any] = dict(cast(Any, form.fields["unit"]).choices)
        roles: dict[Any, Any] = dict(cast(Any, form.fields["role"]).choices)
        source = request.POST if request.method == "POST" else request.GET
        preview = {
            "count": count,
            "sample": people[:10],
            "level": level,
            "who": roles[data["role"]],
            "unit": units.get(data["unit"], "") if data["unit"] else "",
            "query": urlencode(
                [(k, str(v)) for k, v in source.items() if k not in ("csrfmiddlewaretoken", "confirm", "expected")]
            ),
        }
    return render(
        request, "learning/enrol_many.html", {"form": form, "preview": preview}, status=400 if form.errors else 200
    )


# --- information pages, Plattformen ---------------------------------------------------------------------


def plattformen(request: HttpRequest) -> HttpResponse:
    """The trainers' hub: course packages with trainer material, information, support on the courses."""
    policy.require(request.user, "plattformen.view")
    return render(
        request,
        "learning/plattformen.html",
        {
            "journeys": selectors.course_packages(),
            "guides": policy.visible(
                request.user, InfoPage.objects.filter(audience__in=[Audience.TRAINERS, Audience.EVERYONE])
            ),
            "flags": selectors.support_flags_for_trainer(actor=request.user),
            "hub_sections": hub_sections(request, "plattformen"),
        },
    )


def course_package(request: HttpRequest, course_id: int) -> HttpResponse:
    policy.require(request.user, "plattformen.view")
    course = policy.get_visible_or_404(request.user, Course.objects.select_related("journey", "level"), pk=course_id)
    return render(
        request,
        "learning/course_package.html",
        {
            "course": course,
            "tasks": course.tasks.order_by("order", "id"),
            "paragraphs": [p for p in course.trainer_material.split("\n\n") if p.strip()],
            "flags": selectors.support_flags_for_trainer(actor=request.user, course=course),
        },
    )
