"""The yearly report to the steering group: its figures are the follow-up selectors' (built through the
services: occasions, sign-ups, attendance, trainer days, survey answers), the PDF and the spreadsheet carry
the same figures (å, ä and ö too), and only the regional roles of the region and system admins read it."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.urls import reverse
from django.utils import formats, timezone, translation
from openpyxl import load_workbook
from pypdf import PdfReader

from yrkesresan.accounts.models import RoleAssignment, User
from yrkesresan.followup import reports, yearly
from yrkesresan.followup.models import Dispatch, Invitation, QuestionKind, SurveyKind
from yrkesresan.followup.pdf import yearly_pdf
from yrkesresan.followup.reports import ReportFilters
from yrkesresan.followup.selectors.inventory import planning_suggestion
from yrkesresan.followup.services import surveys as survey_services
from yrkesresan.occasions.models import Occasion
from yrkesresan.occasions.services import attendance_take, registration_create
from yrkesresan.trainers.models import DayRole, TeamRole
from yrkesresan.trainers.services import day_assign, team_member_add
from yrkesresan.trainers.tests.conftest import day, make_occasion, make_trainer

pytestmark = pytest.mark.django_db

Y = timezone.localdate().year - 1
SIGN_UP = datetime.datetime(Y, 1, 2, 12, tzinfo=datetime.UTC)
YEAR_END = datetime.date(Y, 12, 31)
COURSE = "Handläggning med barnet i centrum"


def _occasion(world: Any, dates: list[datetime.date], name: str) -> Occasion:
    return make_occasion(world, [day(d, address="Avesta") for d in dates], name=name)


def _book(world: Any, occasion: Occasion, *people: str) -> dict[str, Any]:
    return {
        p: registration_create(actor=world["regional_admin"], occasion=occasion, person=world[p], now=SIGN_UP)
        for p in people
    }


def _take(world: Any, occasion: Occasion, absent: dict[int, str] | None = None) -> None:
    for course_day in occasion.days.order_by("date"):
        attendance_take(actor=world["regional_admin"], course_day=course_day, absent=absent or {}, today=YEAR_END)


def _survey(world: Any, title: str, answers: list[str], *, invited: int) -> None:
    """A yearly manager survey of Dalarna last year with one question whose target is 80 % (the top two
    answers of the agreement scale count), answered ``answers``."""
    survey = survey_services.survey_save(
        actor=world["regional_admin"],
        kind=SurveyKind.MANAGER_YEARLY,
        title=title,
        region=world.dalarna,
        questions=[
            {"text": "Ett stöd vid introduktion av nyanställda", "kind": QuestionKind.AGREEMENT, "target_percent": 80}
        ],
    )
    question = survey.questions.get()
    dispatch = Dispatch.objects.create(survey=survey, region=world.dalarna, year=Y)
    invitations = [
        Invitation.objects.create(
            dispatch=dispatch,
            user=User.objects.create(username=f"chef{survey.pk}_{i}"),
            token=f"y{survey.pk}-{i}",
            municipality=world.avesta,
        )
        for i in range(invited)
    ]
    for invitation, value in zip(invitations, answers, strict=False):
        survey_services.response_save(invitation=invitation, answers={question.pk: (value, "")}, complete=False)


@pytest.fixture
def year_world(world):
    """Last year in Dalarna, BoU, built through the services:

    A1  barnet i centrum, 2 days: staff, staff_boende (away day 2: partly), staff_falun   3 registered, 3 attended
    A2  barnet i centrum, 1 day: staff, staff_falun (away: did not come)                   2 registered, 1 attended
        -> 2 rounds, 3 days, 5 registered, 4 attended, 80.0 %
    Trainers: trainer_falun (Falun) led both days of A1 and A2's day: 3 days led.
    Surveys: "Chefsenkät" 25 answers of 25, 17 with an opinion positive of 25 (68.0 %, target 80 %: not met);
             "Liten enkät" 3 answers (too few answers).
    """
    RoleAssignment.objects.update(valid_from=datetime.date(Y - 1, 1, 1))
    a1 = _occasion(world, [datetime.date(Y, 3, 10), datetime.date(Y, 3, 11)], "A1")
    booked = _book(world, a1, "staff", "staff_boende", "staff_falun")
    for i, course_day in enumerate(a1.days.order_by("date")):
        absent = {booked["staff_boende"].pk: "Sjuk"} if i == 1 else {}
        attendance_take(actor=world["regional_admin"], course_day=course_day, absent=absent, today=YEAR_END)
    a2 = _occasion(world, [datetime.date(Y, 10, 5)], "A2")
    booked = _book(world, a2, "staff", "staff_falun")
    _take(world, a2, {booked["staff_falun"].pk: "Kom inte"})

    trainer = make_trainer(world, "trainer_falun", world.falun)
    for occasion in (a1, a2):
        team_member_add(actor=world["regional_admin"], occasion=occasion, trainer=trainer, role=TeamRole.LEADER)
        for course_day in occasion.days.all():
            day_assign(actor=world["regional_admin"], course_day=course_day, trainer=trainer, role=DayRole.LEADER)

    _survey(world, "Chefsenkät", ["4"] * 9 + ["3"] * 8 + ["2"] * 5 + ["1"] * 3, invited=25)
    _survey(world, "Liten enkät", ["4"] * 3, invited=10)
    return world


def _report(world: Any, actor: str = "regional_admin") -> yearly.YearlyReport:
    return yearly.yearly_report(actor=world[actor], region=world.dalarna, journey=world.bou, year=Y)


# --- the figures -------------------------------------------------------------------------------------


def test_the_yearly_report_is_the_selectors_figures(year_world):
    world = year_world
    actor = world["regional_admin"]
    filters = ReportFilters(start=datetime.date(Y, 1, 1), end=YEAR_END, journey=world.bou, region=world.dalarna)

    report = _report(world)

    assert report.occasions == reports.occasions_by_course(actor=actor, filters=filters)
    assert report.accounts == reports.accounts_by_municipality(actor=actor, filters=filters)
    assert report.progress == reports.progress_by_course(actor=actor, filters=filters)
    assert report.trainers == reports.trainer_activity(actor=actor, filters=filters)
    assert report.planning == planning_suggestion(actor, world.dalarna, world.bou, Y + 1)
    # The attendance table in the shape of the yearly report.
    assert [
        (r.course, r.rounds, r.days, r.registered, r.attended, str(r.attendance)) for r in report.occasions.rows
    ] == [(COURSE, 2, 3, 5, 4, "80.0")]
    h = report.headline
    assert (h.occasions, h.course_days, h.registered, h.attended, str(h.attendance)) == (2, 3, 5, 4, "80.0")
    assert h.accounts == report.accounts.total.accounts
    assert h.completed == report.progress.completed
    assert [(m.municipality, m.days_led, m.days_trained) for m in report.trainers.municipalities] == [("Falun", 3, 0)]


def test_survey_results_stand_against_their_targets_and_hide_below_five_answers(year_world):
    report = _report(year_world)

    lines = {t.survey: t for t in report.targets}
    big = lines["Chefsenkät"]
    assert (big.result, big.target, big.met, big.answered, big.response_rate, big.too_few) == (
        68.0,
        80,
        False,
        25,
        100.0,
        False,
    )
    small = lines["Liten enkät"]
    assert small.too_few and small.result is None and small.met is None and small.response_rate is None
    assert (report.targets_met, report.targets_judged) == (0, 1)


def test_the_sections_carry_the_reports_figures(year_world):
    report = _report(year_world)

    sections = {s.key: s for s in yearly.yearly_sections(report)}

    assert list(sections) == ["summary", "occasions", "accounts", "progress", "trainers", "surveys", "planning"]
    occasions = sections["occasions"].rows
    assert occasions[0][:5] == [COURSE, 2, 3, 5, 4] and str(occasions[0][5]) == "80.0"
    assert occasions[-1][1:5] == [2, 3, 5, 4]
    assert sections["trainers"].rows[-1][1:] == [1, 3, 0, 3]


# --- the PDF and the spreadsheet ---------------------------------------------------------------------


def _pdf_text(content: bytes) -> str:
    """The PDF's text with every run of white space made one space (a long name wraps in its cell)."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_pdf_has_the_same_figures_in_swedish_letters_with_the_font_embedded(year_world):
    report = _report(year_world)

    with translation.override("sv"):
        content = yearly_pdf(report)
        percent = formats.number_format(report.headline.attendance, decimal_pos=1)

    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    assert COURSE in text  # ä
    assert "Region Dalarna" in text and "Barn och unga, myndighetsutövning" in text  # ö
    assert "Chefsenkät" in text  # ä
    assert f"{percent} %" in text  # 80,0 %: the attendance, as the Swedish page writes it
    assert "68,0 %" in text
    # The attendance table, row by row as the page has it: rounds, days, registered, attended, attendance.
    assert f"{COURSE} 2 3 5 4 {percent} %" in text
    assert f"Totalt 2 3 5 4 {percent} %" in text
    assert "Falun 1 3 0 3" in text  # days taught: trainers, led, as trainer, in all
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in PdfReader(io.BytesIO(content)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert fonts and all("Vera" in f for f in fonts)  # embedded TrueType, no unembedded standard font


def test_the_spreadsheet_has_a_sheet_per_section_with_the_figures(year_world):
    report = _report(year_world)

    workbook = load_workbook(io.BytesIO(yearly.yearly_workbook(report)))

    assert len(workbook.sheetnames) == 8  # about + seven sections
    rows = [list(r) for r in workbook.worksheets[2].iter_rows(values_only=True)]
    assert rows[1] == [COURSE, 2, 3, 5, 4, 80.0]
    assert rows[-1][1:] == [2, 3, 5, 4, 80.0]


# --- the pages and who reads them --------------------------------------------------------------------


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def _query(world: Any, region: Any = None) -> dict[str, Any]:
    return {"region": (region or world.dalarna).pk, "journey": world.bou.pk, "year": Y}


def test_the_page_shows_the_yearly_figures_and_links_the_exports(en, year_world):
    world = year_world
    en.force_login(world["regional_admin"])

    response = en.get(reverse("followup_yearly"), _query(world))

    assert response.status_code == 200
    body = response.content.decode()
    assert COURSE in body and "80.0 %" in body and "68.0 %" in body
    assert "Too few answers" in body
    assert reverse("followup_yearly_pdf") in body and reverse("followup_yearly_xlsx") in body
    assert response.context["report"].headline.registered == 5


def test_the_page_defaults_to_the_readers_region_and_this_year(en, world):
    en.force_login(world["regional_admin"])

    response = en.get(reverse("followup_yearly"))

    assert response.status_code == 200
    report = response.context["report"]
    assert (report.region, report.year) == (world.dalarna, timezone.localdate().year)


def test_the_pdf_and_the_spreadsheet_download(en, year_world):
    world = year_world
    en.force_login(world["regional_admin"])

    pdf = en.get(reverse("followup_yearly_pdf"), _query(world))
    xlsx = en.get(reverse("followup_yearly_xlsx"), _query(world))

    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert f"arsrapport-region-dalarna-bou-{Y}.pdf" in pdf["Content-Disposition"]
    assert COURSE in _pdf_text(pdf.content)
    assert xlsx.status_code == 200
    assert load_workbook(io.BytesIO(xlsx.content)).sheetnames[2] == "Course occasions and attendance"


@pytest.mark.parametrize("name", ["followup_yearly", "followup_yearly_pdf", "followup_yearly_xlsx"])
def test_another_regions_admin_gets_404_and_municipal_roles_403(en, world, name):
    url = reverse(name)
    en.force_login(world["regional_admin_gavleborg"])
    assert en.get(url, _query(world)).status_code == 404
    assert en.get(url, _query(world, world.gavleborg)).status_code == 200
    for who in ("municipal_admin", "manager", "staff", "trainer"):
        en.force_login(world[who])
        assert en.get(url, _query(world)).status_code == 403, who


def test_a_system_admin_reads_any_regions_report(en, world):
    en.force_login(world["system_admin"])
    for region in (world.dalarna, world.gavleborg):
        assert en.get(reverse("followup_yearly"), _query(world, region)).status_code == 200


def test_a_project_leader_reads_their_region(en, world):
    en.force_login(world["regional_project_leader"])
    assert en.get(reverse("followup_yearly"), _query(world)).status_code == 200


def test_a_bad_year_is_a_message_on_the_form(en, world):
    en.force_login(world["regional_admin"])
    response = en.get(reverse("followup_yearly"), {**_query(world), "year": "1999"})
    assert response.status_code == 400
    assert response.context["report"] is None


#: The session and roles, the form's choices, two or three aggregates per selector, a few per survey (two
#: here) and the planning suggestion's: pinned, so that a query per row cannot creep in.
QUERIES = 33


def test_the_page_reads_a_fixed_number_of_queries(en, year_world, django_assert_max_num_queries):
    world = year_world
    en.force_login(world["regional_admin"])
    with django_assert_max_num_queries(QUERIES):
        assert en.get(reverse("followup_yearly"), _query(world)).status_code == 200
