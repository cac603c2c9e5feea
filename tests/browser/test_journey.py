"""The journey (issue 3) in a real browser: a new staff member walks from signing in, through a
course's preparation, to the course completed, on a phone; and every page of the journey, as
the person who uses it, is accessible on a desktop and on a phone (axe-core, no sideways
scrolling), with its next step and its buttons within reach of a thumb."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from yrkesresan.accounts import services as accounts
from yrkesresan.catalog.models import Audience, InfoPage
from yrkesresan.catalog.services import course_save, task_save
from yrkesresan.demo.world import PASSWORD
from yrkesresan.learning import services as learning
from yrkesresan.learning.models import Enrolment
from yrkesresan.occasions.services import attendance_mark, registration_create

from .helpers import check_page, sign_in, small_touch_targets

pytestmark = pytest.mark.browser

# What a person reads and clicks, in Swedish or English (the .po files may lag behind the templates).
NEXT_STEP = re.compile(r"^(Ditt nästa steg|Your next step)$")
START_THE_TASK = re.compile(r"^(Börja uppgiften|Start the task)$")
DONE_THIS_TASK = re.compile(r"(Jag har gjort uppgiften|I have done this task)$")
NEXT_TASK = re.compile(r"^(Nästa uppgift|Next task)\s*→?$")
BACK_TO_THE_COURSE = re.compile(r"^(Tillbaka till kursen|Back to the course)$")
MY_JOURNEY = re.compile(r"(Min resa|My journey)$")
DONE = re.compile(r"\b(Klar|Done)\b")
COMPLETED_MESSAGE = re.compile(r"(Bra jobbat! Du har genomfört|Well done! You have completed)")
MARKED_DONE = re.compile(r"(Markerad som klar|Marked as done)")
JOURNEY_AND_LEVEL = re.compile(r"^(Resa och steg|Journey and level)")
SHOW_WHO = re.compile(r"^(Visa vilka|Show who)$")
PLACE_THEM = re.compile(r"^(Placera dem|Place them)$")
LEVEL_CHOICE = "Barn och unga, myndighetsutövning – NY"


def _new_staff(world: Any, username: str) -> Any:
    """A person the system admin has just created at Avesta hemtjänst: nobody has placed them yet."""
    return accounts.person_create(
        actor=world["system_admin"],
        username=username,
        first_name="Nora",
        last_name="Nyanställd",
        email=f"{username}@example.org",
        role="staff",
        place=world.avesta_home,
        password=PASSWORD,
        notify=False,
    )


# --- 1. A new staff member's first course, on a phone ------------------------------------------------


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_a_new_staff_member_walks_through_a_course_to_completed_on_a_phone(world, page, viewport):
    person = _new_staff(world, "nora")
    learning.enrolment_place(actor=world["manager"], person=person, journey=world.bou, level=world.bou_ny)
    registration_create(actor=world["regional_admin"], occasion=world.occasion, person=person)
    # The region has registered the course days as attended: the preparation is all that is left.
    for day in world.occasion.days.all():
        attendance_mark(actor=world["regional_admin"], course_day=day, person=person, present=True, today=day.date)
    course = world.bou_course
    shot = iter(range(1, 100))

    sign_in(page, person.username)

    # The home page: one box, "your next step", with one button, on the screen without scrolling.
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))
    next_step = page.get_by_role("region", name=NEXT_STEP)
    expect(next_step).to_be_visible()
    expect(next_step).to_contain_text(world.bou_task.title)
    button = next_step.get_by_role("link", name=START_THE_TASK)
    expect(next_step.get_by_role("link")).to_have_count(1)
    expect(button).to_be_in_viewport(ratio=1)
    check_page(page, name=f"walk-{next(shot):02}-home", viewport=viewport)

    button.click()

    # Each task: the material is in the page; "I have done this task"; then on to the next.
    tasks = [world.bou_task, world.bou_file_task]
    for number, task in enumerate(tasks, start=1):
        expect(page).to_have_url(re.compile(rf"{re.escape(reverse('my_task', args=[course.pk, task.pk]))}$"))
        expect(page.get_by_role("heading", level=1)).to_contain_text(task.title)
        expect(page.get_by_text(re.compile(rf"^(Uppgift|Task) {number} (av|of) {len(tasks)}$"))).to_be_visible()
        material = page.locator(".material")
        if task.file:
            expect(material.locator('object[type="application/pdf"]')).to_have_count(1)
            expect(material.get_by_role("link", name=re.compile("pdf", re.IGNORECASE))).not_to_have_count(0)
        else:
            expect(material).to_contain_text(task.body)
        check_page(page, name=f"walk-{next(shot):02}-task-{number}", viewport=viewport)

        page.get_by_role("button", name=DONE_THIS_TASK).click()

        if number < len(tasks):
            expect(page.locator(".messages")).to_contain_text(MARKED_DONE)
            check_page(page, name=f"walk-{next(shot):02}-task-{number}-done", viewport=viewport)
            page.get_by_role("link", name=NEXT_TASK).click()

    # The last mandatory task completes the course: the days were attended already.
    expect(page.locator(".messages")).to_contain_text(COMPLETED_MESSAGE)
    check_page(page, name=f"walk-{next(shot):02}-last-task-done", viewport=viewport)
    page.get_by_role("link", name=BACK_TO_THE_COURSE).click()

    expect(page).to_have_url(re.compile(rf"{re.escape(reverse('my_course', args=[course.pk]))}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(course.title)
    state = page.locator(".course-state")
    expect(state).to_have_class(re.compile(r"\bstate-completed\b"))
    expect(state).to_contain_text(DONE)
    check_page(page, name=f"walk-{next(shot):02}-course-completed", viewport=viewport)

    page.get_by_role("main").get_by_role("link", name=MY_JOURNEY).first.click()

    expect(page).to_have_url(re.compile(rf"{re.escape(reverse('my_journey'))}$"))
    stop = page.locator("li.stop").filter(has=page.get_by_role("link", name=course.title, exact=True))
    expect(stop).to_have_class(re.compile(r"\bstate-completed\b"))
    expect(stop).to_contain_text(DONE)
    check_page(page, name=f"walk-{next(shot):02}-journey", viewport=viewport)


# --- 2. Every page of the journey, as the person who uses it ------------------------------------------

Setup = Callable[[Any], tuple[Any, str]]


def _paused(w: Any) -> tuple[Any, str]:
    enrolment = Enrolment.objects.get(user=w["staff"], journey=w.bou)
    learning.enrolment_pause(actor=w["staff"], enrolment=enrolment, reason="Språkkurs först")
    return w["staff"], reverse("my_journey")


def _halfway(w: Any) -> tuple[Any, str]:
    """The first task done, support asked for by one and offered by another on the same occasion."""
    learning.task_mark_done(actor=w["staff"], task=w.bou_task)
    learning.support_flag_set(actor=w["staff"], task=w.bou_task, kind="asks", message="Svårt med BBIC")
    learning.support_flag_set(actor=w["staff_boende"], task=w.bou_task, kind="offers", message="Hör av dig!")
    return w["staff"], reverse("my_task", args=[w.bou_course.pk, w.bou_task.pk])


def _with_web_course(w: Any) -> Any:
    course = course_save(
        actor=w["system_admin"],
        journey=w.funk,
        level=w.funk_bas,
        code="webbkurs-bemotande",
        title="Webbkurs: Bemötande",
        kind="web",
        summary="En kort webbkurs i bemötande, i din egen takt.",
        checklist="Prata med en kollega om bemötande",
    )
    task_save(actor=w["system_admin"], course=course, title="Se filmen", format="text", minutes=20, body="Text")
    return course


def _web_course(w: Any) -> tuple[Any, str]:
    return w["staff"], reverse("my_course", args=[_with_web_course(w).pk])


def _my_journey_with_web_course(w: Any) -> tuple[Any, str]:
    _with_web_course(w)
    return w["staff"], reverse("my_journey")


def _stationen(w: Any, query: str = "") -> tuple[Any, str]:
    _new_staff(w, "nora")  # someone not on a journey yet
    learning.task_mark_done(actor=w["staff"], task=w.bou_task)
    InfoPage.objects.create(
        slug="arbetsplatstraff", audience=Audience.MANAGERS, title="Yrkesresan på arbetsplatsträffen", body="Text"
    )
    return w["manager"], reverse("stationen") + query


def _trainer(w: Any, path: str) -> tuple[Any, str]:
    learning.support_flag_set(actor=w["staff"], task=w.bou_task, kind="asks", message="Svårt med BBIC")
    InfoPage.objects.create(
        slug="utbildartraff", audience=Audience.TRAINERS, title="Utbildarträffen i vår", summary="Datum", body="Text"
    )
    return w["trainer"], path


def _info_page(w: Any) -> tuple[Any, str]:
    InfoPage.objects.create(
        slug="stod-for-chefer",
        audience=Audience.MANAGERS,
        title="Stöd för arbetsledare och chefer",
        summary="Så introducerar du nya medarbetare med Yrkesresan.",
        body="Första stycket.\n\nAndra stycket,\nmed en radbrytning.",
    )
    return w["manager"], reverse("info_page", args=["stod-for-chefer"])


def _person_journey(w: Any) -> tuple[Any, str]:
    learning.task_mark_done(actor=w["staff"], task=w.bou_task)
    return w["manager"], reverse("person_journey", args=[w["staff"].pk])


#: (screenshot name, how to set the page up: who looks at which address)
PAGES: list[tuple[str, Setup]] = [
    ("home-staff", lambda w: (w["staff"], reverse("home"))),
    ("min-resa", lambda w: (w["staff"], reverse("my_journey"))),
    ("min-resa-web-courses", _my_journey_with_web_course),
    ("min-resa-no-journey", lambda w: (w["staff_gavle"], reverse("my_journey"))),
    ("home-no-journey", lambda w: (w["staff_gavle"], reverse("home"))),
    ("min-resa-paused", _paused),
    ("course-booked", lambda w: (w["staff"], reverse("my_course", args=[w.bou_course.pk]))),
    ("course-not-booked", lambda w: (w["staff_falun"], reverse("my_course", args=[w.funk_course.pk]))),
    ("task-text", lambda w: (w["staff"], reverse("my_task", args=[w.bou_course.pk, w.bou_task.pk]))),
    ("task-pdf", lambda w: (w["staff"], reverse("my_task", args=[w.bou_course.pk, w.bou_file_task.pk]))),
    ("task-done-with-support", _halfway),
    ("web-course", _web_course),
    ("person-journey", _person_journey),
    ("stationen", _stationen),
    ("stationen-not-enrolled", lambda w: _stationen(w, "?status=not_enrolled")),
    ("stationen-placera", lambda w: (w["manager"], reverse("enrol_many"))),
    ("plattformen", lambda w: _trainer(w, reverse("plattformen"))),
    ("plattformen-course", lambda w: _trainer(w, reverse("course_package", args=[w.bou_course.pk]))),
    ("info-page", _info_page),
    ("info-index", lambda w: (w["staff"], reverse("info_index"))),
    ("info-index-editor", lambda w: (w["national_editor"], reverse("info_index"))),
    (
        "info-page-edit",
        lambda w: (w["system_admin"], reverse("info_page_edit", args=[_info_page(w)[1].split("/")[-2]])),
    ),
    ("info-page-new", lambda w: (w["national_editor"], reverse("info_page_create"))),
]


@pytest.mark.parametrize(("name", "setup"), PAGES, ids=[name for name, _setup in PAGES])
def test_the_journey_page_is_accessible(world, page, open_as, viewport, name, setup):
    user, url = setup(world)

    response = open_as(user, url)

    assert response.status == 200, f"{url} answered {response.status}"
    expect(page).to_have_url(re.compile(rf"{re.escape(url)}$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, name=f"learning-{name}", viewport=viewport)
    assert not small_touch_targets(page), f"{name} ({viewport}): small touch targets {small_touch_targets(page)}"


def test_a_manager_chooses_a_level_and_sees_who_would_be_placed(world, page, open_as, viewport):
    _new_staff(world, "nora")
    open_as(world["manager"], reverse("enrol_many"))

    page.get_by_label(JOURNEY_AND_LEVEL).select_option(label=LEVEL_CHOICE)
    page.get_by_role("button", name=SHOW_WHO).click()

    preview = page.get_by_role("status")
    expect(preview).to_contain_text("Nora Nyanställd")
    expect(page.get_by_role("button", name=PLACE_THEM)).to_be_visible()
    check_page(page, name="learning-stationen-placera-preview", viewport=viewport)
    assert not small_touch_targets(page), f"small touch targets {small_touch_targets(page)}"

    page.get_by_role("button", name=PLACE_THEM).click()

    expect(page).to_have_url(re.compile(rf"{re.escape(reverse('stationen'))}$"))
    assert Enrolment.objects.filter(user__username="nora", level=world.bou_ny).exists()


# --- 3. The next step is within reach on a phone ----------------------------------------------------


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
@pytest.mark.parametrize("where", ["home", "my_journey"])
def test_the_next_step_button_is_on_the_first_screen_of_a_phone(world, page, open_as, viewport, where):
    open_as(world["staff"], reverse(where))

    assert page.viewport_size == {"width": 360, "height": 740}
    next_step = page.get_by_role("region", name=NEXT_STEP)
    button = next_step.get_by_role("link", name=START_THE_TASK)
    expect(next_step.get_by_role("link")).to_have_count(1)
    expect(button).to_have_attribute("href", reverse("my_task", args=[world.bou_course.pk, world.bou_task.pk]))
    expect(button).to_be_in_viewport(ratio=1)  # all of it, before any scrolling
    box = button.bounding_box()
    assert box["height"] >= 48, f"the next-step button is {box['height']} px high"
    assert box["width"] >= 0.75 * 360, f"the next-step button is {box['width']} px wide: it should span the screen"
    assert page.evaluate("window.scrollY") == 0
