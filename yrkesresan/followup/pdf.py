"""The yearly report as a PDF, drawn with ReportLab's page layout (``platypus``) from the same sections as the
page and the spreadsheet (``yearly.yearly_sections``), so that the figures cannot differ.

The font is Bitstream Vera, the TrueType font that ships inside the ``reportlab`` package itself: it is
embedded (subset) in the file, covers å, ä, ö and the other Latin-1 letters, the en dash and ×, and needs
nothing installed on the machine (no system fonts, no Pango). ReportLab's built-in Helvetica would not be
embedded and renders only what its encoding knows.
"""

from __future__ import annotations

import io
import os
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .yearly import Section, YearlyReport, yearly_sections

FONT = "YrkesresanVera"
FONT_BOLD = "YrkesresanVera-Bold"
_FONTS_DIR = os.path.join(os.path.dirname(reportlab.__file__), "fonts")


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, os.path.join(_FONTS_DIR, "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, os.path.join(_FONTS_DIR, "VeraBd.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def cell_text(value: Any, *, percent: bool = False) -> str:
    """A value as the page shows it: numbers in the active language's format (93,5 in Swedish), "–" for
    nothing, " %" after a percentage."""
    if value is None or value == "":
        return "–" if percent else ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float | Decimal):
        text = formats.number_format(value, decimal_pos=1 if percent and not isinstance(value, int) else None)
        return f"{text} %" if percent else text
    return str(value)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("base", fontName=FONT, fontSize=9, leading=11.5)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=FONT_BOLD, fontSize=18, leading=22, spaceAfter=4),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=11, leading=14, spaceAfter=10),
        "h2": ParagraphStyle(
            "h2", parent=base, fontName=FONT_BOLD, fontSize=13, leading=16, spaceBefore=8, spaceAfter=6
        ),
        "body": base,
        "note": ParagraphStyle("note", parent=base, fontSize=8, leading=10, textColor=colors.HexColor("#444444")),
        "cell": base,
        "num": ParagraphStyle("num", parent=base, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10, splitLongWords=0),
        "headnum": ParagraphStyle(
            "headnum", parent=base, fontName=FONT_BOLD, fontSize=8, leading=10, alignment=TA_RIGHT, splitLongWords=0
        ),
    }


def _table(section: Section, styles: dict[str, ParagraphStyle], width: float) -> Table:
    def numeric(i: int) -> bool:
        return (
            i > 0
            and all(isinstance(row[i], int | float | Decimal) or row[i] in (None, "") for row in section.rows)
            or i in section.percent_columns
        )

    header = [Paragraph(escape(h), styles["headnum" if numeric(i) else "head"]) for i, h in enumerate(section.header)]
    body = []
    for n, row in enumerate(section.rows):
        total = section.has_total and n == len(section.rows) - 1
        cells = []
        for i, value in enumerate(row):
            text = escape(cell_text(value, percent=i in section.percent_columns))
            if total:
                text = f"<b>{text}</b>"
            cells.append(Paragraph(text, styles["num" if numeric(i) else "cell"]))
        body.append(cells)
    columns = len(section.header)
    first = width * (0.34 if columns > 4 else 0.5)
    if section.key == "surveys":
        widths = [width * 0.2, width * 0.32] + [width * 0.12] * 4
    else:
        widths = [first] + [(width - first) / (columns - 1)] * (columns - 1)
    table = Table([header, *body], colWidths=widths, repeatRows=1)
    style = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f2f5f7")]),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if section.has_total and section.rows:
        style.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black))
    table.setStyle(TableStyle(style))
    return table


def _notes(section: Section, report: YearlyReport) -> list[str]:
    if section.key == "trainers":
        return [_("Days taught on the journey's courses in the region.")]
    if section.key == "surveys":
        return [
            _("Result: the share of answers that meet the target, of those with an opinion.")
            + " "
            + _("Below %(n)s answers nothing is shown: too few answers.") % {"n": report.threshold}
        ]
    if section.key == "planning":
        p = report.planning
        return [
            _("From the inventory for %(year)s: %(reported)s of %(municipalities)s municipalities reported.")
            % {"year": p.year, "reported": p.reported, "municipalities": p.municipalities}
        ]
    return []


def yearly_pdf(report: YearlyReport) -> bytes:
    """The report as PDF bytes, in the language active now (the caller chooses it)."""
    _register_fonts()
    today = timezone.localdate()
    styles = _styles()
    buffer = io.BytesIO()
    title = _("Yearly follow-up report %(year)s") % {"year": report.year}
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=title,
        author="Yrkesresan",
        initialFontName=FONT,
        subject=f"{report.region.name}, {report.journey.name}",
        lang=translation.get_language() or "sv",
    )

    def footer(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.drawString(18 * mm, 10 * mm, f"{title} – {report.region.name} – {report.journey.name}")
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, _("Page %(n)s") % {"n": document.page})
        canvas.restoreState()

    story: list[Any] = [
        Paragraph(escape(title), styles["title"]),
        Paragraph(
            escape(
                f"{report.region.name} · {report.journey.name} · "
                f"{formats.date_format(report.start, 'j F Y')} – {formats.date_format(report.end, 'j F Y')}"
            ),
            styles["subtitle"],
        ),
        Paragraph(
            escape(_("To the steering group. Produced %(date)s.") % {"date": formats.date_format(today)}),
            styles["note"],
        ),
        Spacer(1, 6 * mm),
    ]
    for n, section in enumerate(yearly_sections(report)):
        if n in (2, 5):  # the attendance table and the summary on page 1; surveys and planning together
            story.append(PageBreak())
        parts: list[Any] = [Paragraph(escape(section.title), styles["h2"])]
        if section.rows:
            parts.append(_table(section, styles, doc.width))
        else:
            parts.append(Paragraph(escape(_("Nothing to report.")), styles["body"]))
        parts += [Paragraph(escape(note), styles["note"]) for note in _notes(section, report)]
        story.append(KeepTogether(parts[:2]))
        story += parts[2:]
        story.append(Spacer(1, 5 * mm))
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
