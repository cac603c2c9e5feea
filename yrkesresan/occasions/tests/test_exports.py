"""An occasion's spreadsheets: the participant list and the attendance per course day, as xlsx and CSV,
for those who plan the occasion (and take its attendance), and for nobody else."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from yrkesresan.occasions.models import Registration, RegistrationState
from yrkesresan.occasions.services import attendance_take, registration_cancel, registration_create

from .test_attendance import booked_occasion


def _sheet(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _participants(client, occasion, **query):
    return client.get(reverse("occasion_participants_export", args=[occasion.pk]), query)


def _attendance(client, occasion, **query):
    return client.get(reverse("occasion_attendance_export", args=[occasion.pk]), query)


# --- participants --------------------------------------------------------------------------------------------


def test_the_participant_list_has_everyone_registered_with_state_and_place(world, client):
    occasion = world.occasion  # staff and staff_boende booked
    occasion.capacity = 2
    occasion.save()
    waiting = registration_create(actor=world["regional_admin"], occasion=occasion, person=world["staff_falun"])
    client.force_login(world["regional_admin"])

    response = _participants(client, occasion)

    assert response.status_code == 200
    assert f'filename="deltagare-{occasion.pk}-' in response["Content-Disposition"]
    rows = _sheet(response)
    assert rows[0] == [
        "Efternamn",
        "Förnamn",
        "E-post",
        "Arbetsplats",
        "Kommun vid anmälan",
        "Status",
        "Plats på reservlistan",
        "Anmäld",
    ]
    by_email = {row[2]: row for row in rows[1:]}
    assert by_email["staff@example.org"][:7] == [
        "Testsson",
        "Staff",
        "staff@example.org",
        "Avesta hemtjänst",
        "Avesta",
        "Bokad",
        None,
    ]
    assert isinstance(by_email["staff@example.org"][7], datetime.datetime)
    assert by_email["staff_falun@example.org"][3:7] == ["Falun hemtjänst", "Falun", "På reservlistan", waiting.position]
    assert [row[2] for row in rows[1:]][-1] == "staff_falun@example.org"  # the booked first


def test_the_participant_list_as_csv(world, client):
    client.force_login(world["regional_admin"])

    response = _participants(client, world.occasion, format="csv")

    rows = _csv(response)
    assert rows[0][:3] == ["Efternamn", "Förnamn", "E-post"]
    assert rows[1][:7] == ["Testsson", "Staff", "staff@example.org", "Avesta hemtjänst", "Avesta", "Bokad", ""]
    assert len(rows) == 3


def test_the_participant_list_takes_as_many_queries_for_forty(world, client):
    small, large = booked_occasion(world, 3), booked_occasion(world, 40)
    client.force_login(world["regional_admin"])
    _participants(client, small)

    with CaptureQueriesContext(connection) as few:
        _participants(client, small)
    with CaptureQueriesContext(connection) as many:
        assert len(_sheet(_participants(client, large))) == 41

    assert len(many) == len(few)


# --- attendance per course day ---------------------------------------------------------------------------------


def test_the_attendance_export_has_a_column_per_day_and_the_outcome(world, client):
    occasion = booked_occasion(world, 3, day_offsets=(-7, 0))
    first, second = occasion.days.order_by("date")
    regs = list(Registration.objects.filter(occasion=occasion).order_by("id"))
    attendance_take(actor=world["regional_admin"], course_day=first, absent={regs[1].pk: "Sjuk"}, today=first.date)
    client.force_login(world["regional_admin"])

    rows = _sheet(_attendance(client, occasion))

    assert rows[0] == [
        "Efternamn",
        "Förnamn",
        "Arbetsplats",
        "Kommun vid anmälan",
        first.date.isoformat(),
        second.date.isoformat(),
        "Resultat",
    ]
    assert rows[1] == ["Nummer 00", "Deltagare", "Avesta hemtjänst", "Avesta", "Närvarande", "—", "Bokad"]
    assert rows[2][4:] == ["Frånvarande: Sjuk", "—", "Bokad"]

    attendance_take(actor=world["regional_admin"], course_day=second, absent={regs[2].pk: ""}, today=second.date)
    rows = _sheet(_attendance(client, occasion))
    assert [row[4:] for row in rows[1:]] == [
        ["Närvarande", "Närvarande", "Deltog"],
        ["Frånvarande: Sjuk", "Närvarande", "Deltog delvis"],
        ["Närvarande", "Frånvarande", "Deltog delvis"],
    ]


def test_the_attendance_export_lists_late_cancellations_but_not_other_cancellations(world, client):
    occasion = booked_occasion(world, 3, day_offsets=(10, 17))
    regs = list(Registration.objects.filter(occasion=occasion).order_by("id"))
    occasion.cancel_deadline = timezone.localdate() - datetime.timedelta(days=1)
    occasion.save()
    registration_cancel(actor=world["regional_admin"], registration=regs[0])
    occasion.cancel_deadline = None
    occasion.save()
    registration_cancel(actor=world["regional_admin"], registration=regs[1])
    assert Registration.objects.get(pk=regs[0].pk).state == RegistrationState.CANCELLED_LATE
    client.force_login(world["regional_admin"])

    rows = _csv(_attendance(client, occasion, format="csv"))

    assert [(row[0], row[-1]) for row in rows[1:]] == [("Nummer 00", "Sent avbokad"), ("Nummer 02", "Bokad")]
    assert rows[1][4:6] == ["—", "—"]


# --- who may have them -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["occasion_participants_export", "occasion_attendance_export"])
@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("regional_admin", 200),
        ("regional_project_leader", 200),
        ("system_admin", 200),
        ("manager", 403),
        ("municipal_admin", 403),
        ("staff", 403),
        ("trainer", 403),
        ("regional_admin_gavleborg", 404),
    ],
)
def test_only_the_occasions_planners_get_the_exports(world, client, name, role, status):
    client.force_login(world[role])

    assert client.get(reverse(name, args=[world.occasion.pk])).status_code == status
