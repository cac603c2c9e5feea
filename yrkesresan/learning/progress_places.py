"""Keeping ``ProgressPlace``, the follow-up reports' read model of progress per municipality, in step.

Its rows are a function of two other tables: the started ``CourseProgress`` rows, and the municipalities
each person belongs to today (``accounts.PersonPlace``, level municipality). So it is rewritten whenever
either changes, in the same transaction:

* ``progress_place_refresh(progress)``: one progress row was recomputed (``services.course_progress_refresh``);
* ``progress_places_refresh(user_ids)``: these people's places were recomputed (the event ``places.changed``,
  announced by ``accounts.listing`` after every role change and by its daily task);
* ``progress_places_rebuild()``: everything, after a bulk load (the national generator) or to repair.

The set-based ones are one ``INSERT … SELECT`` each, the same statement on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection

from yrkesresan.accounts.models import PersonPlace, PlaceLevel

from .models import CourseProgress, ProgressPlace, ProgressState

#: People per statement when many are refreshed at once (well under SQLite's limit of bound parameters).
CHUNK = 2000


def _insert_from_progress(*, where: str, params: list[Any]) -> None:
    """Insert the rows for the started progress rows that ``where`` (over ``cp``) selects."""
    qn = connection.ops.quote_name
    columns = ["progress_id", "municipality_id", "course_id", "journey_id", "state", "started_at", "completed_at"]
    # Only the models' table and column names go into the text; every value is a parameter.
    sql = (
        f"INSERT INTO {qn(ProgressPlace._meta.db_table)} ({', '.join(qn(c) for c in columns)})"  # noqa: S608
        f" SELECT cp.id, pp.place_id, cp.course_id, cp.journey_id, cp.state, cp.started_at, cp.completed_at"
        f" FROM {qn(CourseProgress._meta.db_table)} cp"
        f" JOIN {qn(PersonPlace._meta.db_table)} pp ON pp.user_id = cp.user_id AND pp.level = %s"
        f" WHERE cp.state <> %s AND {where}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [int(PlaceLevel.MUNICIPALITY), ProgressState.NOT_STARTED, *params])


def progress_place_refresh(*, progress: CourseProgress) -> None:
    """Rewrite the rows of one progress row (just saved)."""
    ProgressPlace.objects.filter(progress_id=progress.pk).delete()
    if progress.state == ProgressState.NOT_STARTED:
        return
    ProgressPlace.objects.bulk_create(
        ProgressPlace(
            progress_id=progress.pk,
            municipality_id=municipality_id,
            course_id=progress.course_id,
            journey_id=progress.journey_id,
            state=progress.state,
            started_at=progress.started_at,
            completed_at=progress.completed_at,
        )
        for municipality_id in PersonPlace.objects.filter(
            user_id=progress.user_id, level=PlaceLevel.MUNICIPALITY
        ).values_list("place_id", flat=True)
    )


def progress_places_refresh(*, user_ids: Iterable[int]) -> None:
    """Rewrite every row of these people (their places changed)."""
    ids = sorted(set(user_ids))
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        ProgressPlace.objects.filter(
            progress_id__in=CourseProgress.objects.filter(user_id__in=chunk).values("pk")
        ).delete()
        _insert_from_progress(where=f"cp.user_id IN ({', '.join(['%s'] * len(chunk))})", params=chunk)


def progress_places_rebuild() -> int:
    """Rewrite the whole table from the progress rows and the people's places. Returns the number of rows."""
    ProgressPlace.objects.all().delete()
    _insert_from_progress(where="1 = 1", params=[])
    return ProgressPlace.objects.count()


def on_places_changed(*, user_ids: Iterable[int], **_: Any) -> None:
    progress_places_refresh(user_ids=user_ids)
