"""Recruiting pages: the coordinators' calls (list with the few-answers flag, opening a call from an
occasion's team page or for a course and a term, one call with its answers, confirming and closing),
the trainer's calls in Plattformen and the answer page, and the managers' approvals in Stationen.
Thin: look up within scope, check the rule, call a service or a selector, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from yrkesresan.core import policy
from yrkesresan.core.forms import add_service_errors
from yrkesresan.occasions.models import Occasion

from .. import services
from ..forms_calls import AnswerForm, ApproveForm, CallFilterForm, CallForm, CloseForm, ConfirmForm
from ..models import Answer, Approval, CallAnswer, CallStatus, TeamRole, TrainerCall
from ..selectors import calls as selectors

PER_PAGE = 25


def _call_or_404(request: HttpRequest, pk: int) -> TrainerCall:
    return policy.get_visible_or_404(
        request.user, TrainerCall.objects.select_related("course__journey", "occasion__course", "region"), pk=pk
    )


def team_url(occasion_id: int | None) -> str | None:
    """The occasion's team page (built by the team pages), once it exists."""
    if occasion_id is None:
        return None
    try:
        return reverse("occasion_team", args=[occasion_id])
    except NoReverseMatch:
        return None


# --- the coordinators' pages -----------------------------------------------------------------------------


@require_GET
def call_list(request: HttpRequest) -> HttpResponse:
    """The calls one coordinates: open ones (those short of answers first) or closed ones."""
    policy.require(request.user, "trainers.coordinate_some")
    form = CallFilterForm(request.GET or None)
    status = (form.cleaned_data.get("status") if form.is_valid() else None) or selectors.OPEN
    rows = selectors.call_list(actor=request.user, status=status)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "trainers/calls/list.html",
        {
            "form": form,
            "status": status,
            "page": page,
            "short": sum(1 for row in rows if row.short),
            "can_open": policy.can(request.user, "trainers.open_calls"),
        },
        status=400 if form.errors else 200,
    )


def _occasion_for_call(request: HttpRequest) -> Occasion | None:
    raw = request.GET.get("occasion") or request.POST.get("occasion")
    if not raw:
        return None
    occasion = policy.get_visible_or_404(
        request.user, Occasion.objects.select_related("course", "region"), pk=raw if str(raw).isdigit() else 0
    )
    policy.require(request.user, "trainers.coordinate", occasion)
    return occasion


