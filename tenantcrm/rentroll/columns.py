"""The rent roll layout: one line per unit let under a lease, rent steps as column pairs.

Leasing teams keep their rent roll as a sheet with one line per let unit: the building, the
unit, who rents it, the term and the rent, and the steps of the rent across the line
(``step1_date`` / ``step1_rent``, ``step2_date`` / ...). A lease of several units takes one
line per unit with the same building, tenant and ``lease_start``; the lease's own columns
(end, currency, rent, deposit, steps) are given on its first line and are left blank, or
repeated unchanged, on the others.

Headers are matched ignoring case, spaces, full-width letters and a unit in brackets
("Area (m²)" is ``area``), and a few common Chinese headers are understood (``aliases``).
The header row may sit below a title: it is looked for in the first ``HEADER_SEARCH_ROWS``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from tenantcrm.tenants.enums import Industry

STEP_SLOTS = 6
"""Rent steps a line can carry (stepN_date / stepN_rent), enough for a six-year annual ladder."""
HEADER_SEARCH_ROWS = 10
MAX_ROWS = 50_000
"""Data lines one file may hold: a portfolio's rent roll is thousands, not millions."""


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    required: bool
    description: str
    example: str
    aliases: tuple[str, ...] = ()


def _steps() -> tuple[Column, ...]:
    columns = []
    for n in range(1, STEP_SLOTS + 1):
        columns.append(
            Column(
                f"step{n}_date",
                False,
                f"Day rent step {n} takes effect (YYYY-MM-DD), inside the term",
                "2027-01-01" if n == 1 else "",
            )
        )
        columns.append(
            Column(
                f"step{n}_rent",
                False,
                f"The monthly rent of the whole lease from step {n}'s date (an amount), "
                "or a rise in percent of the rent then in force (5%)",
                "136,000.00" if n == 1 else "",
            )
        )
    return tuple(columns)


COLUMNS: tuple[Column, ...] = (
    Column(
        "building",
        True,
        "Building name. Matched to an existing building by name; a new name creates one",
        "Harbour Tower",
        ("building name", "property", "楼宇", "大厦", "项目", "物业"),
    ),
    Column(
        "unit",
        True,
        "Unit code within the building. Matched by code; a new code creates the unit",
        "1201",
        ("unit code", "suite", "room", "单元", "房号", "单元号"),
    ),
    Column(
        "floor",
        True,
        "Floor: a whole number (12, 12F, 12层; B1 or -1 for a basement)",
        "12",
        ("level", "楼层"),
    ),
    Column(
        "area",
        True,
        "Lettable area of the unit in m², above 0, at most 2 decimals",
        "250.50",
        ("area m2", "area sqm", "面积", "租赁面积", "建筑面积"),
    ),
    Column(
        "tenant",
        True,
        "Tenant's trading name in any script. Matched by name; a new name creates the tenant",
        "瀚海资本有限公司",
        ("tenant name", "租户", "承租方", "客户名称"),
    ),
    Column(
        "industry",
        False,
        "Required for a new tenant: one of " + ", ".join(Industry),
        "asset_management",
        ("sector", "行业"),
    ),
    Column("contact_name", False, "A contact person at the tenant", "王芳", ("联系人",)),
    Column("contact_email", False, "The contact's e-mail", "wang.fang@example.com", ("邮箱",)),
    Column("contact_phone", False, "The contact's phone", "+86 21 5555 0101", ("电话",)),
    Column(
        "lease_start",
        True,
        "First day of the lease term (YYYY-MM-DD; 2026/3/1 and 2026年3月1日 are read too)",
        "2026-01-01",
        ("start", "start date", "起租日", "租赁开始日", "开始日期"),
    ),
    Column(
        "lease_end",
        True,
        "Last day of the term, inclusive; not before today (a rent roll lists leases in force "
        "or to come)",
        "2028-12-31",
        ("end", "end date", "expiry", "到期日", "租赁结束日", "结束日期"),
    ),
    Column(
        "currency",
        True,
        "ISO 4217 code of the rent; every lease of a building is in the building's currency",
        "CNY",
        ("币种",),
    ),
    Column(
        "monthly_rent",
        True,
        "Monthly rent of the whole lease at the start; digits, optional thousands "
        "separators and at most 2 decimals (128,000.00)",
        "128,000.00",
        ("rent", "base rent", "月租金", "租金"),
    ),
    Column("deposit", False, "Deposit held, an amount like the rent", "384,000.00", ("押金",)),
    Column(
        "notice_months",
        False,
        "Months of notice the tenant must give (0 to 60, default 6)",
        "6",
        ("notice", "通知期"),
    ),
    Column(
        "free_months",
        False,
        "Whole months of free rent from the first day of the term",
        "2",
        ("rent free months", "免租期"),
    ),
    *_steps(),
    Column("notes", False, "Free text kept on the lease", "Renewal option 2029", ("备注",)),
)

COLUMN_KEYS = tuple(column.key for column in COLUMNS)
REQUIRED = tuple(column.key for column in COLUMNS if column.required)
LEASE_COLUMNS = (
    "lease_end",
    "currency",
    "monthly_rent",
    "deposit",
    "notice_months",
    "free_months",
    *(f"step{n}_{part}" for n in range(1, STEP_SLOTS + 1) for part in ("date", "rent")),
    "notes",
)
"""Columns of the lease as a whole: on its first line, blank or the same on its other lines."""


def normalise_header(text: str) -> str:
    """``"Area (m²)"`` -> ``"area"``, ``"Lease Start"`` -> ``"lease_start"``, ``"面积"`` kept."""
    plain = unicodedata.normalize("NFKC", text).casefold()
    plain = re.sub(r"[(\[].*?[)\]]", "", plain)
    return re.sub(r"[^\w]+", "_", plain).strip("_")


HEADER_KEYS: dict[str, str] = {}
for _column in COLUMNS:
    for _name in (_column.key, *_column.aliases):
        HEADER_KEYS[normalise_header(_name)] = _column.key


def column_letter(index: int) -> str:
    """Spreadsheet letters of a 0-based column index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
