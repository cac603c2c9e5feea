"""Catalog pages: everyone browses; editors change their own journey through the services."""

from __future__ import annotations

import os
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yrkesresan.accounts.models import User
from yrkesresan.core import policy
from yrkesresan.core.forms import add_service_errors, save_form

from . import selectors, services
from .forms import CourseForm, EditorAppointForm, InfoPageForm, JourneyForm, LevelForm, TaskForm
from .models import INLINE_FILE_EXTENSIONS, InfoPage, Journey, JourneyEditor, Level, PreparationTask


def _save_form(request: HttpRequest, form: Any, save: Any, success: str, redirect_to: Any) -> HttpResponse | None:
    """Save a valid POSTed form through ``save`` and redirect; None means "show the form again"."""
    if save_form(request, form, save) is None:
        return None
    messages.success(request, success)
    return redirect(*redirect_to) if isinstance(redirect_to, tuple) else redirect(redirect_to)


def _render_form(
    request: HttpRequest, form: Any, title: str, back: str, back_label: str, multipart: bool = False
) -> HttpResponse:
    return render(
        request,
        "catalog/form.html",
        {"form": form, "title": title, "back": back, "back_label": back_label, "multipart": multipart},
        status=400 if form.errors else 200,
    )


def catalog_index(request: HttpRequest) -> HttpResponse:
    return render(request, "catalog/index.html", {"journeys": selectors.journey_list(actor=request.user)})


def journey_detail(request: HttpRequest, code: str) -> HttpResponse:
    journey = selectors.journey_get(actor=request.user, code=code)
    return render(
        request,
        "catalog/journey_detail.html",
        {
            "journey": journey,
            "can_edit": policy.can(request.user, "catalog.edit", journey),
            "can_appoint": policy.can(request.user, "catalog.appoint_editors"),
        },
    )


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(actor=request.user, pk=pk)
    tasks = list(course.tasks.all())
    return render(
        request,
        "catalog/course_detail.html",
        {
            "course": course,
            "tasks": tasks,
            "total_minutes": sum(t.minutes for t in tasks),
            "mandatory_minutes": sum(t.minutes for t in tasks if t.mandatory),
            "can_edit": policy.can(request.user, "catalog.edit", course),
        },
    )


def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(actor=request.user, pk=pk)
    paragraphs = [p.strip() for p in task.body.split("\n\n") if p.strip()]
    return render(
        request,
        "catalog/task_detail.html",
        {
            "task": task,
            "paragraphs": paragraphs,
            "can_edit": policy.can(request.user, "catalog.edit", task.course),
        },
    )


def task_file(request: HttpRequest, pk: int) -> FileResponse:
    """A task's uploaded material, to signed-in people who may see the task. PDFs, video, sound and
    pictures open in the browser; anything else downloads (never rendered as a page of ours)."""
    task = selectors.task_get(actor=request.user, pk=pk)
    if not task.file:
        raise Http404
    name = os.path.basename(task.file.name)
    inline = name.rsplit(".", 1)[-1].lower() in INLINE_FILE_EXTENSIONS
    return FileResponse(task.file.open("rb"), as_attachment=not inline, filename=name)


# --- editing -----------------------------------------------------------------------------


def _journey_for_edit(request: HttpRequest, code: str) -> Journey:
    journey = policy.get_visible_or_404(request.user, Journey.objects.all(), code=code)
    policy.require(request.user, "catalog.edit", journey)
    return journey


def journey_edit(request: HttpRequest, code: str) -> HttpResponse:
    journey = _journey_for_edit(request, code)
    form = JourneyForm(request.POST or None, instance=Journey.objects.get(pk=journey.pk))
    done = _save_form(
        request,
        form,
        lambda d: services.journey_update(actor=request.user, journey=journey, **d),
        _("The journey is saved."),
        ("journey_detail", journey.code),
    )
    return done or _render_form(
        request, form, _("Change %(j)s") % {"j": journey}, reverse("journey_detail", args=[journey.code]), journey.name
    )


def level_create(request: HttpRequest, code: str) -> HttpResponse:
    journey = _journey_for_edit(request, code)
    form = LevelForm(request.POST or None)
    done = _save_form(
        request,
        form,
        lambda d: services.level_save(actor=request.user, journey=journey, **d),
        _("The level is added."),
        ("journey_detail", journey.code),
    )
    return done or _render_form(
        request,
        form,
        _("New level in %(j)s") % {"j": journey.short_name},
        reverse("journey_detail", args=[journey.code]),
        journey.name,
    )


def level_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    journey = _journey_for_edit(request, code)
    level = policy.get_visible_or_404(request.user, Level.objects.filter(journey=journey), pk=pk)
    form = LevelForm(request.POST or None, instance=Level.objects.get(pk=level.pk))
    done = _save_form(
        request,
        form,
        lambda d: services.level_save(actor=request.user, journey=journey, level=level, **d),
        _("The level is saved."),
        ("journey_detail", journey.code),
    )
    return done or _render_form(
        request, form, _("Change %(l)s") % {"l": level}, reverse("journey_detail", args=[journey.code]), journey.name
    )


def course_create(request: HttpRequest, code: str) -> HttpResponse:
    journey = _journey_for_edit(request, code)
    form = CourseForm(request.POST or None, journey=journey, initial={"level": request.GET.get("level")})
    course = save_form(request, form, lambda data: services.course_save(actor=request.user, journey=journey, **data))
    if course is not None:
        messages.success(request, _("The course is added."))
        return redirect("course_detail", pk=course.pk)
    return _render_form(
        request,
        form,
        _("New course in %(j)s") % {"j": journey.short_name},
        reverse("journey_detail", args=[journey.code]),
        journey.name,
    )


