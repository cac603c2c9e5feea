"""Spreadsheet exports (xlsx through openpyxl, or csv), streamed row by row."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook


def spreadsheet_response(
    *, filename: str, sheet: str, header: list[Any], rows: Iterable[list[Any]], fmt: str = "xlsx"
) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    if fmt == "csv":
        buffer = io.StringIO()
        buffer.write("\ufeff")  # so that Excel opens å, ä and ö correctly
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow([str(h) for h in header])
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
        return response
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(title=str(sheet)[:31])
    worksheet.append([str(h) for h in header])
    for row in rows:
        worksheet.append(row)
    buffer_b = io.BytesIO()
    workbook.save(buffer_b)
    response = HttpResponse(
        buffer_b.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
    return response
