"""Follow-up (*uppföljning*): surveys with targets, the municipalities' inventory, and the planning
assumptions. The reports themselves are reads only (``followup.reports``): they own no tables.

**Anonymity.** Who was asked (``Invitation``) and what was answered (``Response``/``Answer``) are kept
apart: a response has no link to a person, only to the dispatch it answers and the municipality the
person belonged to (so results can be shown per municipality where enough people answered). An
invitation only records *that* it was answered, not when or how. Results are shown only where at
least ``ANONYMITY_THRESHOLD`` people answered (decision 0013).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from yrkesresan.catalog.models import Journey, Level
from yrkesresan.occasions.models import Occasion
from yrkesresan.organisations.models import Municipality, Region

#: Results are shown only where at least this many people answered.
ANONYMITY_THRESHOLD = 5


# --- surveys -----------------------------------------------------------------------------------------


class SurveyKind(models.TextChoices):
    COURSE_EVALUATION = "course_evaluation", _("Course evaluation (after each occasion)")
    LEVEL_COMPLETION = "level_completion", _("Level completed")
    MANAGER_YEARLY = "manager_yearly", _("Yearly manager survey")
    TRAINER_YEARLY = "trainer_yearly", _("Yearly trainer survey")
    OTHER = "other", _("Other")


class Survey(models.Model):
    """A questionnaire. A national one (no region) is used by every region that has none of its own of the
    same kind; a region's own replaces it there."""

    kind = models.CharField(_("kind"), max_length=20, choices=SurveyKind.choices)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    journey = models.ForeignKey(
        Journey, verbose_name=_("journey"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(_("in use"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "title", "id"]
        verbose_name = _("survey")
        indexes = [models.Index(fields=["kind", "region", "active"], name="survey_by_kind_region")]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    QUALITY = "quality", _("Scale: Very good … Very poor, No opinion")
    AGREEMENT = "agreement", _("Scale: Yes, to a great extent … No, not at all, No opinion")
    YES_NO = "yes_no", _("Yes or no")
    TEXT = "text", _("Free text")


#: The options of each scale, best first, as (value, label). "0" is "Ingen uppfattning": it is an answer,
#: but it is left out when a result is compared with its target.
NO_OPINION = "0"
SCALES: dict[str, list[tuple[str, Any]]] = {
    QuestionKind.QUALITY: [
        ("5", _("Very good")),
        ("4", _("Fairly good")),
        ("3", _("Neither good nor poor")),
        ("2", _("Fairly poor")),
        ("1", _("Very poor")),
        (NO_OPINION, _("No opinion")),
    ],
    QuestionKind.AGREEMENT: [
        ("4", _("Yes, to a great extent")),
        ("3", _("Yes, to some extent")),
        ("2", _("No, not much")),
        ("1", _("No, not at all")),
        (NO_OPINION, _("No opinion")),
    ],
    QuestionKind.YES_NO: [("yes", _("Yes")), ("no", _("No"))],
}
#: Which answers count as positive for a target, unless the question says otherwise.
DEFAULT_POSITIVE: dict[str, tuple[str, ...]] = {
    QuestionKind.QUALITY: ("5", "4"),
    QuestionKind.AGREEMENT: ("4", "3"),
    QuestionKind.YES_NO: ("yes",),
}


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("question"), max_length=400)
    kind = models.CharField(_("kind of answer"), max_length=10, choices=QuestionKind.choices)
    required = models.BooleanField(_("must be answered"), default=False)
    #: "At least ``target_percent`` % answer positively" (e.g. 80 % yes to some extent). Empty: no target.
    target_percent = models.PositiveSmallIntegerField(
        _("target (%)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    #: The option values that count as positive, comma-separated; empty means the scale's default (the top two).
    positive = models.CharField(_("answers that meet the target"), max_length=40, blank=True)

    class Meta:
        ordering = ["survey", "position", "id"]
        verbose_name = _("question")
        constraints = [
            models.CheckConstraint(
                name="question_target_is_a_percentage",
                condition=Q(target_percent__isnull=True) | Q(target_percent__gte=1, target_percent__lte=100),
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def options(self) -> list[tuple[str, Any]]:
        return SCALES.get(self.kind, [])

    @property
    def positive_values(self) -> tuple[str, ...]:
        if self.positive:
            return tuple(v.strip() for v in self.positive.split(",") if v.strip())
        return DEFAULT_POSITIVE.get(self.kind, ())


class Dispatch(models.Model):
    """One sending of a survey: to the participants of an occasion (course evaluation), to those who finished a
    level in a year (level completion: people are added as they finish), or to a region's managers or trainers
    for a year (the yearly surveys)."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="dispatches")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    occasion = models.ForeignKey(Occasion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    level = models.ForeignKey(Level, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    closes_on = models.DateField(_("answers until"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "occasion"], condition=Q(occasion__isnull=False), name="dispatch_once_per_occasion"
            ),
            models.UniqueConstraint(
                fields=["survey", "region", "level", "year"],
                condition=Q(level__isnull=False),
                name="dispatch_once_per_level_year",
            ),
            models.UniqueConstraint(
                fields=["survey", "region", "year"],
                condition=Q(level__isnull=True, occasion__isnull=True),
                name="dispatch_once_per_region_year",
            ),
        ]
        indexes = [models.Index(fields=["region", "year"], name="dispatch_by_region_year")]

    def __str__(self) -> str:
        return f"{self.survey} {self.year}"


class Invitation(models.Model):
    """Who was asked, with the secret that lets them answer without signing in. It says only *whether* they
    answered: never when, nor which response is theirs."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=43, unique=True)
    #: The person's municipality when asked, copied onto the response (results per municipality).
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["dispatch", "user"], name="invited_once_per_dispatch")]
        indexes = [models.Index(fields=["user", "answered"], name="invitation_by_person")]

    def __str__(self) -> str:
        return f"{self.user_id} to {self.dispatch_id}"


class Response(models.Model):
    """One person's answers, with no link to the person."""

    dispatch = models.ForeignKey(Dispatch, on_delete=models.CASCADE, related_name="responses")
    municipality = models.ForeignKey(Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["dispatch", "municipality"], name="response_by_dispatch")]

    def __str__(self) -> str:
        return f"response to {self.dispatch_id}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    value = models.CharField(max_length=10, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["response", "question"], name="answer_once_per_question")]
        indexes = [models.Index(fields=["question", "value"], name="answer_by_question")]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.value or self.text[:20]}"


# --- inventory and planning --------------------------------------------------------------------------


class InventoryReport(models.Model):
    """A municipality's answer to the inventory survey (*enkät – inventering*) for a journey and a year: how
    many staff and managers it has per level, and which venues it can offer."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="+"
    )
    journey = models.ForeignKey(Journey, verbose_name=_("journey"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["municipality__name", "-year"]
        verbose_name = _("inventory")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "journey", "year"], name="inventory_once_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.journey_id} {self.year}"


class InventoryLevel(models.Model):
    report = models.ForeignKey(InventoryReport, on_delete=models.CASCADE, related_name="levels")
    level = models.ForeignKey(Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+")
    staff = models.PositiveIntegerField(_("staff"), default=0)
    managers = models.PositiveIntegerField(_("managers"), default=0)

    class Meta:
        ordering = ["level__order", "id"]
        constraints = [models.UniqueConstraint(fields=["report", "level"], name="inventory_level_once")]

    def __str__(self) -> str:
        return f"{self.report_id} {self.level_id}: {self.staff}/{self.managers}"


class InventoryVenue(models.Model):
    report = models.ForeignKey(InventoryReport, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("venue"), max_length=160)
    places = models.PositiveIntegerField(_("places"), default=0)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class PlanningAssumptions(models.Model):
    """What a region's planning suggestion for a journey and a year assumes; shown beside the suggestion and
    editable there."""

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    journey = models.ForeignKey(Journey, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    group_size = models.PositiveSmallIntegerField(
        _("participants per occasion"), default=20, validators=[MinValueValidator(1)]
    )
    share_per_year = models.PositiveSmallIntegerField(
        _("share of the staff to start in the year (%)"),
        default=100,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    terms_per_year = models.PositiveSmallIntegerField(
        _("terms with courses in the year"), default=2, validators=[MinValueValidator(1), MaxValueValidator(2)]
    )
    trainers_per_occasion = models.PositiveSmallIntegerField(
        _("trainers per occasion"), default=3, validators=[MinValueValidator(1)]
    )
    days_per_trainer = models.PositiveSmallIntegerField(
        _("course days a trainer gives in a year"), default=4, validators=[MinValueValidator(1)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("planning assumptions")
        constraints = [
            models.UniqueConstraint(fields=["region", "journey", "year"], name="planning_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.journey_id} {self.year}"
