"""API for recruiting trainers: calls, the trainers' answers and the managers' approvals, with the same
services, selectors and scoping as the pages.

- ``/api/v1/trainer-calls/``: the calls one sees (coordinators their region's, trainers the open calls
  that go to them and those they answered), with the answers counted and the few-answers flag;
  coordinators open, close and cancel them.
- ``/api/v1/trainer-call-answers/``: answers (coordinators every answer to their region's calls, a
  trainer their own, a manager their staff's that asked for approval); a trainer answers or changes
  their answer; a coordinator confirms one.
- ``/api/v1/trainer-call-approvals/``: the answers one approves as the trainer's manager or k-admin;
  approve or decline one.

An object in the URL outside the caller's scope is a 404, like a missing one; one the caller sees but
may not act on is a 403; an id in a body that the caller does not see is a 400 (unknown id).

``ROUTES`` lists (prefix, viewset, basename) for the router in ``config/api_urls.py``; ``URLS`` lists
plain paths.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import URLPattern
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from yrkesresan.accounts.scopes import is_system_admin
from yrkesresan.catalog.models import Course
from yrkesresan.core import policy
from yrkesresan.core.api import NamedChoiceField, ScopedViewSetMixin
from yrkesresan.occasions.models import Occasion
from yrkesresan.organisations.models import Region

from . import services
from .models import AUTUMN, SPRING, Answer, Approval, CallAnswer, CallStatus, TeamRole, TrainerCall
from .policies import over_trainer_q
from .selectors import calls as selectors

# --- choices, named after their choice set in the schema ------------------------------------------------


class Term:
    """The two terms, as a choice set (``TermEnum`` in the schema)."""

    choices = [(SPRING, "Spring (VT)"), (AUTUMN, "Autumn (HT)")]
    values = [SPRING, AUTUMN]


_ChoiceSetField = NamedChoiceField


class CallStatusField(_ChoiceSetField):
    choices_class = CallStatus


class AnswerField(_ChoiceSetField):
    choices_class = Answer


class ApprovalField(_ChoiceSetField):
    choices_class = Approval


class CallRoleField(_ChoiceSetField):
    choices_class = TeamRole
    schema_name = "CallRoleEnum"  # ``TeamRoleEnum`` belongs to the teams' API


class TermField(_ChoiceSetField):
    choices_class = Term


def _error(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


def _one(qs: QuerySet[Any], pk: int | None, field: str) -> Any:
    """The row of ``qs`` (narrowed to what the caller sees) with this id; any other id is a 400."""
    if pk is None:
        return None
    found = qs.filter(pk=pk).first()
    if found is None:
        raise _error(field, _("Unknown id: %(ids)s.") % {"ids": pk})
    return found


def _given(request: Any) -> dict[str, str]:
    """The query parameters given, as a plain dict: a boolean left out stays left out (DRF would read a
    missing one in a query string as false)."""
    return {name: value for name, value in request.query_params.items() if value != ""}


def _fake(view: Any) -> bool:
    """drf-spectacular asks the views for their querysets while it writes the schema."""
    return getattr(view, "swagger_fake_view", False)


# --- calls ----------------------------------------------------------------------------------------------------


class TrainerCallSerializer(serializers.ModelSerializer):
    term = TermField(read_only=True)
    status = CallStatusField(read_only=True)
    yes = serializers.IntegerField(source="n_yes", read_only=True, help_text="Answers yes (approved or not).")
    reserve = serializers.IntegerField(source="n_reserve", read_only=True)
    no = serializers.IntegerField(source="n_no", read_only=True)
    pending_approval = serializers.IntegerField(
        source="n_pending", read_only=True, help_text="Yes or reserve answers waiting for the manager."
    )
    confirmed = serializers.IntegerField(source="n_confirmed", read_only=True)
    firm_yes = serializers.IntegerField(
        source="n_firm_yes", read_only=True, help_text="Yes answers approved by the manager or not needing it."
    )
    short_of_answers = serializers.SerializerMethodField(
        help_text="Open, fewer firm yes-answers than needed, and half the time to answer gone or the last day "
        "to answer at most 7 days away."
    )

    class Meta:
        model = TrainerCall
        fields = [
            "id",
            "region",
            "occasion",
            "course",
            "year",
            "term",
            "needed",
            "answer_by",
            "message",
            "manager_approval",
            "status",
            "yes",
            "reserve",
            "no",
            "pending_approval",
            "confirmed",
            "firm_yes",
            "short_of_answers",
            "created_by",
            "created_at",
            "closed_at",
        ]
        read_only_fields = fields

    def get_short_of_answers(self, call: Any) -> bool:
        return selectors.short_of_answers(
            status=call.status,
            needed=call.needed,
            firm_yes=call.n_firm_yes,
            opened_on=timezone.localdate(call.created_at),
            answer_by=call.answer_by,
            today=timezone.localdate(),
        )


class TrainerCallWriteSerializer(serializers.Serializer):
    """A call for an occasion (give ``occasion``: its course, region and term follow from it), or for a
    course and a term in a region (give ``region``, ``course``, ``year`` and ``term``)."""

    occasion = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    region = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    course = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    year = serializers.IntegerField(required=False, allow_null=True, default=None)
    term = TermField(required=False, allow_null=True, default=None)
    needed = serializers.IntegerField(help_text="Trainers needed, the course leader included (1 to 30).")
    answer_by = serializers.DateField(help_text="The last day to answer: not in the past.")
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    manager_approval = serializers.BooleanField(default=True, help_text="A yes needs the trainer's manager's approval.")


class CallFilterSerializer(serializers.Serializer):
    status = CallStatusField(required=False)
    short = serializers.BooleanField(required=False, help_text="Only the calls short of answers (or only the others).")
    region = serializers.IntegerField(required=False, min_value=1)
    course = serializers.IntegerField(required=False, min_value=1)
    occasion = serializers.IntegerField(required=False, min_value=1)


class CallCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class TrainerCallViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Calls for trainers, with their answers counted and the few-answers flag."""

    serializer_class = TrainerCallSerializer
    base_queryset = TrainerCall.objects.all()

    def get_queryset(self) -> Any:
        qs = selectors.with_counts(super().get_queryset()).order_by("answer_by", "pk")
        if self.action != "list" or _fake(self):
            return qs
        params = CallFilterSerializer(data=_given(self.request))
        params.is_valid(raise_exception=True)
        given = params.validated_data
        for name in ("status", "region", "course", "occasion"):
            if name in given:
                qs = qs.filter(**{name: given[name]})
        return qs

    @extend_schema(parameters=[CallFilterSerializer])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Filters: ``status`` (open, closed, cancelled), ``short`` (true: only the calls short of answers),
        ``region``, ``course``, ``occasion``. Last day to answer first."""
        params = CallFilterSerializer(data=_given(request))
        params.is_valid(raise_exception=True)
        short = params.validated_data.get("short")
        if short is None:
            return super().list(request, *args, **kwargs)
        today = timezone.localdate()
        calls = [
            call
            for call in self.get_queryset()
            if selectors.short_of_answers(
                status=call.status,
                needed=call.needed,
                firm_yes=call.n_firm_yes,
                opened_on=timezone.localdate(call.created_at),
                answer_by=call.answer_by,
                today=today,
            )
            is short
        ]
        page = self.paginate_queryset(calls)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _reread(self, call: TrainerCall) -> Any:
        return selectors.with_counts(TrainerCall.objects.all()).get(pk=call.pk)

    @extend_schema(request=TrainerCallWriteSerializer, responses={201: TrainerCallSerializer})
    def create(self, request: Any) -> Response:
        """Open a call. The region's active trainers qualified for the course are e-mailed. 403 for those
        who coordinate no region's trainers, or not this occasion's or region's; 400 by field for unknown
        ids, a last day to answer in the past (or after the occasion's first day), a non-regional or
        cancelled occasion, an occasion that already has an open call, a web course, a term that has ended."""
        policy.require(request.user, "trainers.open_calls")
        data = TrainerCallWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        occasion = _one(policy.visible(request.user, Occasion.objects.all()), given["occasion"], "occasion")
        common = {
            "actor": request.user,
            "needed": given["needed"],
            "answer_by": given["answer_by"],
            "message": given["message"],
            "manager_approval": given["manager_approval"],
        }
        if occasion is not None:
            call = services.call_open(occasion=occasion, **common)
        else:
            call = services.call_open(
                region=_one(policy.visible(request.user, Region.objects.all()), given["region"], "region"),
                course=_one(policy.visible(request.user, Course.objects.all()), given["course"], "course"),
                year=given["year"],
                term=given["term"],
                **common,
            )
        return Response(TrainerCallSerializer(self._reread(call)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=TrainerCallSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Any, pk: Any = None) -> Response:
        """The team is formed: close the call (at least one trainer confirmed). Those who offered and were
        not confirmed are told."""
        call = services.call_close(actor=request.user, call=self.get_object())
        return Response(TrainerCallSerializer(self._reread(call)).data)

    @extend_schema(request=CallCancelSerializer, responses=TrainerCallSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Any, pk: Any = None) -> Response:
        """Cancel the call; those who offered to teach are told, with the reason if given."""
        data = CallCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        call = services.call_cancel(actor=request.user, call=self.get_object(), reason=data.validated_data["reason"])
        return Response(TrainerCallSerializer(self._reread(call)).data)


# --- answers --------------------------------------------------------------------------------------------------


class CallAnswerSerializer(serializers.ModelSerializer):
    trainer_name = serializers.CharField(source="trainer.user.__str__", read_only=True)
    person = serializers.IntegerField(source="trainer.user_id", read_only=True, help_text="The trainer as a person.")
    answer = AnswerField(read_only=True)
    approval = ApprovalField(read_only=True)
    confirmed_role = serializers.SerializerMethodField(
        help_text="course leader, trainer or reserve; null until confirmed."
    )

    class Meta:
        model = CallAnswer
        fields = [
            "id",
            "call",
            "trainer",
            "person",
            "trainer_name",
            "answer",
            "comment",
            "answered_at",
            "approval",
            "approval_by",
            "approval_at",
            "approval_note",
            "confirmed_role",
            "confirmed_by",
            "confirmed_at",
        ]
        read_only_fields = fields

    @extend_schema_field(CallRoleField(allow_null=True))
    def get_confirmed_role(self, answer: CallAnswer) -> str | None:
        return answer.confirmed_role or None


class CallAnswerWriteSerializer(serializers.Serializer):
    call = serializers.IntegerField(min_value=1)
    answer = AnswerField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class CallAnswerFilterSerializer(serializers.Serializer):
    call = serializers.IntegerField(required=False, min_value=1)
    answer = AnswerField(required=False)
    approval = ApprovalField(required=False)
    mine = serializers.BooleanField(required=False, help_text="Only the caller's own answers.")


class ConfirmSerializer(serializers.Serializer):
    role = CallRoleField(help_text="The role on the team: leader, trainer or reserve.")


def _answers(qs: QuerySet[CallAnswer]) -> QuerySet[CallAnswer]:
    return qs.select_related("trainer__user").order_by("call_id", "answered_at", "pk")


class CallAnswerViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Answers to calls: coordinators see every answer to their region's calls, a trainer their own, a
    manager or k-admin their staff's that asked for their approval."""

    serializer_class = CallAnswerSerializer
    base_queryset = CallAnswer.objects.all()

    def get_queryset(self) -> Any:
        qs = _answers(super().get_queryset())
        if self.action != "list" or _fake(self):
            return qs
        params = CallAnswerFilterSerializer(data=_given(self.request))
        params.is_valid(raise_exception=True)
        given = params.validated_data
        for name in ("call", "answer", "approval"):
            if name in given:
                qs = qs.filter(**{name: given[name]})
        if "mine" in given:
            qs = (
                qs.filter(trainer__user_id=self.request.user.pk)
                if given["mine"]
                else qs.exclude(trainer__user_id=self.request.user.pk)
            )
        return qs

    @extend_schema(parameters=[CallAnswerFilterSerializer])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Filters: ``call``, ``answer`` (yes, reserve, no), ``approval`` (not_needed, pending, approved,
        declined), ``mine`` (true: only your own)."""
        return super().list(request, *args, **kwargs)

    @extend_schema(request=CallAnswerWriteSerializer, responses={200: CallAnswerSerializer, 201: CallAnswerSerializer})
    def create(self, request: Any) -> Response:
        """Answer a call that goes to you (yes, reserve or no, with a comment), or change your answer until
        the coordinator has confirmed it: 201 for a first answer, 200 for a change. A yes or reserve on a
        call that asks for it waits for your manager's approval (they are e-mailed). 400 for a call you do
        not see, one that is closed or past its last day to answer; 403 if the call does not go to you."""
        data = CallAnswerWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        call = _one(policy.visible(request.user, TrainerCall.objects.all()), given["call"], "call")
        had = selectors.my_answer(actor=request.user, call=call) is not None
        answer = services.call_answer(actor=request.user, call=call, answer=given["answer"], comment=given["comment"])
        answer = _answers(CallAnswer.objects.filter(pk=answer.pk)).get()
        return Response(
            CallAnswerSerializer(answer).data, status=status.HTTP_200_OK if had else status.HTTP_201_CREATED
        )

    @extend_schema(request=ConfirmSerializer, responses=CallAnswerSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request: Any, pk: Any = None) -> Response:
        """The call's coordinator takes the trainer as course leader, trainer or reserve. For an occasion's
        call the trainer joins its team (its rules apply: one course leader, qualified, not on it twice).
        400 for a no, an answer waiting for or declined by the manager, one already confirmed, or a call no
        longer open."""
        data = ConfirmSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = services.call_confirm(actor=request.user, answer=self.get_object(), role=data.validated_data["role"])
        return Response(CallAnswerSerializer(_answers(CallAnswer.objects.filter(pk=answer.pk)).get()).data)


# --- approvals ------------------------------------------------------------------------------------------------


class ApprovalFilterSerializer(serializers.Serializer):
    approval = ApprovalField(required=False, help_text="pending (the default: those waiting), approved or declined.")


class ApprovalDecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(
        required=False, allow_blank=True, max_length=300, default="", help_text="Required when declining."
    )


class ApprovalViewSet(viewsets.ReadOnlyModelViewSet):
    """The answers of the trainers one is manager or k-admin of, that asked for one's approval."""

    serializer_class = CallAnswerSerializer
    queryset = CallAnswer.objects.none()

    def initial(self, request: Any, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        policy.require(request.user, "trainers.approve_calls_some")

    def get_queryset(self) -> Any:
        if _fake(self):
            return CallAnswer.objects.none()
        user = self.request.user
        qs = policy.visible(user, CallAnswer.objects.exclude(approval=Approval.NOT_NEEDED))
        if not is_system_admin(user):
            qs = qs.filter(over_trainer_q(user))
        qs = _answers(qs)
        if self.action == "list":
            params = ApprovalFilterSerializer(data=_given(self.request))
            params.is_valid(raise_exception=True)
            qs = qs.filter(approval=params.validated_data.get("approval", Approval.PENDING))
        return qs

    @extend_schema(parameters=[ApprovalFilterSerializer])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Filter ``approval``: pending (the default), approved or declined. First answered first."""
        return super().list(request, *args, **kwargs)

    @extend_schema(request=ApprovalDecisionSerializer, responses=CallAnswerSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request: Any, pk: Any = None) -> Response:
        """Approve (``{"approve": true}``) or decline (``{"approve": false, "note": "why"}``) a trainer's
        offer to teach. The trainer is told. 400 if it does not wait for approval or the call has ended."""
        data = ApprovalDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = services.call_approve(
            actor=request.user,
            answer=self.get_object(),
            approve=data.validated_data["approve"],
            note=data.validated_data["note"],
        )
        return Response(CallAnswerSerializer(_answers(CallAnswer.objects.filter(pk=answer.pk)).get()).data)


ROUTES: list[tuple[str, Any, str]] = [
    ("trainer-calls", TrainerCallViewSet, "trainercall"),
    ("trainer-call-answers", CallAnswerViewSet, "trainercallanswer"),
    ("trainer-call-approvals", ApprovalViewSet, "trainercallapproval"),
]
URLS: list[URLPattern] = []