@require_http_methods(["GET", "POST"])
def call_create(request: HttpRequest) -> HttpResponse:
    """Open a call: for the occasion given by ``?occasion=`` (from its team page), or for a course and a
    term in a region."""
    occasion = _occasion_for_call(request)
    if occasion is None:
        policy.require(request.user, "trainers.open_calls")
    form = CallForm(request.POST if request.method == "POST" else None, actor=request.user, occasion=occasion)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if occasion is not None:
                call = services.call_open(
                    actor=request.user,
                    occasion=occasion,
                    needed=data["needed"],
                    answer_by=data["answer_by"],
                    message=data["message"],
                    manager_approval=data["manager_approval"],
                )
            else:
                call = services.call_open(
                    actor=request.user,
                    region=data["region"],
                    course=data["course"],
                    year=data["year"],
                    term=data["term"],
                    needed=data["needed"],
                    answer_by=data["answer_by"],
                    message=data["message"],
                    manager_approval=data["manager_approval"],
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            sent = selectors.call_pool_size(call=call)
            messages.success(
                request,
                _("The call is open. %(count)d qualified trainers in the region were told by e-mail.")
                % {"count": sent},
            )
            return redirect("trainer_call_detail", pk=call.pk)
    return render(
        request,
        "trainers/calls/form.html",
        {"form": form, "occasion": occasion, "back": team_url(occasion.pk if occasion else None)},
        status=400 if form.errors else 200,
    )


def _detail(
    request: HttpRequest,
    call: TrainerCall,
    *,
    problems: list[str] | None = None,
    close_form: CloseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    answers = selectors.call_answers(call=call)
    rows = []
    for answer in answers:
        confirmable = (
            call.status == CallStatus.OPEN
            and answer.confirmed_at is None
            and answer.answer in selectors.OFFERS
            and answer.approval not in (Approval.PENDING, Approval.DECLINED)
        )
        default = TeamRole.RESERVE if answer.answer == Answer.RESERVE else TeamRole.TRAINER
        rows.append({"answer": answer, "confirmable": confirmable, "default_role": default})
    return render(
        request,
        "trainers/calls/detail.html",
        {
            "call": call,
            "row": selectors.call_row(call),
            "rows": rows,
            "not_answered": selectors.not_answered(call=call) if call.status == CallStatus.OPEN else [],
            "roles": TeamRole.choices,
            "problems": problems or [],
            "close_form": close_form or CloseForm(),
            "team_url": team_url(call.occasion_id),
            "is_open": call.status == CallStatus.OPEN,
        },
        status=status,
    )


@require_GET
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One call: the counts and the flag, every answer with the manager's approval, confirm buttons, and
    who has not answered yet."""
    call = _call_or_404(request, pk)
    policy.require(request.user, "trainers.coordinate_call", call)
    return _detail(request, call)


@require_POST
def call_confirm(request: HttpRequest, pk: int, answer_pk: int) -> HttpResponse:
    """Take a trainer who offered, as course leader, trainer or reserve."""
    call = _call_or_404(request, pk)
    policy.require(request.user, "trainers.coordinate_call", call)
    answer = policy.get_visible_or_404(
        request.user, CallAnswer.objects.filter(call=call).select_related("trainer__user"), pk=answer_pk
    )
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _detail(request, call, problems=[_("Choose course leader, trainer or reserve.")], status=400)
    try:
        services.call_confirm(actor=request.user, answer=answer, role=form.cleaned_data["role"])
    except ValidationError as exc:
        return _detail(request, call, problems=exc.messages, status=400)
    messages.success(
        request,
        _("%(name)s is confirmed as %(role)s and has been told by e-mail.")
        % {"name": answer.trainer, "role": str(TeamRole(form.cleaned_data["role"]).label).lower()},
    )
    return redirect("trainer_call_detail", pk=call.pk)


@require_POST
def call_close(request: HttpRequest, pk: int) -> HttpResponse:
    """End the call: the team is formed, or the call is cancelled."""
    call = _call_or_404(request, pk)
    policy.require(request.user, "trainers.coordinate_call", call)
    form = CloseForm(request.POST)
    if not form.is_valid():
        return _detail(request, call, close_form=form, status=400)
    try:
        if form.cleaned_data["outcome"] == CloseForm.FORMED:
            services.call_close(actor=request.user, call=call)
            messages.success(request, _("The call is closed: the team is formed."))
        else:
            services.call_cancel(actor=request.user, call=call, reason=form.cleaned_data["reason"])
            messages.success(request, _("The call is cancelled."))
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _detail(request, call, close_form=form, status=400)
    return redirect("trainer_call_detail", pk=call.pk)


# --- the trainer's pages in Plattformen ---------------------------------------------------------------------


@require_GET
def my_calls(request: HttpRequest) -> HttpResponse:
    """The calls that go to the trainer, to answer, and those they have answered."""
    policy.require(request.user, "trainers.my_calls")
    calls = selectors.trainer_calls(actor=request.user)
    return render(request, "trainers/calls/mine.html", {"open": calls["open"], "answered": calls["answered"]})


@require_http_methods(["GET", "POST"])
def call_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer a call: yes, reserve or no, with a comment. Made for a phone."""
    call = _call_or_404(request, pk)
    policy.require(request.user, "trainers.answer_call", call)
    mine = selectors.my_answer(actor=request.user, call=call)
    initial = {"answer": mine.answer, "comment": mine.comment} if mine else {}
    form = AnswerForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.call_answer(
                actor=request.user, call=call, answer=form.cleaned_data["answer"], comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            text = _("Thank you. You answered: %(answer)s.") % {"answer": saved.get_answer_display().lower()}
            if saved.approval == Approval.PENDING:
                text += " " + _("Your manager has been asked to approve it.")
            messages.success(request, text)
            return redirect("my_trainer_calls")
    today = timezone.localdate()
    return render(
        request,
        "trainers/calls/answer.html",
        {
            "call": call,
            "mine": mine,
            "form": form,
            "can_answer": call.status == CallStatus.OPEN
            and today <= call.answer_by
            and (mine is None or mine.confirmed_at is None),
            "too_late": call.status == CallStatus.OPEN and today > call.answer_by,
            "days": selectors.course_days(call=call),
        },
        status=400 if form.errors else 200,
    )


# --- the managers' approvals in Stationen ----------------------------------------------------------------------


def _approvals(request: HttpRequest, *, problems: list[str] | None = None, status: int = 200) -> HttpResponse:
    return render(
        request,
        "trainers/calls/approvals.html",
        {"waiting": list(selectors.answers_to_approve(actor=request.user)), "problems": problems or []},
        status=status,
    )


@require_GET
def approvals(request: HttpRequest) -> HttpResponse:
    """The answers of one's staff that wait for one's approval."""
    policy.require(request.user, "trainers.approve_calls_some")
    return _approvals(request)


@require_POST
def approve(request: HttpRequest, answer_pk: int) -> HttpResponse:
    """Approve or decline one answer (a decline says why)."""
    answer = policy.get_visible_or_404(
        request.user, CallAnswer.objects.select_related("trainer__user", "call"), pk=answer_pk
    )
    policy.require(request.user, "trainers.approve_call", answer)
    form = ApproveForm(request.POST)
    name = str(answer.trainer)
    if not form.is_valid() or form.cleaned_data["approve"] is None:
        return _approvals(request, problems=[_("%(name)s: choose approve or decline.") % {"name": name}], status=400)
    try:
        decided = services.call_approve(
            actor=request.user, answer=answer, approve=form.cleaned_data["approve"], note=form.cleaned_data["note"]
        )
    except ValidationError as exc:
        return _approvals(request, problems=[f"{name}: {m}" for m in exc.messages], status=400)
    if decided.approval == Approval.APPROVED:
        messages.success(request, _("Approved: %(name)s may teach. They have been told.") % {"name": name})
    else:
        messages.info(request, _("Declined: %(name)s has been told why.") % {"name": name})
    return redirect("trainer_call_approvals")


urlpatterns: list[URLPattern] = [
    path("utbildare/utrop/", call_list, name="trainer_call_list"),
    path("utbildare/utrop/nytt/", call_create, name="trainer_call_create"),
    path("utbildare/utrop/<int:pk>/", call_detail, name="trainer_call_detail"),
    path("utbildare/utrop/<int:pk>/svar/<int:answer_pk>/bekrafta/", call_confirm, name="trainer_call_confirm"),
    path("utbildare/utrop/<int:pk>/stang/", call_close, name="trainer_call_close"),
    path("plattformen/utrop/", my_calls, name="my_trainer_calls"),
    path("plattformen/utrop/<int:pk>/", call_answer, name="trainer_call_answer"),
    path("stationen/utbildaruppdrag/", approvals, name="trainer_call_approvals"),
    path("stationen/utbildaruppdrag/<int:answer_pk>/", approve, name="trainer_call_approve"),
]


# --- rules, hub parts, audit labels --------------------------------------------------------------------------------


def plattformen_part(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """Plattformen: how many calls wait for the trainer's answer, and the way to them."""
    if not policy.can(request.user, "trainers.my_calls"):
        return []
    return [("trainers/calls/_plattformen.html", {"unanswered": selectors.unanswered_count(actor=request.user)})]


def stationen_part(request: HttpRequest) -> list[tuple[str, dict[str, Any]]]:
    """Stationen: the answers that wait for the manager's approval, when there are any."""
    if not policy.can(request.user, "trainers.approve_calls_some"):
        return []
    count = selectors.answers_to_approve_count(actor=request.user)
    return [("trainers/calls/_stationen.html", {"waiting": count})] if count else []


def register() -> None:
    """Menu entries, rules and audit labels of these pages (called from the app's ready())."""
    from yrkesresan.core.audit import register_action_labels
    from yrkesresan.core.home import register_hub_part

    from .. import tasks  # noqa: F401  (the daily check of calls short of answers)

    policy.register_rule("trainers.coordinate_call", selectors.coordinates_call)
    policy.register_rule("trainers.open_calls", selectors.opens_calls)
    policy.register_rule("trainers.answer_call", selectors.may_answer)
    policy.register_rule("trainers.my_calls", selectors.answers_calls)
    policy.register_rule("trainers.approve_call", selectors.may_approve)
    policy.register_rule("trainers.approve_calls_some", selectors.approves_some)
    register_hub_part("plattformen", plattformen_part)
    register_hub_part("stationen", stationen_part)
    register_action_labels(
        {
            "trainer_call.open": gettext_lazy("Call for trainers opened"),
            "trainer_call.close": gettext_lazy("Call for trainers closed: team formed"),
            "trainer_call.cancel": gettext_lazy("Call for trainers cancelled"),
            "trainer_call.short_of_answers": gettext_lazy("Coordinators told a call has too few answers"),
            "call_answer.save": gettext_lazy("Trainer answered a call"),
            "call_answer.approve": gettext_lazy("Manager approved a trainer's answer"),
            "call_answer.decline": gettext_lazy("Manager declined a trainer's answer"),
            "call_answer.confirm": gettext_lazy("Trainer confirmed from a call"),
        }
    )
