"""Course days as an iCalendar file (RFC 5545), for the booking confirmation e-mail."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import DayMode, Occasion


def occasion_ics(occasion: Occasion, *, course_url: str = "") -> bytes:
    """One event per course day, in Swedish time, with the venue or the meeting link. The uid is stable per
    course day, so that a calendar updates the event rather than adding a second one."""
    zone = ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Yrkesresan//kursdagar//SV")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for day in occasion.days.order_by("date", "starts"):
        event = Event()
        event.add("uid", f"courseday-{day.pk}@yrkesresan")
        event.add("dtstamp", timezone.now())
        event.add("summary", occasion.course.title)
        event.add("dtstart", datetime.datetime.combine(day.date, day.starts, tzinfo=zone))
        event.add("dtend", datetime.datetime.combine(day.date, day.ends, tzinfo=zone))
        if day.mode == DayMode.DIGITAL:
            event.add("location", day.link)
        else:
            event.add("location", ", ".join(part for part in (day.venue, day.address) if part))
        if course_url:
            event.add("url", course_url)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
