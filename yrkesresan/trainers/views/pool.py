"""The coordinators' pool pages: the trainers and discussion leaders they coordinate, putting a person in
the pool, one trainer's page (profile, qualifications, when they cannot teach, their course days and
their history) and changing the profile. Thin: the rules live in ``services`` (``trainer_profile_save``,
``qualification_grant`` ...) and the reads in ``selectors.pool``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yrkesresan.core import policy
from yrkesresan.core.exports import spreadsheet_response
from yrkesresan.core.forms import add_service_errors
from yrkesresan.core.pagination import CappedPaginator

from .. import exports, services
from ..forms_pool import (
    PersonSearchForm,
    PoolFilterForm,
    ProfileForm,
    QualificationForm,
    TrainerAddForm,
    UnavailabilityForm,
)
from ..models import Qualification, TrainerProfile, Unavailability
from ..selectors import pool as selectors
from ..selectors import term_label, trainer_coming_days

PER_PAGE = 25
COORDINATE_SOME = "trainers.coordinate_some"


def _refusal(exc: PermissionDenied) -> str:
    """A service's own reason, or a plain one for a bare rule name."""
    reason = str(exc)
    return reason if reason and not reason.startswith("trainers.") else _("You may not keep this trainer pool.")


# --- the pool --------------------------------------------------------------------------------------


def _pool_filters(request: HttpRequest) -> tuple[PoolFilterForm, dict[str, Any]]:
    """The GET filters (active trainers unless asked otherwise), turned into the selector's arguments."""
    actor = request.user
    query: QueryDict = request.GET.copy()
    query.setdefault("status", "active")
    regions = selectors.pool_regions(actor=actor)
    several_regions = selectors.pool_scope(actor).everything or len(regions) > 1
    form = PoolFilterForm(
        query,
        courses=selectors.teachable_courses(),
        municipalities=selectors.pool_municipalities(actor=actor),
        regions=regions if several_regions else None,
    )
    data = form.cleaned_data if form.is_valid() else {}
    return form, {
        "search": data.get("q") or "",
        "course": data.get("course"),
        "municipality": data.get("municipality"),
        "kind": data.get("kind") or "",
        "status": data.get("status") or "active",
        "region": data.get("region"),
    }


def trainer_pool(request: HttpRequest) -> HttpResponse:
    """The trainers and discussion leaders the actor coordinates, filtered, with their days this term."""
    policy.require(request.user, COORDINATE_SOME)
    form, filters = _pool_filters(request)
    qs = selectors.pool_list(actor=request.user, **filters)
    page = CappedPaginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "trainers/pool/list.html",
        {"form": form, "page": page, "term": term_label(timezone.localdate())},
        status=400 if form.errors else 200,
    )


def trainer_pool_export(request: HttpRequest) -> HttpResponse:
    """The pool list with the same filters, as a spreadsheet (or CSV with ``?format=csv``)."""
    policy.require(request.user, COORDINATE_SOME)
    _form, filters = _pool_filters(request)
    header, rows = exports.pool_rows(selectors.pool_list(actor=request.user, **filters))
    return spreadsheet_response(
        filename="utbildarpoolen",
        sheet=_("Trainer pool"),
        header=header,
        rows=rows,
        fmt="csv" if request.GET.get("format") == "csv" else "xlsx",
    )


# --- putting a person in the pool ------------------------------------------------------------------


def trainer_add(request: HttpRequest) -> HttpResponse:
    """Search for the person, then give the home municipality, kind and days a term."""
    actor = request.user
    policy.require(actor, COORDINATE_SOME)
    scope = selectors.pool_scope(actor)
    post = request.method == "POST"
    search = PersonSearchForm(request.GET if "q" in request.GET else None)
    q = request.POST.get("q", "") if post else (search.cleaned_data.get("q", "") if search.is_valid() else "")
    form = TrainerAddForm(
        request.POST if post else None,
        municipalities=selectors.pool_municipalities(actor=actor),
        adds_trainers=scope.adds_trainers,
        initial={"q": q},
    )
    if post and form.is_valid():
        person = selectors.person_for_pool(actor=actor, pk=form.cleaned_data["person"])
        existing = selectors.existing_profile(person) if person is not None else None
        if person is None:
            form.add_error("person", _("Choose one of the people found."))
        elif existing is not None:
            form.add_error("person", _("%(name)s is already in a trainer pool.") % {"name": person})
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("person", "q")}
            try:
                profile = services.trainer_profile_save(actor=actor, person=person, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, _refusal(exc))
            else:
                messages.success(
                    request,
                    _("%(name)s is in the pool. Add the courses they are qualified for.") % {"name": person},
                )
                return redirect("trainer_detail", pk=profile.pk)
    chosen = form.data.get("person", "") if post else ""
    people = selectors.people_to_add(actor=actor, search=q, chosen=chosen or None)
    return render(
        request,
        "trainers/pool/add.html",
        {
            "search": search,
            "q": q,
            "form": form,
            "people": people[: selectors.PEOPLE_SHOWN],
            "more_people": len(people) > selectors.PEOPLE_SHOWN,
            "chosen": str(chosen),
        },
        status=400 if form.errors else 200,
    )


# --- one trainer -----------------------------------------------------------------------------------


def _trainer(request: HttpRequest, pk: int) -> TrainerProfile:
    """A coordinator's page (403 for others) about a trainer in a pool they coordinate (404 otherwise)."""
    policy.require(request.user, COORDINATE_SOME)
    return selectors.trainer_get(actor=request.user, pk=pk)


