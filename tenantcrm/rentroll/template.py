"""The downloadable rent roll templates, made from the layout in ``columns``.

The .xlsx has the empty "Rent roll" sheet to fill in (headers in bold, dates and amounts
formatted, a list to pick the industry from) and a "Columns" sheet saying what each
column takes with an example; the CSV is the header line alone, UTF-8 with the byte-order
mark Excel needs to show Chinese text.
"""

from __future__ import annotations

import csv
import io

from tenantcrm.rentroll.columns import COLUMN_KEYS, COLUMNS, column_letter
from tenantcrm.tenants.enums import Industry

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv"
"""Served as UTF-8 (Litestar adds the charset to text types; the file starts with a BOM)."""
TEMPLATE_ROWS = 5_000
"""Lines the template's industry list reaches down to."""


def template_csv() -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerow(COLUMN_KEYS)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Rent roll"
    sheet.append(list(COLUMN_KEYS))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(COLUMNS):
        letter = column_letter(index)
        cell = sheet.cell(row=1, column=index + 1)
        cell.font = Font(bold=True, italic=not column.required)
        sheet.column_dimensions[letter].width = max(12, len(column.key) + 2)
        if column.key.endswith("_date") or column.key in ("lease_start", "lease_end"):
            fmt = "yyyy-mm-dd"
        elif column.key in ("monthly_rent", "deposit", "area") or column.key.endswith("_rent"):
            fmt = "#,##0.00"
        else:
            fmt = "@" if column.key in ("unit", "contact_phone") else "General"
        sheet.column_dimensions[letter].number_format = fmt
    industries = DataValidation(
        type="list",
        formula1=f"=Columns!$F$2:$F${len(Industry) + 1}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Industry",
        error="Pick one of the industries listed on the Columns sheet",
    )
    industry = column_letter(COLUMN_KEYS.index("industry"))
    industries.add(f"{industry}2:{industry}{TEMPLATE_ROWS + 1}")
    sheet.add_data_validation(industries)

    guide = workbook.create_sheet("Columns")
    guide.append(["column", "required", "what it takes", "example", "", "industries"])
    for cell in guide[1]:
        cell.font = Font(bold=True)
    for column in COLUMNS:
        guide.append(
            [column.key, "yes" if column.required else "", column.description, column.example]
        )
    for row, value in enumerate(Industry, start=2):
        guide.cell(row=row, column=6, value=value.value)
    for letter, width in (("A", 16), ("B", 9), ("C", 90), ("D", 24), ("F", 18)):
        guide.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
