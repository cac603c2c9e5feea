"""The national catalog: journeys (delresor) → levels (steg) → courses (hållplatser).

A course has three parts: preparation tasks (förberedelser), course days (kursdagar)
and an optional after-course checklist (efter kursen). Web courses (webbkurser) are
self-paced: tasks only, no days.
"""

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Journey(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=160, unique=True)
    short_name = models.CharField(_("short name"), max_length=40)
    producer = models.CharField(_("produced by"), max_length=160, blank=True)
    launched = models.CharField(_("national launch"), max_length=20, blank=True)
    audience = models.CharField(_("for whom"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("journey")
        verbose_name_plural = _("journeys")

    def __str__(self) -> str:
        return self.name


class Level(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="levels")
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["journey", "order", "id"]
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        constraints = [models.UniqueConstraint(fields=["journey", "code"], name="level_unique_code_in_journey")]

    def __str__(self) -> str:
        return f"{self.journey.short_name} {self.name}"


class LearningObjective(models.Model):
    """A kunskapsmål: what someone who has completed the level can do."""

    level = models.ForeignKey(Level, on_delete=models.CASCADE, related_name="objectives")
    text = models.TextField(_("learning objective"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["level", "order", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class CourseKind(models.TextChoices):
    LED = "led", _("Course with course days")
    WEB = "web", _("Self-paced web course")


class DayMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    DIGITAL = "digital", _("Digital")
    MIXED = "mixed", _("On site or digital")


class CompletionRule(models.TextChoices):
    TASKS_AND_DAYS = "tasks_and_days", _("Every mandatory preparation task done and every course day attended")
    TASKS = "tasks", _("Every mandatory task done")


class Course(models.Model):
    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="courses", editable=False)
    level = models.ForeignKey(Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="courses")
    code = models.SlugField(_("code"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=CourseKind.choices, default=CourseKind.LED)
    summary = models.TextField(_("summary"), blank=True)
    day_count = models.PositiveSmallIntegerField(
        _("number of course days"), default=1, validators=[MaxValueValidator(30)]
    )
    day_mode = models.CharField(_("course days are"), max_length=8, choices=DayMode.choices, blank=True)
    day_mode_note = models.CharField(_("about the course days"), max_length=300, blank=True)
    completion_rule = models.CharField(
        _("completed when"), max_length=20, choices=CompletionRule.choices, default=CompletionRule.TASKS_AND_DAYS
    )
    mandatory = models.BooleanField(
        _("mandatory for the level"),
        default=True,
        help_text=_("The level is completed when every mandatory course of it is."),
    )
    trainer_material = models.TextField(_("trainer material"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["journey", "level__order", "order", "id"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            models.UniqueConstraint(fields=["journey", "code"], name="course_unique_code_in_journey"),
            models.CheckConstraint(
                name="web_course_has_no_days",
                condition=~models.Q(kind="web") | models.Q(day_count=0),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_web(self) -> bool:
        return self.kind == CourseKind.WEB


class TaskFormat(models.TextChoices):
    TEXT = "text", _("Text")
    FILM = "film", _("Film")
    PODCAST = "podcast", _("Podcast")
    HANDBOOK = "handbook", _("Handbook")
    LINK = "link", _("Link")
    FILE = "file", _("File")


#: What editors may upload as course material. Shown in the page: PDF, video, audio and pictures.
INLINE_FILE_EXTENSIONS = ["pdf", "mp4", "webm", "mp3", "m4a", "ogg", "png", "jpg", "jpeg"]
ALLOWED_FILE_EXTENSIONS = [*INLINE_FILE_EXTENSIONS, "docx", "pptx", "xlsx", "odt", "odp"]


class PreparationTask(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("title"), max_length=200)
    format = models.CharField(_("format"), max_length=10, choices=TaskFormat.choices, default=TaskFormat.TEXT)
    minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), validators=[MinValueValidator(1), MaxValueValidator(24 * 60)]
    )
    mandatory = models.BooleanField(_("mandatory"), default=True)
    body = models.TextField(_("text"), blank=True)
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(
        _("file"),
        upload_to="catalog/tasks/",
        blank=True,
        validators=[FileExtensionValidator(ALLOWED_FILE_EXTENSIONS)],
        help_text=_("PDF, film, sound, picture or an Office document."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["course", "order", "id"]
        verbose_name = _("preparation task")
        verbose_name_plural = _("preparation tasks")
        constraints = [models.CheckConstraint(name="task_minutes_positive", condition=models.Q(minutes__gte=1))]

    def __str__(self) -> str:
        return self.title


class ChecklistItem(models.Model):
    """One optional deepening task after the course (efter kursen)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="checklist")
    text = models.CharField(_("text"), max_length=300)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["course", "order", "id"]

    def __str__(self) -> str:
        return self.text


class JourneyEditor(models.Model):
    """A national editor and the journey they maintain. Kept here so that accounts need not know the catalog."""

    journey = models.ForeignKey(Journey, on_delete=models.CASCADE, related_name="editors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="edited_journeys")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["journey", "user"], name="journey_editor_once")]

    def __str__(self) -> str:
        return f"{self.user} – {self.journey}"


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("Everyone")
    MANAGERS = "managers", _("Managers and municipal admins")
    TRAINERS = "trainers", _("Trainers and course leaders")


class InfoPage(models.Model):
    """The programme's own information: about Yrkesresan, support material for managers
    (e.g. for workplace meetings), and information for trainers. Shown in Stationen and Plattformen."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    audience = models.CharField(_("for"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE)
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["audience", "order", "id"]
        verbose_name = _("information page")

    def __str__(self) -> str:
        return self.title
