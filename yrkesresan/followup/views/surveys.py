"""Survey pages: the list, building a survey and its questions (rows added with htmx), sending the yearly
manager and trainer surveys, the results, and answering by the link in the e-mail, without signing in.
Thin: look up within scope, check the rule, call a service or a selector, render.

**One tap.** The e-mail's option links (``/enkat/<token>/?q=<question>&v=<value>``) record that answer at
once, on a GET, so that a single tap is enough. A mail scanner that follows links can therefore answer
for the person (decision 0013); requests that say they are a prefetch are not recorded. The browser that
answered keeps the response id in a signed cookie for the rest of its session, so the person can
complete or change their answers; the server keeps no link between the response and the person.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from yrkesresan.core import policy
from yrkesresan.core.forms import add_service_errors
from yrkesresan.organisations.models import Municipality

from ..forms_surveys import AnswerForm, QuestionForm, QuestionFormSet, ResultsFilterForm, SendForm, SurveyForm
from ..models import ANONYMITY_THRESHOLD, Invitation, QuestionKind, Response, Survey
from ..notifications import answer_url
from ..policies import coordinating_regions
from ..selectors import surveys as selectors
from ..services import surveys as services

# --- building ---------------------------------------------------------------------------------------------


def builds_some_survey(user: Any, _obj: Any = None) -> bool:
    regions = coordinating_regions(user)
    return regions is None or bool(regions)


def sees_surveys(user: Any, _obj: Any = None) -> bool:
    return builds_some_survey(user) or policy.can(user, "followup.view")


@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    """The surveys one sees, with the way to their results, and to change those one builds."""
    policy.require(request.user, "followup.surveys")
    buildable = set(selectors.buildable_surveys(actor=request.user).values_list("pk", flat=True))
    return render(
        request,
        "followup/survey_list.html",
        {
            "surveys": [(s, s.pk in buildable) for s in selectors.survey_list(actor=request.user)],
            "can_build": builds_some_survey(request.user),
        },
    )


def _question_rows(survey: Survey | None) -> list[dict[str, Any]]:
    if survey is None:
        return [{}]
    return [QuestionForm.initial_from(q) for q in selectors.survey_questions(survey)]


def _quiet(*forms: Any) -> None:
    """Show the form again without complaining: a row was only added."""
    for form in forms:
        for f in getattr(form, "forms", [form]):
            f._errors = {}  # noqa: SLF001


def _build(request: HttpRequest, survey: Survey | None) -> HttpResponse:
    """The survey form. "Add a question" shows it again with one row more, without saving (with htmx only
    the rows are replaced). Bad input saves nothing and says why."""
    actor = request.user
    data = request.POST.copy() if request.method == "POST" else None
    adding = data is not None and "add_question" in data
    if adding and data is not None:
        total = data.get("questions-TOTAL_FORMS", "0")
        data["questions-TOTAL_FORMS"] = str(int(total) + 1 if total.isdigit() else 1)
    initial: dict[str, Any] = {"active": True}
    if survey is not None:
        initial = {
            "kind": survey.kind,
            "title": survey.title,
            "intro": survey.intro,
            "region": survey.region_id,
            "journey": survey.journey_id,
            "active": survey.active,
        }
    form = SurveyForm(data, actor=actor, initial=initial)
    questions = QuestionFormSet(data, prefix="questions", initial=_question_rows(survey) if data is None else None)
    problems: list[str] = []
    refused = False
    if adding:
        form.is_valid()
        questions.is_valid()
        _quiet(form, questions)
    elif data is not None:
        if form.is_valid() and questions.is_valid():
            rows = [
                {**f.cleaned_data, "positive": f.positive_values()}
                for f in questions.forms
                if f.has_changed() or f.cleaned_data.get("id")
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                saved = services.survey_save(actor=actor, survey=survey, questions=rows, **form.cleaned_data)
            except ValidationError as exc:
                refused = True
                found = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
                problems = found.pop("questions", [])
                if found:
                    add_service_errors(form, ValidationError(found))
            except PermissionDenied:
                refused = True
                form.add_error("region", _("You may not build surveys there."))
            else:
                messages.success(request, _("The survey is saved."))
                return redirect("survey_edit", pk=saved.pk)
        else:
            refused = True
    context = {"form": form, "questions": questions, "survey": survey, "problems": problems}
    if adding and getattr(request, "htmx", False):
        return render(request, "followup/survey_questions.html", context)
    return render(request, "followup/survey_form.html", context, status=400 if refused else 200)


@require_http_methods(["GET", "POST"])
def survey_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "followup.build_some_survey")
    return _build(request, None)


@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "followup.surveys")  # 403 for who has no part in surveys, before any lookup
    survey = policy.get_visible_or_404(request.user, Survey.objects.select_related("region"), pk=pk)
    policy.require(request.user, "followup.build_survey", survey.region_id)
    return _build(request, survey)


# --- sending the yearly surveys -------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def survey_send(request: HttpRequest) -> HttpResponse:
    """Send the yearly manager or trainer survey to everyone in that role in the region: once a year."""
    policy.require(request.user, "followup.build_some_survey")
    form = SendForm(request.POST if request.method == "POST" else None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dispatch = services.yearly_survey_send(
                actor=request.user, kind=data["kind"], region=data["region"], year=data["year"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except PermissionDenied:
            form.add_error("region", _("You may not send surveys there."))
        else:
            count = dispatch.invitations.count()
            messages.success(
                request,
                _("%(title)s is sent for %(year)d: %(count)d people were invited.")
                % {"title": dispatch.survey.title, "year": dispatch.year, "count": count},
            )
            return redirect("survey_send")
    return render(
        request,
        "followup/survey_send.html",
        {"form": form, "sent": selectors.yearly_dispatch_list(actor=request.user)},
        status=400 if form.errors else 200,
    )


# --- results ----------------------------------------------------------------------------------------------


@require_GET
def survey_results(request: HttpRequest, pk: int) -> HttpResponse:
    """A survey's results, by year, region, municipality or one sending; nothing below the threshold."""
    policy.require(request.user, "followup.surveys")  # 403 for who has no part in surveys, before any lookup
    survey = policy.get_visible_or_404(request.user, Survey.objects.select_related("region", "journey"), pk=pk)
    form = ResultsFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year")
    region = data.get("region")
    region_id = region.pk if region else survey.region_id
    if region_id is None:
        region_id = selectors.default_result_region(actor=request.user, survey=survey)
    dispatches = selectors.visible_dispatches(
        actor=request.user, survey=survey, year=year, region_id=region_id, dispatch_id=data.get("dispatch")
    )
    allowed = selectors.result_municipalities(actor=request.user, region_id=region_id)
    municipality_id = data.get("municipality")
    if municipality_id:
        municipality_ids: frozenset[int] | None = (
            frozenset({municipality_id}) if allowed is None or municipality_id in allowed else frozenset()
        )
    else:
        municipality_ids = allowed
    results = selectors.survey_results(survey=survey, dispatches=dispatches, municipality_ids=municipality_ids)
    municipalities = Municipality.objects.filter(region_id=region_id).order_by("name") if region_id else []
    if allowed is not None:
        municipalities = [m for m in municipalities if m.pk in allowed]
    return render(
        request,
        "followup/survey_results.html",
        {
            "survey": survey,
            "results": results,
            "form": form,
            "year": year,
            "region_id": region_id,
            "municipality_id": municipality_id,
            "municipalities": municipalities,
            "dispatches": selectors.dispatch_list(actor=request.user, survey=survey),
            "dispatch_id": data.get("dispatch"),
            "threshold": ANONYMITY_THRESHOLD,
        },
    )