def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(actor=request.user, pk=pk)
    policy.require(request.user, "catalog.edit", course)
    form = CourseForm(request.POST or None, journey=course.journey, instance=type(course).objects.get(pk=course.pk))
    done = _save_form(
        request,
        form,
        lambda d: services.course_save(actor=request.user, journey=course.journey, course=course, **d),
        _("The course is saved."),
        ("course_detail", course.pk),
    )
    return done or _render_form(
        request, form, _("Change %(c)s") % {"c": course}, reverse("course_detail", args=[course.pk]), course.title
    )


def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_get(actor=request.user, pk=pk)
    policy.require(request.user, "catalog.edit", course)
    form = TaskForm(request.POST or None, request.FILES or None)
    done = _save_form(
        request,
        form,
        lambda d: services.task_save(actor=request.user, course=course, **d),
        _("The task is added."),
        ("course_detail", course.pk),
    )
    return done or _render_form(
        request,
        form,
        _("New preparation task"),
        reverse("course_detail", args=[course.pk]),
        course.title,
        multipart=True,
    )


def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(actor=request.user, pk=pk)
    policy.require(request.user, "catalog.edit", task.course)
    form = TaskForm(request.POST or None, request.FILES or None, instance=PreparationTask.objects.get(pk=task.pk))
    done = _save_form(
        request,
        form,
        lambda d: services.task_save(actor=request.user, course=task.course, task=task, **d),
        _("The task is saved."),
        ("course_detail", task.course_id),
    )
    return done or _render_form(
        request,
        form,
        _("Change %(t)s") % {"t": task},
        reverse("course_detail", args=[task.course_id]),
        task.course.title,
        multipart=True,
    )


@require_POST
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    task = selectors.task_get(actor=request.user, pk=pk)
    course_id = task.course_id
    services.task_delete(actor=request.user, task=task)
    messages.success(request, _("The task is removed."))
    return redirect("course_detail", pk=course_id)


def journey_editors(request: HttpRequest, code: str) -> HttpResponse:
    journey = policy.get_visible_or_404(request.user, Journey.objects.all(), code=code)
    policy.require(request.user, "catalog.appoint_editors")
    form = EditorAppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = (
            policy.visible(request.user, User.objects.all())
            .filter(username__iexact=form.cleaned_data["username"].strip())
            .first()
        )
        if person is None:
            form.add_error("username", _("Nobody has that username."))
        else:
            try:
                services.journey_editor_appoint(actor=request.user, journey=journey, person=person)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(name)s now edits %(journey)s.") % {"name": person, "journey": journey})
                return redirect("journey_editors", code=journey.code)
    return render(
        request,
        "catalog/journey_editors.html",
        {
            "journey": journey,
            "form": form,
            "editors": selectors.journey_editors(actor=request.user, journey=journey),
        },
        status=400 if form.errors else 200,
    )


@require_POST
def journey_editor_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    journey = policy.get_visible_or_404(request.user, Journey.objects.all(), code=code)
    # Like journey_editors: the journey is visible, the action is not (403, not a 404 on the row).
    policy.require(request.user, "catalog.appoint_editors")
    editor = policy.get_visible_or_404(request.user, JourneyEditor.objects.filter(journey=journey), pk=pk)
    services.journey_editor_remove(actor=request.user, editor=editor)
    messages.success(request, _("%(name)s no longer edits %(journey)s.") % {"name": editor.user, "journey": journey})
    return redirect("journey_editors", code=journey.code)


def home_part(request: HttpRequest) -> dict[str, Any]:
    """On the home page: the journeys this person edits."""
    from .policies import edited_journey_ids

    ids = edited_journey_ids(request.user)
    return {"edited_journeys": list(Journey.objects.filter(pk__in=ids).order_by("order")) if ids else []}


# --- the programme's information pages ------------------------------------------------------------


def info_index(request: HttpRequest) -> HttpResponse:
    """The information pages the person may read (and, for editors, change)."""
    return render(
        request,
        "catalog/info_index.html",
        {
            "pages": policy.visible(request.user, InfoPage.objects.all()),
            "can_edit": policy.can(request.user, "info.edit"),
        },
    )


def info_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = policy.get_visible_or_404(request.user, InfoPage.objects.all(), slug=slug)
    return render(
        request,
        "catalog/info_page.html",
        {
            "info": page,
            "paragraphs": [p for p in page.body.split("\n\n") if p.strip()],
            "can_edit": policy.can(request.user, "info.edit"),
        },
    )


def info_page_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "info.edit")
    form = InfoPageForm(request.POST or None)
    saved = save_form(request, form, lambda d: services.info_page_save(actor=request.user, **d))
    if saved is not None:
        messages.success(request, _("The page is saved."))
        return redirect("info_page", slug=saved.slug)
    return _render_form(request, form, _("New information page"), reverse("info_index"), _("Information"))


def info_page_edit(request: HttpRequest, slug: str) -> HttpResponse:
    policy.require(request.user, "info.edit")
    page = policy.get_visible_or_404(request.user, InfoPage.objects.all(), slug=slug)
    form = InfoPageForm(request.POST or None, instance=InfoPage.objects.get(pk=page.pk))
    saved = save_form(request, form, lambda d: services.info_page_save(actor=request.user, page=page, **d))
    if saved is not None:
        messages.success(request, _("The page is saved."))
        return redirect("info_page", slug=saved.slug)
    return _render_form(request, form, _("Change the page"), reverse("info_page", args=[page.slug]), page.title)
