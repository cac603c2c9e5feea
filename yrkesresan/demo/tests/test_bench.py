"""The benchmark command end to end on a small nation: every case answers, and the report and the scaling
table carry the trainers' cases (ranking substitutes, a trainer's coming days)."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command


@pytest.mark.django_db(transaction=True)  # the benchmark closes connections between requests, as a server does
def test_the_benchmark_times_the_trainers_pages_and_reports_them_like_the_others(tmp_path, settings):
    settings.DEBUG = False
    call_command("generate_national_data", people=3000, stdout=io.StringIO())
    report, scaling = tmp_path / "benchmarks.md", tmp_path / "scaling.json"
    out = io.StringIO()
    call_command(
        "bench", requests=2, warmup=0, report=str(report), scaling_file=str(scaling), stdout=out, stderr=io.StringIO()
    )
    printed = out.getvalue()
    assert "substitutes for a course day" in printed and "my coming days" in printed
    text = report.read_text()
    substitutes = next(line for line in text.splitlines() if line.startswith("| regional admin · substitutes"))
    assert "/tillfallen/<id>/dagar/<id>/ersattare/<id>/" in substitutes and "| 100 ms |" in substitutes
    coming = next(line for line in text.splitlines() if line.startswith("| trainer · my coming days"))
    assert "`/plattformen/mina-dagar/`" in coming and "trainers in turn" in coming and "| 50 ms |" in coming
    assert "| ranking substitutes | 100 ms |" in text and "| a trainer's coming days | 50 ms |" in text
    assert "| *trainers* |" in text
    kept = json.loads(scaling.read_text())["3000"]
    assert {"ranking substitutes", "a trainer's coming days"} <= set(kept["cases"])
    assert kept["trainers"] > 50