# --- answering (no sign-in: the token is the key) ---------------------------------------------------------


def _cookie_name(invitation: Invitation) -> str:
    return f"survey_{invitation.dispatch_id}"


def _response_of_browser(request: HttpRequest, invitation: Invitation) -> Response | None:
    """The response this browser gave to this invitation, from its signed cookie (never from the server)."""
    try:
        pk = request.get_signed_cookie(_cookie_name(invitation), salt=f"followup.response.{invitation.token}")
    except (KeyError, signing.BadSignature):
        return None
    if not pk or not str(pk).isdigit():
        return None
    return Response.objects.filter(pk=int(pk), dispatch_id=invitation.dispatch_id).first()


def _remember(response: HttpResponse, invitation: Invitation, answered: Response) -> None:
    response.set_signed_cookie(
        _cookie_name(invitation),
        str(answered.pk),
        salt=f"followup.response.{invitation.token}",
        path=reverse("survey_answer", args=[invitation.token]),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def _is_prefetch(request: HttpRequest) -> bool:
    purpose = (request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")).lower()
    return "prefetch" in purpose or "prerender" in purpose


@login_not_required
@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    """Answer a survey by the link in the invitation. A tapped option (``?q=&v=``) is saved at once and the
    rest of the questions are shown; sending the form saves them all. The same browser may change its
    answers; anyone else with the link sees only that it has been answered."""
    invitation = selectors.invitation_by_token(token)
    if invitation is None:
        return render(request, "followup/survey_unknown.html", status=404)
    dispatch = invitation.dispatch
    survey = dispatch.survey
    mine = _response_of_browser(request, invitation)
    closed = bool(dispatch.closes_on and timezone.localdate() > dispatch.closes_on)
    if invitation.answered and mine is None:
        return render(request, "followup/survey_done.html", {"survey": survey, "already": True})
    if closed:
        return render(request, "followup/survey_done.html", {"survey": survey, "closed": True})
    questions = selectors.survey_questions(survey)
    if request.method == "GET" and "q" in request.GET and "v" in request.GET and not _is_prefetch(request):
        qid, value = request.GET.get("q", ""), request.GET.get("v", "")
        try:
            saved = services.response_save(
                invitation=invitation,
                answers={int(qid): (value, "")} if qid.isdigit() else {},
                response=mine,
                complete=False,
            )
        except ValidationError:
            messages.error(request, _("That answer could not be saved. Choose it again below."))
            return redirect("survey_answer", token=token)
        messages.success(request, _("Your answer is saved. You can answer the other questions too."))
        tapped: HttpResponse = redirect("survey_answer", token=token)
        _remember(tapped, invitation, saved)
        return tapped
    initial = {}
    if mine is not None:
        initial = {
            f"q{qid}": answer.text or answer.value for qid, answer in selectors.response_answers(response=mine).items()
        }
    form = AnswerForm(request.POST if request.method == "POST" else None, questions=questions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.response_save(invitation=invitation, answers=form.answers(), response=mine)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            reply = render(request, "followup/survey_done.html", {"survey": survey, "thanks": True, "token": token})
            _remember(reply, invitation, saved)
            return reply
    return render(
        request,
        "followup/survey_answer.html",
        {"survey": survey, "invitation": invitation, "form": form, "mine": mine},
        status=400 if form.errors else 200,
    )


urlpatterns: list[URLPattern] = [
    path("uppfoljning/enkater/", survey_list, name="survey_list"),
    path("uppfoljning/enkater/ny/", survey_create, name="survey_create"),
    path("uppfoljning/enkater/skicka/", survey_send, name="survey_send"),
    path("uppfoljning/enkater/<int:pk>/", survey_edit, name="survey_edit"),
    path("uppfoljning/enkater/<int:pk>/resultat/", survey_results, name="survey_results"),
    path("enkat/<str:token>/", survey_answer, name="survey_answer"),
]


# --- home-page part, rules, menu -------------------------------------------------------------


def _waiting(request: HttpRequest) -> list[Invitation]:
    return selectors.pending_invitations(user=request.user, today=timezone.localdate())


def home_part(request: HttpRequest) -> dict[str, Any]:
    """A person's unanswered surveys on their home page (those without e-mail learn of them here)."""
    waiting = _waiting(request)
    if not waiting:
        return {}
    return {"survey_invitations": waiting, "home_sections": ["followup/survey_home_part.html"]}


def journey_part(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """On *Min resa*: the person's unanswered surveys, each with its first question's answers as links, so that
    one tap answers it (as in the e-mail; the rest can be answered on the survey's page). Two queries, one
    when there is nothing to answer."""
    waiting = _waiting(request)
    if not waiting:
        return []
    first = selectors.first_questions(waiting)
    items = []
    for invitation in waiting:
        question = first.get(invitation.dispatch.survey_id)
        taps = []
        if question is not None and question.kind != QuestionKind.TEXT:
            taps = [
                (label, answer_url(invitation, question_id=question.pk, value=value, absolute=False))
                for value, label in question.options
            ]
        items.append({"invitation": invitation, "question": question if taps else None, "taps": taps})
    return [("followup/survey_journey_part.html", {"items": items})]


def register() -> None:
    """Menu entries, rules, the home-page part and the part on *Min resa* (called from the app's ready()). Not
    on Plattformen and Stationen: their query counts are pinned, and the home page reaches everyone."""
    from yrkesresan.core.home import register_home_part, register_hub_part
    from yrkesresan.core.navigation import Entry, register_entry

    from .. import tasks  # noqa: F401  (the daily course evaluations)

    policy.register_rule("followup.surveys", sees_surveys)
    policy.register_rule("followup.build_some_survey", builds_some_survey)
    register_entry(
        Entry(
            key="followup_surveys",
            label=gettext_lazy("Surveys"),
            description=gettext_lazy("Course evaluations and the yearly surveys: build, send and see the results."),
            url_name="survey_list",
            action="followup.surveys",
            order=80,
            in_menu=False,
        )
    )
    register_home_part(home_part)
    register_hub_part("min_resa", journey_part)
