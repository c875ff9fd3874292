"""Reading a rent roll's lines: every kind of problem named by line, column and reason."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tenantcrm.leases.enums import StepKind
from tenantcrm.rentroll.parsing import (
    RentRoll,
    parse_amount,
    parse_date,
    parse_floor,
    parse_rent_roll,
    parse_step_rent,
)
from tenantcrm.rentroll.reading import read_sheet
from tests.rentroll.files import HEADER, csv_bytes, line, lines, xlsx_bytes

TODAY = date(2026, 3, 15)


def parse(rows: list[dict[str, Any]], header: tuple[str, ...] = HEADER) -> RentRoll:
    return parse_rent_roll(lines(rows, header), TODAY)


def problems(roll: RentRoll) -> list[tuple[int, str | None, str]]:
    return [(p.line, p.column, p.reason) for p in roll.problems]


def reason_at(roll: RentRoll, line_number: int, column: str) -> str:
    found = [p.reason for p in roll.problems if (p.line, p.column) == (line_number, column)]
    assert found, f"a problem at line {line_number}, {column}: {problems(roll)}"
    return found[0]


def test_a_clean_line_becomes_a_lease_with_its_unit_tenant_and_steps() -> None:
    roll = parse(
        [
            line(
                free_months="2",
                step1_date="2027-01-01",
                step1_rent="136,000.00",
                step2_date="2028-01-01",
                step2_rent="+3.5%",
            )
        ]
    )
    assert roll.problems == []
    (lease,) = roll.leases
    assert lease.lines == [2]
    assert lease.currency == "CNY"
    assert lease.lease.base_rent == Decimal("128000.00")
    assert [(s.kind, s.effective) for s in lease.lease.rent_steps] == [
        (StepKind.FREE, date(2026, 1, 1)),
        (StepKind.FIXED, date(2027, 1, 1)),
        (StepKind.PERCENT, date(2028, 1, 1)),
    ]
    assert lease.lease.rent_steps[2].percent == Decimal("3.5")
    (unit,) = lease.units
    assert (unit.unit.code, unit.unit.floor, unit.unit.area) == ("1201", 12, Decimal("250.50"))
    assert roll.tenants["harbour capital"].tenant is not None
    assert roll.buildings["harbour tower"].currency == "CNY"


def test_a_missing_required_column_is_named_on_the_header_line() -> None:
    header = tuple(key for key in HEADER if key != "lease_end")
    roll = parse([line()], header)
    assert problems(roll) == [(1, "lease_end", "required column is missing")]
    assert roll.leases == []


def test_a_title_above_the_header_and_unknown_columns_are_tolerated() -> None:
    rows = [(1, ["Rent roll at 2026-03-31"]), *[(n + 1, c) for n, c in lines([line()])]]
    rows[1][1].append("Rent per m² per day")
    roll = parse_rent_roll(rows, TODAY)
    assert roll.problems == []
    assert len(roll.leases) == 1
    assert roll.leases[0].lines == [3]
    assert roll.warnings == ["column R ('Rent per m² per day') is not in the layout: ignored"]


def test_no_header_at_all() -> None:
    roll = parse_rent_roll([(1, ["a", "b"]), (2, ["1", "2"])], TODAY)
    assert roll.problems[0].line == 1
    assert roll.problems[0].reason.startswith("no header line")


@pytest.mark.parametrize(
    ("values", "column", "reason"),
    [
        ({"lease_start": "2026-02-30"}, "lease_start", "is not a day of the calendar"),
        ({"lease_start": "3/1/2026"}, "lease_start", "is not a date: write it as YYYY-MM-DD"),
        ({"lease_start": "2027-01-01", "lease_end": "2026-12-31"}, "lease_end", "must be after"),
        ({"lease_end": "2026-03-14"}, "lease_end", "is before today (2026-03-15)"),
        ({"monthly_rent": "12.345"}, "monthly_rent", "has more than 2 decimal places"),
        ({"monthly_rent": "¥128000"}, "monthly_rent", "is not an amount"),
        ({"monthly_rent": "1.280,00"}, "monthly_rent", "is not an amount"),
        ({"monthly_rent": "-5"}, "monthly_rent", "Input should be greater than or equal to 0"),
        ({"monthly_rent": ""}, "monthly_rent", "is required"),
        ({"currency": "XYZ"}, "currency", "is not an ISO 4217 currency code"),
        ({"currency": "yuan"}, "currency", "is not an ISO 4217 currency code"),
        ({"area": "0"}, "area", "Input should be greater than 0"),
        ({"area": "-12"}, "area", "Input should be greater than 0"),
        ({"floor": "twelve"}, "floor", "is not a floor"),
        ({"floor": "999"}, "floor", "Input should be less than or equal to 200"),
        ({"industry": "finance"}, "industry", "is not an industry"),
        ({"unit": ""}, "unit", "is required"),
        ({"contact_email": "not-an-email", "contact_name": "Li"}, "contact_email", "email"),
        ({"contact_email": "li@example.com"}, "contact_name", "is required with a contact"),
        ({"step1_date": "2027-01-01"}, "step1_rent", "is required when step1_date is given"),
        ({"step1_date": "2030-01-01", "step1_rent": "1"}, "step1_date", "must be within the"),
        ({"step1_date": "2027-01-01", "step1_rent": "-100%"}, "step1_rent", "above -100"),
        ({"step1_date": "2027-01-01", "step1_rent": "five"}, "step1_rent", "is not a rent"),
        ({"free_months": "0"}, "free_months", "greater than or equal to 1"),
    ],
)
def test_each_bad_cell_is_a_problem_of_its_line_and_column(
    values: dict[str, str], column: str, reason: str
) -> None:
    rows = [line(unit="1101", floor="11", tenant="Other Tenant"), line(**values)]
    roll = parse(rows)
    assert reason in reason_at(roll, 3, column)
    assert [lease.lines for lease in roll.leases] == [[2]], "the good line is still read"


def test_a_problem_names_the_cell_and_what_it_holds() -> None:
    roll = parse([line(lease_end="2028-02-30")])
    (problem,) = roll.problems
    assert (problem.cell, problem.value) == ("J2", "2028-02-30")


def test_a_lease_over_several_lines_gives_its_own_columns_once() -> None:
    roll = parse(
        [
            line(),
            line(unit="1202", area="120", lease_end="", currency="", monthly_rent=""),
            line(unit="1203", area="80", monthly_rent="128000"),
        ]
    )
    assert roll.problems == []
    (lease,) = roll.leases
    assert lease.lines == [2, 3, 4]
    assert [u.unit.code for u in lease.units] == ["1201", "1202", "1203"]


def test_a_lease_column_that_differs_on_a_later_line_is_a_problem() -> None:
    roll = parse([line(), line(unit="1202", monthly_rent="99,000.00")])
    assert reason_at(roll, 3, "monthly_rent").startswith("differs from line 2 of the same lease")
    assert roll.leases == []


def test_a_unit_listed_twice_in_a_lease() -> None:
    roll = parse([line(), line()])
    assert reason_at(roll, 3, "unit") == "is listed twice for this lease (line 2)"
    assert roll.leases == []


def test_a_unit_described_two_ways() -> None:
    roll = parse(
        [
            line(lease_end="2026-12-31"),
            line(tenant="Next Tenant", lease_start="2027-01-01", area="260"),
        ]
    )
    assert "unit 1201 is described differently on line 2" in reason_at(roll, 3, "area")
    assert [lease.lines for lease in roll.leases] == [[2]]


def test_leases_of_one_unit_that_overlap_in_the_file() -> None:
    roll = parse(
        [
            line(lease_end="2027-06-30"),
            line(tenant="Next Tenant", industry="legal", lease_start="2027-06-30"),
            line(
                tenant="Later Tenant",
                industry="legal",
                lease_start="2029-01-01",
                lease_end="2030-12-31",
            ),
        ]
    )
    assert reason_at(roll, 3, "lease_start") == (
        "unit 1201 is already let on line 2 (2026-01-01 to 2027-06-30): the leases overlap"
    )
    assert [lease.lines for lease in roll.leases] == [[2], [4]]


def test_a_tenant_and_a_building_described_two_ways() -> None:
    roll = parse(
        [
            line(),
            line(unit="1301", lease_start="2026-02-01", industry="banking", currency="HKD"),
        ]
    )
    assert "differs from line 2 (asset_management)" in reason_at(roll, 3, "industry")
    assert "Harbour Tower's leases are in CNY (line 2)" in reason_at(roll, 3, "currency")


def test_names_match_ignoring_case_spaces_and_full_width_letters() -> None:
    roll = parse(
        [
            line(tenant="ＡＢＣ  Holdings（北京）"),  # noqa: RUF001 - full-width on purpose
            line(unit="1202", tenant="abc holdings(北京)", building="HARBOUR TOWER"),
        ]
    )
    assert roll.problems == []
    assert len(roll.leases) == 1
    assert list(roll.tenants) == ["abc holdings(北京)"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-01", date(2026, 3, 1)),
        ("2026/3/1", date(2026, 3, 1)),
        ("2026.03.01", date(2026, 3, 1)),
        ("2026年3月1日", date(2026, 3, 1)),
        ("2026-03-01 00:00:00", date(2026, 3, 1)),
    ],
)
def test_dates_as_people_type_them(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_amounts_floors_and_steps_as_people_type_them() -> None:
    assert parse_amount("1,234,567.80") == Decimal("1234567.80")
    assert parse_amount("１２８０００") == Decimal("128000")  # noqa: RUF001 - full-width digits
    with pytest.raises(ValueError, match="is not an amount"):
        parse_amount("1,23,456")
    assert [parse_floor(t) for t in ("12", "12F", "12/F", "12层", "B2", "-1")] == [
        12,
        12,
        12,
        12,
        -2,
        -1,
    ]
    assert parse_step_rent("5%") == (StepKind.PERCENT, Decimal("5"))
    assert parse_step_rent("136,000") == (StepKind.FIXED, Decimal("136000"))


def test_csv_from_excel_with_a_bom_and_chinese_names() -> None:
    content = csv_bytes([line(tenant="瀚海资本有限公司", contact_name="王芳")])
    roll = parse_rent_roll(read_sheet(content, "roll.csv").lines, TODAY)
    assert roll.problems == []
    assert roll.leases[0].tenant_key == "瀚海资本有限公司"
    assert roll.contacts[0].contact.name == "王芳"


def test_csv_saved_by_chinese_windows_excel_is_read_as_gb18030() -> None:
    text = csv_bytes([line(tenant="瀚海资本有限公司")], bom=False).decode()
    sheet = read_sheet(text.encode("gb18030"), "roll.csv")
    roll = parse_rent_roll(sheet.lines, TODAY)
    assert roll.leases[0].tenant_key == "瀚海资本有限公司"
    assert sheet.warnings == ["the file is not UTF-8: it was read as GB18030 (Chinese Windows CSV)"]


def test_semicolon_csv() -> None:
    content = csv_bytes([line(monthly_rent="128000.00")]).replace(b",", b";")
    roll = parse_rent_roll(read_sheet(content).lines, TODAY)
    assert roll.problems == []


def test_xlsx_numbers_dates_and_percent_cells() -> None:
    from openpyxl import load_workbook

    content = xlsx_bytes(
        [line(tenant="瀚海资本有限公司", step1_date="2027-01-01", step1_rent="0.05")]
    )
    import io

    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.active
    assert sheet is not None
    rent_cell = sheet.cell(row=2, column=HEADER.index("step1_rent") + 1)
    rent_cell.number_format = "0%"
    sheet.cell(row=2, column=HEADER.index("monthly_rent") + 1).value = 0.1 + 0.2 + 127999.7
    buffer = io.BytesIO()
    workbook.save(buffer)
    roll = parse_rent_roll(read_sheet(buffer.getvalue(), "roll.xlsx").lines, TODAY)
    assert roll.problems == []
    (lease,) = roll.leases
    assert lease.lease.base_rent == Decimal("128000"), "Excel's 15 significant digits"
    assert lease.lease.start_date == date(2026, 1, 1)
    assert lease.lease.rent_steps[0].percent == Decimal("5")
    assert lease.units[0].unit.area == Decimal("250.5")


def test_every_problem_of_a_line_is_reported_at_once() -> None:
    roll = parse(
        [
            line(
                lease_start="2026-04-01",
                lease_end="2026-03-01",
                currency="XYZ",
                step1_date="2030-01-01",
                step1_rent="100",
            )
        ]
    )
    assert {p.column for p in roll.problems} == {"lease_end", "currency", "step1_date"}
    assert "is before today" in reason_at(roll, 2, "lease_end")
