"""Pages for signing up: yourself (from the journey or the occasion's page), your staff many at once,
the manager's approvals, cancelling, announcing absence, your own sign-ups and the calendar feed."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yrkesresan.accounts.models import Role, User
from yrkesresan.accounts.scopes import has_role, is_system_admin
from yrkesresan.core import policy
from yrkesresan.core.pagination import CappedPaginator

from .. import services
from ..calendar import course_days_ics
from ..forms_signup import AbsenceForm, CancelForm, DecideForm, PeopleFilterForm
from ..models import ACTIVE_STATES, Registration, RegistrationState
from ..selectors import signup as selectors

#: People per page on the page for signing up many at once.
PEOPLE_PER_PAGE = 50


# --- helpers -------------------------------------------------------------------------------------------


def occasion_url(pk: int) -> str:
    """The occasion's page (built by the planning pages); the person's sign-ups until it exists."""
    try:
        return reverse("occasion_detail", args=[pk])
    except NoReverseMatch:
        return reverse("my_registrations")


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "") or request.GET.get("next", "")
    safe = (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    )
    return redirect(target if safe else fallback)


def _next_of(request: HttpRequest) -> str:
    target = request.GET.get("next", "") or request.POST.get("next", "")
    safe = target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    return target if safe and not target.startswith("//") else ""


def signed_up_message(registration: Registration, waitlist_place: int | None) -> str:
    """What the person (or whoever signed them up) is told about the new sign-up."""
    occasion = str(registration.occasion)
    if registration.state == RegistrationState.BOOKED:
        return _("You are booked on %(occasion)s.") % {"occasion": occasion}
    if registration.state == RegistrationState.WAITLISTED:
        return _("The occasion is full. You are on the waitlist as number %(place)d.") % {"place": waitlist_place or 0}
    return _("Your manager has been asked to approve your sign-up. You see the answer under My sign-ups.")


# --- signing yourself up -----------------------------------------------------------------------------------


@require_POST
def occasion_signup(request: HttpRequest, pk: int) -> HttpResponse:
    """Sign yourself up; a refusal is shown as it is and changes nothing."""
    occasion = selectors.occasion_for_signup(actor=request.user, pk=pk)
    try:
        registration = services.registration_create(
            actor=request.user, occasion=occasion, person=cast(User, request.user)
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, signed_up_message(registration, selectors.waitlist_place(registration)))
    return _back(request, occasion_url(occasion.pk))


# --- signing staff up, many at once -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def occasion_signup_many(request: HttpRequest, pk: int) -> HttpResponse:
    """Managers, k-admins and the occasion's planners sign up the people they may, several at once. The
    sign-up is all or nothing: if anyone may not be signed up, nobody is, and everyone's reason is shown
    with the boxes still ticked."""
    occasion = selectors.occasion_for_signup(actor=request.user, pk=pk)
    policy.require(request.user, "occasions.register_others", occasion)
    form = PeopleFilterForm(request.GET or None, units=selectors.units_for_filter(actor=request.user))
    data = form.cleaned_data if form.is_valid() else {}
    people = selectors.signup_candidates(actor=request.user, search=data.get("q") or "", unit_id=data.get("unit"))
    page = CappedPaginator(people, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    ticked: list[Any] = []
    problems: list[str] = []
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("person") if v.isdigit()]
        ticked = selectors.people_to_sign_up(actor=request.user, ids=ids)
        if not ids:
            problems = [_("Choose at least one person.")]
        elif len(ticked) != len(set(ids)):
            problems = [_("Some of the people you chose cannot be found. Search for them again.")]
        else:
            try:
                created = services.registration_create_many(actor=request.user, occasion=occasion, people=ticked)
            except ValidationError as exc:
                problems = exc.messages
            else:
                return render(
                    request,
                    "occasions/signup/signup_many_done.html",
                    {
                        "occasion": occasion,
                        "occasion_url": occasion_url(occasion.pk),
                        "done": selectors.signed_up(ids=[r.pk for r in created]),
                    },
                )
    rows = selectors.candidate_rows(actor=request.user, occasion=occasion, people=list(page.object_list))
    on_page = {row.person.pk for row in rows}
    ticked_ids = {p.pk for p in ticked}
    return render(
        request,
        "occasions/signup/signup_many.html",
        {
            "occasion": occasion,
            "occasion_url": occasion_url(occasion.pk),
            "form": form,
            "page": page,
            "rows": rows,
            "ticked": ticked_ids,
            "ticked_elsewhere": [p for p in ticked if p.pk not in on_page],
            "problems": problems,
            "query": request.GET.urlencode(),
        },
        status=400 if problems or form.errors else 200,
    )


# --- one registration: cancel, announce absence ----------------------------------------------------------


def _registration(request: HttpRequest, pk: int) -> Registration:
    registration = selectors.registration_for_actor(actor=request.user, pk=pk)
    if not selectors.may_act_for(request.user, registration):
        raise PermissionDenied("occasions.registration")
    return registration


def _after(request: HttpRequest, registration: Registration) -> str:
    if registration.user_id == request.user.pk:
        return reverse("my_registrations")
    return occasion_url(registration.occasion_id)


@require_http_methods(["GET", "POST"])
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, then cancel. The page says beforehand whether the cancellation will be late."""
    registration = _registration(request, pk)
    late = selectors.is_late_cancellation(registration)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            cancelled = services.registration_cancel(
                actor=request.user, registration=registration, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if cancelled.state == RegistrationState.CANCELLED_LATE:
                messages.warning(
                    request,
                    _("The sign-up is cancelled. It was a late cancellation: the workplace may be charged for it."),
                )
            else:
                messages.success(request, _("The sign-up is cancelled."))
        return _back(request, _after(request, registration))
    return render(
        request,
        "occasions/signup/cancel.html",
        {
            "registration": registration,
            "late": late,
            "form": form,
            "cancellable": registration.state in ACTIVE_STATES,
            "next": _next_of(request),
            "back": _after(request, registration),
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
def registration_absence(request: HttpRequest, pk: int) -> HttpResponse:
    """Say in advance that you (or one of your staff) will miss one of the coming course days."""
    registration = _registration(request, pk)
    days = selectors.days_ahead(registration)
    form = AbsenceForm(request.POST if request.method == "POST" else None, days=days)
    if request.method == "POST" and form.is_valid():
        day = next(d for d in days if d.pk == form.cleaned_data["day"])
        try:
            services.absence_announce(
                actor=request.user, registration=registration, course_day=day, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            messages.success(
                request,
                _("The absence on %(date)s is announced. The course leader sees it on the attendance list.")
                % {"date": day.date.strftime("%Y-%m-%d")},
            )
            return _back(request, _after(request, registration))
    return render(
        request,
        "occasions/signup/absence.html",
        {
            "registration": registration,
            "days": days,
            "form": form,
            "booked": registration.state == RegistrationState.BOOKED,
            "next": _next_of(request),
            "back": _after(request, registration),
        },
        status=400 if form.errors else 200,
    )


# --- the manager's approvals ---------------------------------------------------------------------------


@require_GET
def registration_approvals(request: HttpRequest) -> HttpResponse:
    """The sign-ups of the people the actor manages that wait for a decision, oldest first."""
    policy.require(request.user, "occasions.approve_some")
    return render(
        request,
        "occasions/signup/approvals.html",
        {"waiting": selectors.registrations_to_decide(actor=request.user)},
    )


@require_POST
def registration_decide(request: HttpRequest, pk: int) -> HttpResponse:
    registration = selectors.registration_for_actor(actor=request.user, pk=pk)
    form = DecideForm(request.POST)
    name = registration.user.get_full_name() or registration.user.username
    if not form.is_valid():
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, f"{name}: " + " ".join(problems))
        return _back(request, reverse("registration_approvals"))
    try:
        decided = services.registration_decide(
            actor=request.user,
            registration=registration,
            approve=form.cleaned_data["approve"],
            reason=form.cleaned_data["reason"].strip(),
        )
    except ValidationError as exc:
        messages.error(request, f"{name}: " + " ".join(exc.messages))
    else:
        if decided.state == RegistrationState.BOOKED:
            messages.success(request, _("Approved: %(name)s is booked.") % {"name": name})
        elif decided.state == RegistrationState.WAITLISTED:
            messages.success(
                request,
                _("Approved: the occasion is full, so %(name)s is on the waitlist as number %(place)d.")
                % {"name": name, "place": selectors.waitlist_place(decided) or 0},
            )
        else:
            messages.info(request, _("Declined: %(name)s is not signed up.") % {"name": name})
    return _back(request, reverse("registration_approvals"))


# --- the person's own sign-ups and calendar --------------------------------------------------------------


@require_GET
def my_registrations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "occasions/signup/my_registrations.html",
        {"registrations": selectors.my_registrations(user=request.user), "states": RegistrationState.choices},
    )


@require_http_methods(["GET", "POST"])
def calendar_subscribe(request: HttpRequest) -> HttpResponse:
    """The person's secret calendar address and how to subscribe; a POST makes a new address."""
    if request.method == "POST":
        had = selectors.calendar_feed_of(user=request.user) is not None
        services.calendar_feed_renew(actor=request.user)
        messages.success(
            request,
            _("You have a new calendar address. The old one no longer works.")
            if had
            else _("Your calendar address is ready."),
        )
        return redirect("calendar_subscribe")
    feed = selectors.calendar_feed_of(user=request.user)
    https_url = webcal_url = ""
    if feed is not None:
        https_url = request.build_absolute_uri(reverse("calendar_feed", args=[feed.token]))
        webcal_url = "webcal://" + https_url.split("://", 1)[1]
    return render(
        request,
        "occasions/signup/calendar.html",
        {"feed": feed, "https_url": https_url, "webcal_url": webcal_url},
    )


@login_not_required
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The person's course days as an iCalendar feed, for calendar apps (no sign-in: the token is the key)."""
    person = selectors.calendar_feed_owner(token=token)
    if person is None:
        raise Http404
    days = selectors.calendar_days(user=person)
    body = course_days_ics(
        days,
        course_url=lambda day: request.build_absolute_uri(reverse("my_course", args=[day.occasion.course_id])),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="yrkesresan.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


urlpatterns: list[URLPattern] = [
    path("tillfallen/<int:pk>/anmal/", occasion_signup, name="occasion_signup"),
    path("tillfallen/<int:pk>/anmal-personal/", occasion_signup_many, name="occasion_signup_many"),
    path("anmalningar/att-godkanna/", registration_approvals, name="registration_approvals"),
    path("anmalningar/<int:pk>/avboka/", registration_cancel, name="registration_cancel"),
    path("anmalningar/<int:pk>/franvaro/", registration_absence, name="registration_absence"),
    path("anmalningar/<int:pk>/beslut/", registration_decide, name="registration_decide"),
    path("min-resa/anmalningar/", my_registrations, name="my_registrations"),
    path("min-resa/kalender/", calendar_subscribe, name="calendar_subscribe"),
    path("kalender/<str:token>.ics", calendar_feed, name="calendar_feed"),
]


# --- rules, menu and home ---------------------------------------------------------------------------------


def can_approve_some(actor: Any, obj: Any = None) -> bool:
    """Managers and k-admins decide on their staff's sign-ups (system admins may too)."""
    return has_role(actor, Role.MANAGER, Role.MUNICIPAL_ADMIN) or is_system_admin(actor)


def can_register_others(actor: Any, occasion: Any) -> bool:
    return occasion is not None and selectors.may_register_others(actor, occasion)


def home_part(request: HttpRequest) -> dict[str, Any]:
    """Tells a manager how many sign-ups wait for their decision."""
    if not policy.can(request.user, "occasions.approve_some"):
        return {}
    count = selectors.registrations_to_decide_count(actor=request.user)
    if not count:
        return {}
    return {"approvals_waiting": count, "home_sections": ["occasions/signup/_home_approvals.html"]}


def register() -> None:
    """Menu entries, home parts and audit labels of these pages (called from the app's ready())."""
    from yrkesresan.core.audit import register_action_labels
    from yrkesresan.core.home import register_home_part
    from yrkesresan.core.navigation import Entry, register_entry

    policy.register_rule("occasions.approve_some", can_approve_some)
    policy.register_rule("occasions.register_others", can_register_others)
    policy.register_rule("occasions.my_registrations", lambda actor, obj: True)
    register_entry(
        Entry(
            key="approvals",
            label=gettext_lazy("Sign-ups to approve"),
            order=40,
            url_name="registration_approvals",
            action="occasions.approve_some",
            description=gettext_lazy("Your staff's sign-ups for course occasions that wait for your decision."),
        )
    )
    register_home_part(home_part)
    register_action_labels(
        {
            "calendar_feed.create": gettext_lazy("Calendar address made"),
            "calendar_feed.renew": gettext_lazy("Calendar address replaced"),
        }
    )
