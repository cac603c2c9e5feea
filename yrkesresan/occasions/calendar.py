"""Course days as an iCalendar file (RFC 5545), for the booking confirmation e-mail and the personal
subscription feed."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import CourseDay, DayMode, Occasion


def occasion_ics(occasion: Occasion, *, course_url: str = "") -> bytes:
    """The occasion's course days, for the booking confirmation (see ``course_days_ics``)."""
    days = list(occasion.days.order_by("date", "starts"))
    for day in days:
        day.occasion = occasion  # the caller's occasion, already loaded with its course
    return _calendar(days, course_url=(lambda day: course_url) if course_url else None)


def course_days_ics(days: Iterable[CourseDay], *, course_url: Callable[[CourseDay], str] | None = None) -> bytes:
    """A calendar of many course days: a person's subscription feed, named so in the calendar app."""
    return _calendar(days, course_url=course_url, name="Yrkesresan")


def _calendar(
    days: Iterable[CourseDay], *, course_url: Callable[[CourseDay], str] | None = None, name: str = ""
) -> bytes:
    """One event per course day, in Swedish time: the course title as the summary, the venue and address
    (or the meeting link) as the location, the occasion's name and a link to the course page in the
    description. The uid is stable per course day, so that a calendar updates the event rather than
    adding a second one."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Yrkesresan//kursdagar//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for day in days:
        occasion = day.occasion
        event = Event()
        event.add("uid", f"courseday-{day.pk}@yrkesresan")
        event.add("dtstamp", stamp)
        event.add("summary", occasion.course.title)
        event.add("dtstart", datetime.datetime.combine(day.date, day.starts, tzinfo=zone))
        event.add("dtend", datetime.datetime.combine(day.date, day.ends, tzinfo=zone))
        if day.mode == DayMode.DIGITAL:
            event.add("location", day.link)
        else:
            event.add("location", ", ".join(part for part in (day.venue, day.address) if part))
        url = course_url(day) if course_url else ""
        event.add("description", "\n".join(part for part in (str(occasion), url) if part))
        if url:
            event.add("url", url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