def _detail(
    request: HttpRequest,
    profile: TrainerProfile,
    *,
    qualification_form: QualificationForm | None = None,
    unavailability_form: UnavailabilityForm | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = request.user
    today = timezone.localdate()
    qualifications = selectors.trainer_qualifications(trainer=profile)
    qualified = {q.course_id for q in qualifications}
    can_coordinate = policy.can(actor, "trainers.coordinate", profile)
    courses = selectors.teachable_courses().exclude(pk__in=qualified)
    context = {
        "profile": profile,
        "person": profile.user,
        "days": selectors.trainer_days(trainer=profile, today=today),
        "qualifications": qualifications,
        "unavailable": selectors.trainer_unavailability(trainer=profile, today=today),
        "coming": trainer_coming_days(trainer=profile, today=today),
        "history": selectors.trainer_history(actor=actor, trainer=profile),
        "can_coordinate": can_coordinate,
        "can_set_availability": policy.can(actor, "trainers.set_availability", profile),
        "qualification_form": qualification_form or QualificationForm(courses=courses, prefix="qualification"),
        "unavailability_form": unavailability_form or UnavailabilityForm(prefix="unavailable"),
        "today": today,
    }
    return render(request, "trainers/pool/detail.html", context, status=status)


def trainer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _trainer(request, pk))


def trainer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the kind, home municipality, days a term, whether active, and the note."""
    profile = _trainer(request, pk)
    actor = request.user
    policy.require(actor, "trainers.coordinate", profile)
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        municipalities=selectors.pool_municipalities(actor=actor),
        adds_trainers=selectors.pool_scope(actor).adds_trainers,
        initial=ProfileForm.initial_from(profile),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.trainer_profile_save(actor=actor, person=profile.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("trainer_detail", pk=profile.pk)
    return render(
        request,
        "trainers/pool/edit.html",
        {"profile": profile, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def trainer_qualification_add(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _trainer(request, pk)
    policy.require(request.user, "trainers.coordinate", profile)
    courses = selectors.teachable_courses()
    form = QualificationForm(request.POST, courses=courses, prefix="qualification")
    if form.is_valid():
        try:
            services.qualification_grant(actor=request.user, trainer=profile, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is qualified for %(course)s.")
                % {"name": profile, "course": form.cleaned_data["course"].title},
            )
            return redirect("trainer_detail", pk=profile.pk)
    return _detail(request, profile, qualification_form=form, status=400)


@require_POST
def trainer_qualification_remove(request: HttpRequest, pk: int, q_pk: int) -> HttpResponse:
    profile = _trainer(request, pk)
    qualification = get_object_or_404(Qualification.objects.select_related("course"), pk=q_pk, trainer=profile)
    qualification.trainer = profile
    services.qualification_revoke(actor=request.user, qualification=qualification)
    messages.success(
        request,
        _("%(name)s is no longer qualified for %(course)s.") % {"name": profile, "course": qualification.course.title},
    )
    return redirect("trainer_detail", pk=profile.pk)


@require_POST
def trainer_unavailability_add(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _trainer(request, pk)
    policy.require(request.user, "trainers.set_availability", profile)
    form = UnavailabilityForm(request.POST, prefix="unavailable")
    if form.is_valid():
        try:
            services.unavailability_add(actor=request.user, trainer=profile, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved: %(name)s cannot teach then.") % {"name": profile})
            return redirect("trainer_detail", pk=profile.pk)
    return _detail(request, profile, unavailability_form=form, status=400)


@require_POST
def trainer_unavailability_remove(request: HttpRequest, pk: int, u_pk: int) -> HttpResponse:
    profile = _trainer(request, pk)
    unavailability = get_object_or_404(Unavailability, pk=u_pk, trainer=profile)
    unavailability.trainer = profile
    services.unavailability_remove(actor=request.user, unavailability=unavailability)
    messages.success(request, _("Removed: %(name)s can teach on those days again.") % {"name": profile})
    return redirect("trainer_detail", pk=profile.pk)


urlpatterns: list[URLPattern] = [
    path("utbildare/", trainer_pool, name="trainer_pool"),
    path("utbildare/utbildarpoolen.xlsx", trainer_pool_export, name="trainer_pool_export"),
    path("utbildare/ny/", trainer_add, name="trainer_add"),
    path("utbildare/<int:pk>/", trainer_detail, name="trainer_detail"),
    path("utbildare/<int:pk>/andra/", trainer_edit, name="trainer_edit"),
    path("utbildare/<int:pk>/behorigheter/", trainer_qualification_add, name="trainer_qualification_add"),
    path(
        "utbildare/<int:pk>/behorigheter/<int:q_pk>/ta-bort/",
        trainer_qualification_remove,
        name="trainer_qualification_remove",
    ),
    path("utbildare/<int:pk>/ej-tillganglig/", trainer_unavailability_add, name="trainer_unavailability_add"),
    path(
        "utbildare/<int:pk>/ej-tillganglig/<int:u_pk>/ta-bort/",
        trainer_unavailability_remove,
        name="trainer_unavailability_remove",
    ),
]


def register() -> None:
    """Menu entries, rules and audit labels of these pages (called from the app's ready())."""
    from yrkesresan.core.navigation import Entry, register_entry

    register_entry(
        Entry(
            key="trainer_pool",
            label=gettext_lazy("Trainer pool"),
            description=gettext_lazy(
                "The trainers and discussion leaders you coordinate: qualifications, availability and course days."
            ),
            url_name="trainer_pool",
            action=COORDINATE_SOME,
            order=22,
        )
    )
