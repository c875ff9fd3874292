"""Rent roll files made in the tests: lines as dicts of layout columns, written as CSV or
.xlsx (through openpyxl), or handed to the parser as they would be read."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

from tenantcrm.rentroll.reading import Cell

HEADER = (
    "building",
    "unit",
    "floor",
    "area",
    "tenant",
    "industry",
    "contact_name",
    "contact_email",
    "lease_start",
    "lease_end",
    "currency",
    "monthly_rent",
    "free_months",
    "step1_date",
    "step1_rent",
    "step2_date",
    "step2_rent",
)


def line(**values: Any) -> dict[str, Any]:
    """One lease line of Harbour Tower, with ``values`` changed."""
    base: dict[str, Any] = {
        "building": "Harbour Tower",
        "unit": "1201",
        "floor": "12",
        "area": "250.50",
        "tenant": "Harbour Capital",
        "industry": "asset_management",
        "lease_start": "2026-01-01",
        "lease_end": "2028-12-31",
        "currency": "CNY",
        "monthly_rent": "128,000.00",
    }
    return {**base, **values}


def lines(
    rows: Sequence[dict[str, Any]], header: Sequence[str] = HEADER
) -> list[tuple[int, list[Cell]]]:
    """As the reader hands them over: the header on line 1, the rows from line 2."""
    out: list[tuple[int, list[Cell]]] = [(1, list(header))]
    for number, row in enumerate(rows, start=2):
        out.append((number, [_cell(row.get(key)) for key in header]))
    return out


def _cell(value: Any) -> Cell:
    if value is None or isinstance(value, date):
        return value
    text = str(value)
    return text if text.strip() else None


def csv_bytes(
    rows: Sequence[dict[str, Any]], header: Sequence[str] = HEADER, *, bom: bool = True
) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if row.get(k) is None else str(row.get(k)) for k in header])
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(rows: Sequence[dict[str, Any]], header: Sequence[str] = HEADER) -> bytes:
    """A workbook as Excel keeps one: numbers as numbers, dates as dates."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Rent roll"
    sheet.append(list(header))
    for row in rows:
        sheet.append([_xlsx_value(k, row.get(k)) for k in header])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(key: str, value: Any) -> Any:
    if not isinstance(value, str) or not value:
        return value
    if key in ("lease_start", "lease_end") or key.endswith("_date"):
        return date.fromisoformat(value)
    if key in ("monthly_rent", "area") or (key.endswith("_rent") and not value.endswith("%")):
        return float(value.replace(",", ""))
    if key in ("floor", "free_months"):
        return int(value)
    return value


def portfolio(count: int, units_per_lease: int = 2) -> list[dict[str, Any]]:
    """``count`` lines: leases of ``units_per_lease`` units each, 40 units a floor, in
    buildings of 2,000 units, each lease with a rent step and every third with free rent."""
    rows = []
    for index in range(count):
        lease = index // units_per_lease
        building, place = divmod(index, 2_000)
        floor, slot = divmod(place, 40)
        rows.append(
            line(
                building=f"Tower {building + 1}",
                unit=f"{floor + 1}-{slot + 1:02d}",
                floor=str(floor + 1),
                area=f"{100 + index % 50}.25",
                tenant=f"租户 {lease + 1} 有限公司",
                industry="technology",
                lease_start="2025-07-01",
                lease_end="2028-06-30",
                monthly_rent=f"{20_000 + lease % 1_000},00".replace(",00", ".00"),
                free_months="2" if lease % 3 == 0 else "",
                step1_date="2027-07-01",
                step1_rent="4%",
            )
        )
    return rows
