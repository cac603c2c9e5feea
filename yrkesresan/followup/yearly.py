"""The yearly follow-up report to the steering group (*styrgruppen*: the county's social-services chiefs), for
one region, journey and calendar year: one ``YearlyReport`` assembled from the follow-up selectors, so that
the page, the PDF and the spreadsheet show the same figures.

- the attendance table and the headline figures: ``reports.occasions_by_course``;
- accounts per municipality: ``reports.accounts_by_municipality`` (the people enrolled on the journey);
- progress per course: ``reports.progress_by_course``;
- days taught per lending municipality: ``reports.trainer_activity`` (on the journey's courses);
- survey results against their targets: ``selectors.surveys.survey_results_for``;
- next year's planning: ``selectors.inventory.planning_suggestion``.

**Who reads it.** The report is written for the steering group, so it is the regional roles' (for their own
region) and the system admins' (for any region). K-admins and managers read the follow-up reports of their
own municipality or units, but not this one: ``may_read_yearly`` is False for them (403). A region outside a
regional role's own is answered 404 by the views, as any place out of reach.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from yrkesresan.catalog.models import Journey
from yrkesresan.organisations.models import Region

from . import reports
from .models import ANONYMITY_THRESHOLD
from .policies import coordinating_regions
from .reports import (
    AccountsReport,
    OccasionsReport,
    ProgressReport,
    ReportFilters,
    TrainerActivityReport,
)
from .selectors.inventory import PlanningSuggestion, planning_suggestion
from .selectors.surveys import SurveyResults, survey_results_for

# --- who reads it --------------------------------------------------------------------------------------


def yearly_regions(actor: Any) -> QuerySet[Region]:
    """The regions whose yearly report ``actor`` reads: all for a system admin, their own for the regional
    roles, none for anyone else."""
    regions = coordinating_regions(actor)
    qs = Region.objects.order_by("name")
    return qs if regions is None else qs.filter(pk__in=regions)


def may_read_yearly(actor: Any) -> bool:
    """The regional roles and system admins; not k-admins or managers (the report is the steering group's)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        return False
    regions = coordinating_regions(actor)
    return regions is None or bool(regions)


# --- the report ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """The figures on the report's first page."""

    occasions: int  # course occasions held (rounds)
    course_days: int
    registered: int
    attended: int
    attendance: Decimal | None  # attended of registered, per cent, one decimal
    accounts: int  # people with an account who are enrolled on the journey
    completed: int  # courses completed in the year


@dataclass(frozen=True)
class TargetLine:
    """One survey question that has a target: the share who answered positively against it."""

    survey: str
    question: str
    target: int
    #: None: fewer than the anonymity threshold answered ("För få svar"), or no one with an opinion.
    result: float | None
    met: bool | None
    answered: int
    #: Of the survey: responses of invitations, per cent (None when hidden or nobody was invited).
    response_rate: float | None
    too_few: bool


@dataclass(frozen=True)
class SurveySummary:
    title: str
    kind: str
    invitations: int
    responses: int
    response_rate: float | None
    too_few: bool


@dataclass(frozen=True)
class YearlyReport:
    region: Region
    journey: Journey
    year: int
    filters: ReportFilters
    headline: Headline
    occasions: OccasionsReport
    accounts: AccountsReport
    progress: ProgressReport
    trainers: TrainerActivityReport
    surveys: list[SurveySummary]
    targets: list[TargetLine]
    #: Next year's planning suggestion (from the inventory reported for next year).
    planning: PlanningSuggestion
    threshold: int = ANONYMITY_THRESHOLD

    @property
    def start(self) -> datetime.date:
        return self.filters.start

    @property
    def end(self) -> datetime.date:
        return self.filters.end

    @property
    def targets_met(self) -> int:
        return sum(1 for t in self.targets if t.met)

    @property
    def targets_judged(self) -> int:
        return sum(1 for t in self.targets if t.met is not None)


def _surveys(results: list[SurveyResults]) -> tuple[list[SurveySummary], list[TargetLine]]:
    summaries: list[SurveySummary] = []
    lines: list[TargetLine] = []
    for res in results:
        survey = res.survey
        summaries.append(
            SurveySummary(
                title=survey.title,
                kind=str(survey.get_kind_display()),
                invitations=res.invitations,
                responses=res.responses,
                response_rate=res.response_rate,
                too_few=res.hidden,
            )
        )
        if res.hidden:
            # Nothing about the answers may be shown; the questions with a target are still listed.
            for question in survey.questions.filter(target_percent__isnull=False).order_by("position", "id"):
                lines.append(_line(survey.title, question, None, None, 0, None, too_few=True))
            continue
        for q in res.questions:
            if q.question.target_percent is None:
                continue
            lines.append(
                _line(
                    survey.title,
                    q.question,
                    None if q.hidden else q.positive_percent,
                    None if q.hidden else q.target_met,
                    q.answered,
                    res.response_rate,
                    too_few=q.hidden,
                )
            )
    return summaries, lines


def _line(
    survey: str,
    question: Any,
    result: float | None,
    met: bool | None,
    answered: int,
    response_rate: float | None,
    *,
    too_few: bool,
) -> TargetLine:
    return TargetLine(
        survey=survey,
        question=question.text,
        target=question.target_percent,
        result=result,
        met=met,
        answered=answered,
        response_rate=response_rate,
        too_few=too_few,
    )


def yearly_report(
    *, actor: Any, region: Region, journey: Journey, year: int, today: datetime.date | None = None
) -> YearlyReport:
    """The yearly report of ``region`` for ``journey`` in ``year`` (1 January to 31 December), read as
    ``actor`` (who must be allowed it: ``may_read_yearly`` and ``region`` among ``yearly_regions``; the
    selectors check their own scopes too). "Now" figures (accounts, ongoing) are read on 31 December, or
    today if the year has not ended."""
    today = today or timezone.localdate()
    filters = ReportFilters(
        start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31), journey=journey, region=region
    )
    occasions = reports.occasions_by_course(actor=actor, filters=filters)
    accounts = reports.accounts_by_municipality(actor=actor, filters=filters, today=today)
    progress = reports.progress_by_course(actor=actor, filters=filters, today=today)
    trainers = reports.trainer_activity(actor=actor, filters=filters, today=today)
    summaries, targets = _surveys(survey_results_for(region=region, journey=journey, year=year))
    planning = planning_suggestion(actor, region, journey, year + 1)
    total = occasions.total
    headline = Headline(
        occasions=total.rounds,
        course_days=total.days,
        registered=total.registered,
        attended=total.attended,
        attendance=total.attendance,
        accounts=accounts.total.accounts,
        completed=progress.completed,
    )
    return YearlyReport(
        region=region,
        journey=journey,
        year=year,
        filters=filters,
        headline=headline,
        occasions=occasions,
        accounts=accounts,
        progress=progress,
        trainers=trainers,
        surveys=summaries,
        targets=targets,
        planning=planning,
    )


