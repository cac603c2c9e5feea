"""API for trainer meetings (*utbildarträffar*) and their invitations: the same services, selectors and
scoping as the pages.

A meeting or invitation outside what the caller sees is a 404, like a missing one; one they see but may
not change is a 403; a refused rule or bad input is a 400 with the reasons, and nothing is written. Ids
in a body are looked up within what the caller sees: an unknown one is a 400.

``ROUTES`` lists (prefix, viewset, basename) for the router in ``config/api_urls.py``; ``URLS`` lists
plain paths."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.urls import URLPattern
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from yrkesresan.catalog.models import Course
from yrkesresan.core import policy
from yrkesresan.core.api import ScopedViewSetMixin
from yrkesresan.organisations.models import Municipality, Region

from . import services
from .models import MeetingInvitation, Reply, TrainerMeeting, TrainerProfile
from .selectors import meetings as selectors

MANAGE = "trainers.meeting_manage"

# --- reading ----------------------------------------------------------------------------------------------


class TrainerMeetingSerializer(serializers.ModelSerializer):
    invited = serializers.IntegerField(read_only=True, help_text="How many are invited.")
    coming = serializers.IntegerField(read_only=True, help_text="Invited who answered that they are coming.")
    not_coming = serializers.IntegerField(read_only=True, help_text="Invited who answered that they are not coming.")
    not_answered = serializers.IntegerField(read_only=True, help_text="Invited who have not answered.")
    attended = serializers.IntegerField(read_only=True, help_text="Marked present when attendance was taken.")

    class Meta:
        model = TrainerMeeting
        fields = [
            "id",
            "region",
            "municipality",
            "title",
            "description",
            "date",
            "starts",
            "ends",
            "venue",
            "address",
            "link",
            "cancelled",
            "invited",
            "coming",
            "not_coming",
            "not_answered",
            "attended",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class MeetingInvitationSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()
    home_municipality = serializers.SerializerMethodField()

    class Meta:
        model = MeetingInvitation
        fields = [
            "id",
            "meeting",
            "trainer",
            "name",
            "home_municipality",
            "reply",
            "replied_at",
            "attended",
            "invited_at",
        ]
        read_only_fields = fields

    def get_name(self, invitation: MeetingInvitation) -> str:
        user = invitation.trainer.user
        return user.get_full_name() or user.get_username()

    def get_home_municipality(self, invitation: MeetingInvitation) -> int:
        return invitation.trainer.home_municipality_id


class MeetingFilterSerializer(serializers.Serializer):
    when = serializers.ChoiceField(
        choices=[("coming", "coming"), ("past", "past")],
        required=False,
        help_text="coming: from today, soonest first; past: before today, latest first. Leave out for all.",
    )


# --- writing ----------------------------------------------------------------------------------------------


class TrainerMeetingWriteSerializer(serializers.Serializer):
    """A meeting for a region's trainers (``region``) or a municipality's discussion leaders
    (``municipality``; its region follows). With PATCH, what is left out stays as it is."""

    region = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    municipality = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    date = serializers.DateField()
    starts = serializers.TimeField()
    ends = serializers.TimeField()
    venue = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    link = serializers.URLField(max_length=200, required=False, allow_blank=True, default="")


class MeetingInviteSerializer(serializers.Serializer):
    """Whom to invite: leave both out for the whole pool; ``course`` for those of it qualified for a
    course; ``trainers`` (trainer profile ids) for those chosen."""

    course = serializers.IntegerField(min_value=1, required=False)
    trainers = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, min_length=1, max_length=1000
    )


class MeetingInvitedSerializer(serializers.Serializer):
    invited = serializers.IntegerField(help_text="How many were invited now (those already invited are skipped).")
    invitations = MeetingInvitationSerializer(many=True, help_text="The new invitations.")


class MeetingAttendanceSerializer(serializers.Serializer):
    present = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        max_length=5000,
        help_text="The invitations (ids) of those who came; everyone else invited is marked absent.",
    )


class MeetingAttendanceCountSerializer(serializers.Serializer):
    present = serializers.IntegerField()
    absent = serializers.IntegerField()


class MeetingCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, help_text="Told to everyone invited.")


class MeetingReplySerializer(serializers.Serializer):
    reply = serializers.ChoiceField(choices=[(Reply.YES, "yes"), (Reply.NO, "no")])


def _error(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


def _place(actor: Any, data: dict[str, Any]) -> dict[str, Any]:
    """``region`` and ``municipality`` ids looked up within what the actor sees (unknown: 400)."""
    found: dict[str, Any] = {}
    if data.get("region") is not None:
        # A k-admin sees their municipality's region through it: naming it is a 403 from the service.
        regions = Region.objects.filter(
            Q(pk__in=policy.visible(actor, Region.objects.all()).values("pk"))
            | Q(pk__in=policy.visible(actor, Municipality.objects.all()).values("region_id"))
        )
        found["region"] = regions.filter(pk=data["region"]).first()
        if found["region"] is None:
            raise _error("region", _("Unknown id: %(ids)s.") % {"ids": data["region"]})
    if data.get("municipality") is not None:
        found["municipality"] = policy.visible(actor, Municipality.objects.filter(pk=data["municipality"])).first()
        if found["municipality"] is None:
            raise _error("municipality", _("Unknown id: %(ids)s.") % {"ids": data["municipality"]})
    return found


def _current(meeting: TrainerMeeting) -> dict[str, Any]:
    return {
        "title": meeting.title,
        "description": meeting.description,
        "date": meeting.date,
        "starts": meeting.starts,
        "ends": meeting.ends,
        "venue": meeting.venue,
        "address": meeting.address,
        "link": meeting.link,
    }


# --- the endpoints ----------------------------------------------------------------------------------------


class TrainerMeetingViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Trainer meetings: those of the regions one coordinates (a k-admin: their municipality's), and those
    one is invited to, with the replies counted. Coordinators plan, invite, take attendance and cancel."""

    serializer_class = TrainerMeetingSerializer
    base_queryset = TrainerMeeting.objects.all()

    def get_queryset(self) -> Any:
        qs = policy.visible(self.request.user, TrainerMeeting.objects.select_related("region", "municipality"))
        if self.action not in ("list", "retrieve"):
            return qs
        qs = selectors.with_counts(qs).order_by("date", "starts", "pk")
        if self.action == "list":
            params = MeetingFilterSerializer(data=self.request.query_params)
            params.is_valid(raise_exception=True)
            when = params.validated_data.get("when")
            if when:
                return selectors.meeting_list(actor=self.request.user, past=when == "past")
        return qs

    def _reread(self, meeting: TrainerMeeting) -> TrainerMeeting:
        return selectors.with_counts(TrainerMeeting.objects.all()).get(pk=meeting.pk)

    @extend_schema(parameters=[MeetingFilterSerializer])
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Filter ``when``: ``coming`` (from today, soonest first) or ``past`` (latest first)."""
        return super().list(request, *args, **kwargs)

    @extend_schema(request=TrainerMeetingWriteSerializer, responses={201: TrainerMeetingSerializer})
    def create(self, request: Any) -> Response:
        """Plan a meeting for a region's trainers or a municipality's discussion leaders. Where one may plan
        is the service's rule: elsewhere is a 403."""
        policy.require(request.user, "trainers.coordinate_some")
        data = TrainerMeetingWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values.update(_place(request.user, values))
        meeting = services.meeting_save(actor=request.user, **values)
        return Response(TrainerMeetingSerializer(self._reread(meeting)).data, status=status.HTTP_201_CREATED)

    def _save(self, request: Any, *, partial: bool) -> Response:
        meeting = self.get_object()
        policy.require(request.user, MANAGE, meeting)
        data = TrainerMeetingWriteSerializer(data=request.data, partial=partial)
        data.is_valid(raise_exception=True)
        given = dict(data.validated_data)
        values = {**(_current(meeting) if partial else {}), **given}
        values.update(_place(request.user, given))
        saved = services.meeting_save(actor=request.user, meeting=meeting, **values)
        return Response(TrainerMeetingSerializer(self._reread(saved)).data)

    @extend_schema(request=TrainerMeetingWriteSerializer, responses=TrainerMeetingSerializer)
    def update(self, request: Any, pk: Any = None) -> Response:
        """Replace the meeting's settings. A change of date, time or place is e-mailed to those invited who
        have not declined. Leave out ``region`` and ``municipality`` to keep its place; once anyone is
        invited the place cannot change."""
        return self._save(request, partial=False)

    @extend_schema(request=TrainerMeetingWriteSerializer, responses=TrainerMeetingSerializer)
    def partial_update(self, request: Any, pk: Any = None) -> Response:
        """Change some of the meeting's settings; what is left out stays as it is."""
        return self._save(request, partial=True)

    @extend_schema(request=MeetingInviteSerializer, responses=MeetingInvitedSerializer)
    @action(detail=True, methods=["post"])
    def invite(self, request: Any, pk: Any = None) -> Response:
        """Invite the pool (the region's active trainers; a municipality's meeting: its active discussion
        leaders), those of it qualified for ``course``, or the ``trainers`` chosen from it. Nobody is
        invited twice; each new invitation is e-mailed."""
        meeting = self.get_object()
        policy.require(request.user, MANAGE, meeting)
        data = MeetingInviteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        course = None
        if "course" in given:
            course = Course.objects.filter(pk=given["course"]).first()
            if course is None:
                raise _error("course", _("Unknown id: %(ids)s.") % {"ids": given["course"]})
        trainers = None
        if "trainers" in given:
            wanted = list(dict.fromkeys(given["trainers"]))
            seen = {
                t.pk: t
                for t in policy.visible(request.user, TrainerProfile.objects.filter(pk__in=wanted)).select_related(
                    "user"
                )
            }
            unknown = [str(pk) for pk in wanted if pk not in seen]
            if unknown:
                raise _error("trainers", _("Unknown id: %(ids)s.") % {"ids": ", ".join(unknown)})
            trainers = [seen[pk] for pk in wanted]
        created = services.meeting_invite(actor=request.user, meeting=meeting, course=course, trainers=trainers)
        invitations = MeetingInvitation.objects.filter(pk__in=[i.pk for i in created]).select_related("trainer__user")
        return Response(MeetingInvitedSerializer({"invited": len(created), "invitations": invitations}).data)

    @extend_schema(request=MeetingAttendanceSerializer, responses=MeetingAttendanceCountSerializer)
    @action(detail=True, methods=["post"])
    def attendance(self, request: Any, pk: Any = None) -> Response:
        """Take (or correct) attendance from the meeting day on: those listed came, everyone else invited
        did not. An id that is not an invitation to the meeting is a 400 and nothing changes."""
        meeting = self.get_object()
        policy.require(request.user, MANAGE, meeting)
        data = MeetingAttendanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        counts = services.meeting_attendance_take(
            actor=request.user, meeting=meeting, present=data.validated_data["present"]
        )
        return Response(MeetingAttendanceCountSerializer(counts).data)

    @extend_schema(request=MeetingCancelSerializer, responses=TrainerMeetingSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Any, pk: Any = None) -> Response:
        """Cancel a meeting that has not started; the reason is required and e-mailed to everyone invited."""
        meeting = self.get_object()
        policy.require(request.user, MANAGE, meeting)
        data = MeetingCancelSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cancelled = services.meeting_cancel(actor=request.user, meeting=meeting, reason=data.validated_data["reason"])
        return Response(TrainerMeetingSerializer(self._reread(cancelled)).data)


class MeetingInvitationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """Invitations to trainer meetings: all of those to meetings one coordinates, and one's own. The one
    invited replies."""

    serializer_class = MeetingInvitationSerializer
    base_queryset = MeetingInvitation.objects.select_related("trainer__user").order_by("meeting_id", "pk")

    def get_queryset(self) -> QuerySet[MeetingInvitation]:
        qs = super().get_queryset()
        if self.action != "list":
            return qs
        meeting = self.request.query_params.get("meeting")
        if meeting:
            if not meeting.isdigit():
                raise _error("meeting", _("Give the meeting's id."))
            qs = qs.filter(meeting_id=int(meeting))
        reply = self.request.query_params.get("reply")
        if reply is not None:
            values = {"yes": Reply.YES, "no": Reply.NO, "none": Reply.NONE}
            if reply not in values:
                raise _error("reply", _("Give yes, no or none."))
            qs = qs.filter(reply=values[reply])
        return qs

    @extend_schema(
        parameters=[
            OpenApiParameter("meeting", OpenApiTypes.INT, description="Invitations to this meeting."),
            OpenApiParameter("reply", OpenApiTypes.STR, enum=["yes", "no", "none"], description="By reply."),
        ]
    )
    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        """Filters: ``meeting`` and ``reply`` (yes, no, or none for not answered)."""
        return super().list(request, *args, **kwargs)

    @extend_schema(request=MeetingReplySerializer, responses=MeetingInvitationSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request: Any, pk: Any = None) -> Response:
        """Coming (``yes``) or not (``no``): the one invited, until the meeting starts. Others who see the
        invitation get a 403."""
        invitation = self.get_object()
        policy.require(request.user, "trainers.meeting_reply", invitation)
        data = MeetingReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.meeting_reply(actor=request.user, invitation=invitation, reply=data.validated_data["reply"])
        return Response(MeetingInvitationSerializer(saved).data)


ROUTES: list[tuple[str, Any, str]] = [
    ("trainer-meetings", TrainerMeetingViewSet, "trainermeeting"),
    ("meeting-invitations", MeetingInvitationViewSet, "meetinginvitation"),
]
URLS: list[URLPattern] = []