# --- the report as tables (the spreadsheet's sheets and the PDF's tables) ----------------------------


@dataclass(frozen=True)
class Section:
    """One section of the report as a table: its title, the header, the rows (plain values: text, int,
    Decimal or float, None for "nothing to show") and which columns are percentages."""

    key: str
    title: str
    header: list[str]
    rows: list[list[Any]]
    percent_columns: frozenset[int] = frozenset()
    #: The last row is the total (printed in bold).
    has_total: bool = True


def yearly_sections(report: YearlyReport) -> list[Section]:
    """The report's sections in the order of the page, in the language active now (``gettext`` at call
    time: the PDF renders them inside ``translation.override``)."""
    from django.utils.translation import gettext as _

    h = report.headline
    sections = [
        Section(
            "summary",
            _("Summary"),
            [_("Figure"), _("Value")],
            [
                [_("Course occasions held"), h.occasions],
                [_("Course days"), h.course_days],
                [_("Participants registered"), h.registered],
                [_("Participants attended"), h.attended],
                [_("Attendance (%)"), h.attendance],
                [_("Accounts on the journey"), h.accounts],
                [_("Courses completed"), h.completed],
            ],
            has_total=False,
        ),
        Section(
            "occasions",
            _("Course occasions and attendance"),
            [_("Course"), _("Rounds"), _("Course days"), _("Registered"), _("Attended"), _("Attendance (%)")],
            [
                [r.course or _("In all"), r.rounds, r.days, r.registered, r.attended, r.attendance]
                for r in [*report.occasions.rows, report.occasions.total]
            ],
            percent_columns=frozenset({5}),
        ),
        Section(
            "accounts",
            _("Accounts per municipality"),
            [_("Municipality"), _("Accounts"), _("Staff"), _("Managers"), _("Trainers"), _("Municipal admins")],
            [
                [r.municipality or _("In all"), r.accounts, r.staff, r.managers, r.trainers, r.kadmins]
                for r in [*report.accounts.rows, report.accounts.total]
            ],
        ),
        Section(
            "progress",
            _("Progress per course"),
            [_("Level"), _("Course"), _("Ongoing"), _("Completed")],
            [
                *[[g.level, c.course, c.ongoing, c.completed] for g in report.progress.levels for c in g.courses],
                ["", _("In all"), report.progress.ongoing, report.progress.completed],
            ],
        ),
        Section(
            "trainers",
            _("Days taught per lending municipality"),
            [
                _("Lending municipality"),
                _("Trainers"),
                _("Days as course leader"),
                _("Days as trainer"),
                _("Days in all"),
            ],
            [
                *[
                    [m.municipality, len(m.trainers), m.days_led, m.days_trained, m.days]
                    for m in report.trainers.municipalities
                ],
                [
                    _("In all"),
                    report.trainers.trainers,
                    report.trainers.days_led,
                    report.trainers.days_trained,
                    report.trainers.days,
                ],
            ],
        ),
        Section(
            "surveys",
            _("Survey results against targets"),
            [_("Survey"), _("Question"), _("Result (%)"), _("Target (%)"), _("Target met"), _("Response rate (%)")],
            [
                [
                    t.survey,
                    t.question,
                    _("Too few answers") if t.too_few else t.result,
                    t.target,
                    "" if t.met is None else (_("met") if t.met else _("not met")),
                    _("Too few answers") if t.too_few else t.response_rate,
                ]
                for t in report.targets
            ],
            percent_columns=frozenset({2, 3, 5}),
            has_total=False,
        ),
        Section(
            "planning",
            _("Planning for %(year)s") % {"year": report.year + 1},
            [
                _("Course"),
                _("Participants"),
                _("Course starts"),
                _("Course days"),
                _("Trainer-days"),
                _("Trainers needed"),
            ],
            [
                *[
                    [
                        c.course.title,
                        c.plan.participants,
                        c.plan.starts,
                        c.plan.course_days,
                        c.plan.trainer_days,
                        c.plan.trainers,
                    ]
                    for c in report.planning.courses
                ],
                [
                    _("In all"),
                    sum(c.plan.participants for c in report.planning.courses),
                    report.planning.starts,
                    report.planning.course_days,
                    report.planning.trainer_days,
                    report.planning.trainers,
                ],
            ],
        ),
    ]
    return sections


def plain(value: Any) -> Any:
    """A value as a spreadsheet cell: Decimals as floats (Excel has no decimal type), None as empty."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return float(value)
    return value


def yearly_workbook(report: YearlyReport) -> bytes:
    """The report as an xlsx workbook: one sheet per section, the header in the first row, with the region,
    journey and year on a first "about" sheet."""
    import io

    from django.utils.translation import gettext as _
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    about = workbook.create_sheet(title=_("About")[:31])
    about.append([_("Yearly follow-up report %(year)s") % {"year": report.year}])
    about.append([_("Region"), report.region.name])
    about.append([_("Journey"), report.journey.name])
    about.append([_("Period"), report.start, report.end])
    used: set[str] = set()
    for section in yearly_sections(report):
        # Sheet names: at most 31 characters, none of []:*?/\, unique.
        name = "".join(c for c in section.title if c not in "[]:*?/\\")[:31]
        while name in used:
            name = name[:29] + f"{len(used)}"
        used.add(name)
        sheet = workbook.create_sheet(title=name)
        sheet.append(list(section.header))
        for row in section.rows:
            sheet.append([plain(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


__all__ = [
    "Headline",
    "SurveySummary",
    "TargetLine",
    "Section",
    "YearlyReport",
    "may_read_yearly",
    "plain",
    "yearly_sections",
    "yearly_workbook",
    "yearly_regions",
    "yearly_report",
]
