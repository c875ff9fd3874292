"""Rent roll lines -> typed records and every problem, each with its line, column and reason.

Pure: no HTTP, no SQL, no clock (``today`` is a parameter). Cells are read into the API's own
input models (``UnitIn``, ``TenantIn``, ``ContactIn``, ``LeaseIn``) and the lease terms are
checked by the leases' rent rules, so the import applies the very rules of the API rather
than a copy of them; what this module adds is reading cells as people type them and the
checks across lines of one file (a lease over several lines, a unit let twice at once).

Reading cells
    Dates: YYYY-MM-DD, YYYY/M/D, YYYY.M.D, YYYY年M月D日, or a date cell. D/M/Y and M/D/Y are
    refused: 3/1/2026 is ambiguous.
    Amounts: digits with at most 2 decimals, optionally grouped by thousands with commas
    (128,000.00); full-width digits are read as digits. No currency symbol, no decimal comma.
    A step's rent ending in % is a rise in percent (5% or +5%), otherwise the new rent.
    Names are matched ignoring case, repeated spaces and full-width letters (``name_key``).
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from uuid import UUID

import pycountry
from pydantic import ValidationError

from tenantcrm.buildings.schemas import UnitIn
from tenantcrm.core.money import has_at_most_cents
from tenantcrm.leases import rent
from tenantcrm.leases.enums import LeaseStatus, StepKind
from tenantcrm.leases.schemas import LeaseIn
from tenantcrm.rentroll.columns import (
    COLUMN_KEYS,
    HEADER_KEYS,
    HEADER_SEARCH_ROWS,
    LEASE_COLUMNS,
    MAX_ROWS,
    REQUIRED,
    STEP_SLOTS,
    column_letter,
    normalise_header,
)
from tenantcrm.rentroll.reading import Cell
from tenantcrm.tenants.enums import Industry
from tenantcrm.tenants.schemas import ContactIn, TenantIn

VALUE_SHOWN = 200
"""Characters of a cell a problem repeats."""
PLACEHOLDER = UUID(int=0)
"""Stands for a record's id until the import knows it (models need one to validate)."""


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong, where: ``line`` as Excel numbers rows, ``column`` a layout key."""

    line: int
    column: str | None
    reason: str
    value: str = ""
    cell: str = ""


@dataclass(frozen=True, slots=True)
class UnitLine:
    line: int
    building_key: str
    key: str
    unit: UnitIn  # building is PLACEHOLDER


@dataclass(slots=True)
class BuildingRecord:
    key: str
    name: str
    currency: str
    line: int


@dataclass(slots=True)
class TenantRecord:
    key: str
    tenant: TenantIn | None  # None: no industry given, so only an existing tenant can match
    name: str
    line: int


@dataclass(slots=True)
class ContactRecord:
    tenant_key: str
    contact: ContactIn  # tenant is PLACEHOLDER
    line: int


@dataclass(slots=True)
class LeaseRecord:
    building_key: str
    tenant_key: str
    lease: LeaseIn  # tenant and units are PLACEHOLDER
    currency: str
    units: list[UnitLine]
    lines: list[int]
    step_cells: list[tuple[str, str]]  # the (date, rent) columns of each of lease.rent_steps

    @property
    def line(self) -> int:
        return self.lines[0]


@dataclass(slots=True)
class RentRoll:
    """What a file holds, checked on its own: records ready for the database, and problems."""

    rows: int = 0
    header: Header | None = None
    buildings: dict[str, BuildingRecord] = field(default_factory=dict)
    units: dict[tuple[str, str], UnitLine] = field(default_factory=dict)
    tenants: dict[str, TenantRecord] = field(default_factory=dict)
    contacts: list[ContactRecord] = field(default_factory=list)
    leases: list[LeaseRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems

    def problem(self, line: int, column: str, reason: str, value: str = "") -> Problem:
        """A problem found across lines, at ``line``'s cell of ``column``."""
        cell = self.header.cell(column, line) if self.header is not None else ""
        found = Problem(line, column, reason, value, cell)
        self.problems.append(found)
        return found


# --- reading cells ----------------------------------------------------------------------------


def name_key(text: str) -> str:
    """How names are matched: full-width letters folded, case and repeated spaces ignored."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def text_of(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, date):
        return cell.isoformat()
    return cell.strip()


_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_DATE_TIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T]00:00(:00)?$")
_AMOUNT = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_date(cell: Cell) -> date:
    if isinstance(cell, date):
        return cell
    text = unicodedata.normalize("NFKC", text_of(cell))
    if found := _DATE_TIME.match(text):
        text = found.group(1)
    if found := _DATE.match(text):
        try:
            return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
        except ValueError as error:
            raise ValueError(f"is not a day of the calendar: {error}") from error
    raise ValueError("is not a date: write it as YYYY-MM-DD, e.g. 2026-03-01")


def parse_amount(cell: Cell, *, what: str = "an amount") -> Decimal:
    """An exact decimal: ``128,000.00`` -> Decimal("128000.00"); at most 2 decimals."""
    text = unicodedata.normalize("NFKC", text_of(cell)).replace(" ", "")
    if not _AMOUNT.match(text):
        raise ValueError(
            f"is not {what}: digits with at most 2 decimals, thousands separated by commas "
            "if at all (128,000.00), no currency symbol"
        )
    value = Decimal(text.replace(",", ""))
    if not has_at_most_cents(value):
        raise ValueError("has more than 2 decimal places")
    return value


def parse_int(cell: Cell) -> int:
    text = unicodedata.normalize("NFKC", text_of(cell))
    if not re.fullmatch(r"[+-]?\d{1,6}", text):
        raise ValueError("is not a whole number")
    return int(text)


_FLOOR = re.compile(r"^(?P<basement>[Bb])?(?P<number>-?\d{1,3})\s*(/?[Ff]|层|楼)?$")


def parse_floor(cell: Cell) -> int:
    text = unicodedata.normalize("NFKC", text_of(cell))
    found = _FLOOR.match(text)
    if found is None:
        raise ValueError("is not a floor: a whole number such as 12, 12F or B1")
    number = int(found.group("number"))
    return -abs(number) if found.group("basement") else number


def parse_step_rent(cell: Cell) -> tuple[StepKind, Decimal]:
    text = unicodedata.normalize("NFKC", text_of(cell)).replace(" ", "")
    if text.endswith("%"):
        number = text[:-1].removeprefix("+")
        try:
            value = Decimal(number)
        except InvalidOperation:
            value = None
        if value is None or not value.is_finite() or not re.fullmatch(r"-?\d+(\.\d+)?", number):
            raise ValueError("is not a percentage such as 5%")
        return StepKind.PERCENT, value
    return StepKind.FIXED, parse_amount(cell, what="a rent or a percentage")


def is_currency(code: str) -> bool:
    """Whether ``code`` is an ISO 4217 currency code (CNY, HKD, USD...)."""
    return (
        bool(re.fullmatch(r"[A-Z]{3}", code)) and pycountry.currencies.get(alpha_3=code) is not None
    )


def parse_industry(cell: Cell) -> Industry:
    text = normalise_header(text_of(cell))
    try:
        return Industry(text)
    except ValueError as error:
        raise ValueError(f"is not an industry: use one of {', '.join(Industry)}") from error


# --- the header --------------------------------------------------------------------------------


@dataclass(slots=True)
class Header:
    line: int
    index: dict[str, int]  # layout key -> cell index

    def cell(self, key: str, line: int) -> str:
        return f"{column_letter(self.index[key])}{line}" if key in self.index else ""


def find_header(
    lines: Sequence[tuple[int, list[Cell]]], roll: RentRoll
) -> tuple[Header | None, int]:
    """The header among the first lines (a title may sit above it), and the lines it used."""
    best: tuple[int, int] | None = None  # (matches, position)
    for position, (_, cells) in enumerate(lines[:HEADER_SEARCH_ROWS]):
        keys = {HEADER_KEYS.get(normalise_header(text_of(c))) for c in cells} - {None}
        matches = len(keys & set(REQUIRED))
        if matches >= 3 and (best is None or matches > best[0]):
            best = (matches, position)
    if best is None:
        first = lines[0][0] if lines else 1
        roll.problems.append(
            Problem(first, None, "no header line: name the columns (" + ", ".join(REQUIRED) + ")")
        )
        return None, len(lines)
    number, cells = lines[best[1]]
    index: dict[str, int] = {}
    for position, cell in enumerate(cells):
        title = text_of(cell)
        if not title:
            continue
        key = HEADER_KEYS.get(normalise_header(title))
        letter = column_letter(position)
        if key is None:
            roll.warnings.append(f"column {letter} ({title!r}) is not in the layout: ignored")
        elif key in index:
            roll.problems.append(
                Problem(number, key, "appears twice in the header", title, f"{letter}{number}")
            )
        else:
            index[key] = position
    for key in REQUIRED:
        if key not in index:
            roll.problems.append(Problem(number, key, "required column is missing"))
    return Header(number, index), best[1] + 1


# --- one line --------------------------------------------------------------------------------


class _Line:
    """One data line's cells by layout key, and the problems found in it."""

    def __init__(self, number: int, cells: list[Cell], header: Header) -> None:
        self.number = number
        self.header = header
        self.cells = {key: cells[i] if i < len(cells) else None for key, i in header.index.items()}
        self.problems: list[Problem] = []

    def text(self, key: str) -> str:
        return text_of(self.cells.get(key))

    def blank(self, key: str) -> bool:
        return not self.text(key)

    def problem(self, key: str | None, reason: str) -> None:
        value = self.text(key)[:VALUE_SHOWN] if key else ""
        cell = self.header.cell(key, self.number) if key else ""
        self.problems.append(Problem(self.number, key, reason, value, cell))

    def required(self, key: str) -> bool:
        if self.blank(key):
            if key in self.header.index:  # a missing column is reported once, on the header
                self.problem(key, "is required")
            return False
        return True

    def read(self, key: str, parse: Any, *, required: bool = False) -> Any:
        """The cell parsed, or None when blank or bad (a problem is recorded if bad)."""
        if self.blank(key):
            if required:
                self.required(key)
            return None
        try:
            return parse(self.cells[key])
        except ValueError as error:
            self.problem(key, str(error))
            return None


def _pydantic_problems(
    line: _Line, error: ValidationError, columns: dict[str, str], skip: frozenset[str] = frozenset()
) -> None:
    for item in error.errors():
        location = ".".join(str(part) for part in item["loc"])
        if location in skip:
            continue
        column = columns.get(location) or columns.get(location.split(".")[-1])
        message = str(item["msg"]).removeprefix("Value error, ")
        line.problem(column, message)


_UNIT_COLUMNS = {"floor": "floor", "code": "unit", "area": "area"}
_TENANT_COLUMNS = {"name": "tenant", "industry": "industry"}
_CONTACT_COLUMNS = {"name": "contact_name", "email": "contact_email", "phone": "contact_phone"}
_LEASE_COLUMNS = {
    "start_date": "lease_start",
    "end_date": "lease_end",
    "base_rent": "monthly_rent",
    "deposit": "deposit",
    "notice_months": "notice_months",
    "notes": "notes",
}


def _unit_of(line: _Line, building_key: str) -> UnitLine | None:
    code = line.text("unit") if line.required("unit") else None
    floor = line.read("floor", parse_floor, required=True)
    area = line.read("area", lambda c: parse_amount(c, what="an area"), required=True)
    if code is None or floor is None or area is None:
        return None
    try:
        unit = UnitIn(building=PLACEHOLDER, floor=floor, code=code, area=area)
    except ValidationError as error:
        _pydantic_problems(line, error, _UNIT_COLUMNS)
        return None
    return UnitLine(line.number, building_key, name_key(code), unit)


def _tenant_of(line: _Line) -> TenantRecord | None:
    name = line.text("tenant")
    industry = line.read("industry", parse_industry)
    if not name or (industry is None and not line.blank("industry")):
        return None
    try:
        tenant = TenantIn(name=name, industry=industry or Industry.OTHER)
    except ValidationError as error:
        _pydantic_problems(line, error, _TENANT_COLUMNS)
        return None
    return TenantRecord(name_key(name), tenant if industry else None, name, line.number)


def _contact_of(line: _Line, tenant_key: str) -> ContactRecord | None:
    keys = ("contact_name", "contact_email", "contact_phone")
    if all(line.blank(k) for k in keys):
        return None
    if line.blank("contact_name"):
        line.problem("contact_name", "is required with a contact's e-mail or phone")
        return None
    try:
        contact = ContactIn(
            tenant=PLACEHOLDER,
            name=line.text("contact_name"),
            email=line.text("contact_email") or None,
            phone=line.text("contact_phone"),
        )
    except ValidationError as error:
        _pydantic_problems(line, error, _CONTACT_COLUMNS)
        return None
    return ContactRecord(tenant_key, contact, line.number)


def _steps_of(
    line: _Line, start: date | None
) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """The lease's rent steps as ``RentStepIn`` fields, and the columns each came from."""
    steps: list[dict[str, Any]] = []
    cells: list[tuple[str, str]] = []
    free = line.read("free_months", parse_int)
    if free is not None and start is not None:
        steps.append({"kind": StepKind.FREE, "effective": start, "months": free})
        cells.append(("free_months", "free_months"))
    for n in range(1, STEP_SLOTS + 1):
        date_key, rent_key = f"step{n}_date", f"step{n}_rent"
        if line.blank(date_key) and line.blank(rent_key):
            continue
        if line.blank(date_key) or line.blank(rent_key):
            missing, given = (date_key, rent_key) if line.blank(date_key) else (rent_key, date_key)
            line.problem(missing, f"is required when {given} is given")
            continue
        effective = line.read(date_key, parse_date)
        value = line.read(rent_key, parse_step_rent)
        if effective is None or value is None:
            continue
        kind, number = value
        field = "amount" if kind is StepKind.FIXED else "percent"
        steps.append({"kind": kind, "effective": effective, field: number})
        cells.append((date_key, rent_key))
    return steps, cells


def _api_field(location: Sequence[int | str]) -> str:
    """Pydantic's location as the API names a field: ``("rent_steps", 1, "amount")`` ->
    ``rent_steps[1].amount``."""
    name = ""
    for part in location:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else part)
    return name


def column_of_field(location: str, step_cells: list[tuple[str, str]]) -> str | None:
    """The layout column of an API field name: ``rent_steps[1].amount`` -> ``step2_rent``."""
    found = re.match(r"^rent_steps\[(\d+)\]\.(\w+)", location)
    if found:
        index, name = int(found.group(1)), found.group(2)
        if index < len(step_cells):
            date_key, rent_key = step_cells[index]
            return date_key if name == "effective" else rent_key
        return None
    return _LEASE_COLUMNS.get(location)


def _lease_of(line: _Line, building_key: str, tenant_key: str, today: date) -> LeaseRecord | None:
    """The lease's own columns, read from its first line."""
    problems_before = len(line.problems)
    start = line.read("lease_start", parse_date, required=True)
    end = line.read("lease_end", parse_date, required=True)
    currency = line.text("currency").upper() if line.required("currency") else None
    if currency is not None and not is_currency(currency):
        line.problem("currency", "is not an ISO 4217 currency code (CNY, HKD, USD...)")
    base_rent = line.read("monthly_rent", parse_amount, required=True)
    deposit = line.read("deposit", parse_amount)
    notice = line.read("notice_months", parse_int)
    steps, step_cells = _steps_of(line, start)
    if end is not None and end < today:
        line.problem("lease_end", f"is before today ({today}): the lease has ended")
    if start is None or end is None or base_rent is None:
        return None  # the rules below need a term and a rent: what is wrong is reported
    values: dict[str, Any] = {
        "tenant": PLACEHOLDER,
        "units": [PLACEHOLDER],
        "start_date": start,
        "end_date": end,
        "status": LeaseStatus.ACTIVE,
        "base_rent": base_rent,
        "notes": line.text("notes"),
        "rent_steps": steps,
    }
    if deposit is not None:
        values["deposit"] = deposit
    if notice is not None:
        values["notice_months"] = notice
    try:
        lease = LeaseIn.model_validate(values)
    except ValidationError as error:
        for item in error.errors():
            column = column_of_field(_api_field(item["loc"]), step_cells)
            line.problem(column, str(item["msg"]).removeprefix("Value error, "))
        return None
    terms = rent.LeaseTerms(
        start=lease.start_date,
        end=lease.end_date,
        base_rent=lease.base_rent,
        steps=tuple(
            rent.RentStep(s.kind, s.effective, s.amount, s.percent, s.every_months, s.months)
            for s in lease.rent_steps
        ),
        incentive=lease.incentive,
    )
    for violation in rent.validate_terms(terms):
        line.problem(column_of_field(violation.field, step_cells), violation.message)
    if len(line.problems) > problems_before:
        return None
    assert currency is not None
    return LeaseRecord(building_key, tenant_key, lease, currency, [], [line.number], step_cells)


# --- the file --------------------------------------------------------------------------------


def _canonical(key: str, cell: Cell) -> str:
    """A lease column's value for comparing lines: parsed if it parses, else as typed."""
    parsers: dict[str, Any] = {
        "lease_end": parse_date,
        "monthly_rent": parse_amount,
        "deposit": parse_amount,
        "notice_months": parse_int,
        "free_months": parse_int,
        "currency": lambda c: text_of(c).upper(),
    }
    parse: Callable[[Cell], object]
    if key.endswith("_date"):
        parse = parse_date
    elif key.endswith("_rent") and key.startswith("step"):
        parse = parse_step_rent
    else:
        parse = parsers.get(key, text_of)
    try:
        value = parse(cell)
    except ValueError:
        return text_of(cell)
    if isinstance(value, tuple):  # a step's (kind, number)
        return f"{value[0]} {value[1].normalize()}"
    return str(value.normalize() if isinstance(value, Decimal) else value)


def parse_rent_roll(lines: Sequence[tuple[int, list[Cell]]], today: date) -> RentRoll:
    """Every record of the file and every problem with it (see the module's docstring)."""
    roll = RentRoll()
    lines = [(n, cells) for n, cells in lines if any(text_of(c) for c in cells)]
    header, first_data = find_header(lines, roll)
    if header is None:
        return roll
    roll.header = header
    data = lines[first_data:]
    roll.rows = len(data)
    if not data:
        roll.problems.append(
            Problem(header.line, None, "no lines under the header: nothing to import")
        )
        return roll
    if roll.rows > MAX_ROWS:
        roll.problems.append(
            Problem(data[MAX_ROWS][0], None, f"a file holds at most {MAX_ROWS:,} lines")
        )
        return roll
    if any(p.reason == "required column is missing" for p in roll.problems):
        return roll
    groups: dict[tuple[str, str, str], list[_Line]] = defaultdict(list)
    for number, cells in data:
        line = _Line(number, cells, header)
        start = line.text("lease_start")
        with contextlib.suppress(ValueError):
            start = parse_date(line.cells.get("lease_start")).isoformat()
        key = (name_key(line.text("building")), name_key(line.text("tenant")), start)
        groups[key].append(line)
    for (building_key, tenant_key, _), group in groups.items():
        _read_lease(roll, group, building_key, tenant_key, today)
    _check_units(roll)
    _check_overlaps(roll)
    roll.problems.sort(
        key=lambda p: (p.line, COLUMN_KEYS.index(p.column) if p.column in COLUMN_KEYS else -1)
    )
    return roll


def _read_lease(
    roll: RentRoll, group: list[_Line], building_key: str, tenant_key: str, today: date
) -> None:
    first = group[0]
    for line in group:
        line.required("building")
        line.required("tenant")
    lease = (
        _lease_of(first, building_key, tenant_key, today) if building_key and tenant_key else None
    )
    for line in group[1:]:
        for key in LEASE_COLUMNS:
            if key in first.header.index and not line.blank(key):
                mine, theirs = _canonical(key, line.cells[key]), _canonical(key, first.cells[key])
                if mine != theirs:
                    line.problem(
                        key,
                        f"differs from line {first.number} of the same lease "
                        f"({first.text(key) or 'blank'}): a lease's own columns are given once",
                    )
    units: list[UnitLine] = []
    seen: dict[str, int] = {}
    for line in group:
        unit = _unit_of(line, building_key) if building_key else None
        if unit is not None:
            if unit.key in seen:
                line.problem("unit", f"is listed twice for this lease (line {seen[unit.key]})")
            else:
                seen[unit.key] = line.number
                units.append(unit)
        tenant = _tenant_of(line) if tenant_key else None
        if tenant is not None:
            _merge_tenant(roll, line, tenant)
            contact = _contact_of(line, tenant_key)
            if contact is not None:
                _merge_contact(roll, line, contact)
    if lease is not None and building_key:
        _merge_building(roll, first, building_key, lease.currency)
    if all(not line.problems for line in group) and lease is not None:
        lease.units = units
        lease.lines = [line.number for line in group]
        roll.leases.append(lease)
    for line in group:
        roll.problems.extend(line.problems)


def _merge_building(roll: RentRoll, line: _Line, key: str, currency: str) -> None:
    known = roll.buildings.get(key)
    if known is None:
        roll.buildings[key] = BuildingRecord(key, line.text("building"), currency, line.number)
    elif known.currency != currency:
        line.problem(
            "currency",
            f"{known.name}'s leases are in {known.currency} (line {known.line}): "
            "a building's leases share its currency",
        )


def _merge_tenant(roll: RentRoll, line: _Line, tenant: TenantRecord) -> None:
    known = roll.tenants.get(tenant.key)
    if known is None:
        roll.tenants[tenant.key] = tenant
    elif known.tenant is None and tenant.tenant is not None:
        tenant.line = line.number
        roll.tenants[tenant.key] = tenant
    elif known.tenant and tenant.tenant and known.tenant.industry != tenant.tenant.industry:
        line.problem(
            "industry",
            f"differs from line {known.line} ({known.tenant.industry.value}) for the same tenant",
        )


def _merge_contact(roll: RentRoll, line: _Line, contact: ContactRecord) -> None:
    name = name_key(contact.contact.name)
    for known in roll.contacts:
        if known.tenant_key == contact.tenant_key and name_key(known.contact.name) == name:
            if (known.contact.email, known.contact.phone) != (
                contact.contact.email,
                contact.contact.phone,
            ):
                line.problem(
                    "contact_email",
                    f"the contact's details differ from line {known.line}",
                )
            return
    roll.contacts.append(contact)


def _check_units(roll: RentRoll) -> None:
    """A unit is described the same way (floor, area) on every line that names it."""
    bad: set[int] = set()
    for lease in roll.leases:
        for unit in lease.units:
            key = (unit.building_key, unit.key)
            known = roll.units.get(key)
            if known is None:
                roll.units[key] = unit
                continue
            if (known.unit.floor, known.unit.area) != (unit.unit.floor, unit.unit.area):
                column = "floor" if known.unit.floor != unit.unit.floor else "area"
                roll.problem(
                    unit.line,
                    column,
                    f"unit {unit.unit.code} is described differently on line {known.line} "
                    f"(floor {known.unit.floor}, {known.unit.area} m²)",
                    str(getattr(unit.unit, column)),
                )
                bad.add(unit.line)
    _drop_leases(roll, bad)


def _check_overlaps(roll: RentRoll) -> None:
    """No unit is let to two leases of the file on the same day."""
    lettings: dict[tuple[str, str], list[tuple[LeaseRecord, UnitLine]]] = defaultdict(list)
    for lease in roll.leases:
        for unit in lease.units:
            lettings[(unit.building_key, unit.key)].append((lease, unit))
    bad: set[int] = set()
    for held in lettings.values():
        held.sort(key=lambda pair: pair[0].lease.start_date)
        for index, (lease, unit) in enumerate(held):
            for other, other_unit in held[:index]:
                if other.lease.end_date >= lease.lease.start_date:
                    roll.problem(
                        unit.line,
                        "lease_start",
                        f"unit {unit.unit.code} is already let on line {other_unit.line} "
                        f"({other.lease.start_date} to {other.lease.end_date}): "
                        "the leases overlap",
                        lease.lease.start_date.isoformat(),
                    )
                    bad.add(unit.line)
                    break
    _drop_leases(roll, bad)


def _drop_leases(roll: RentRoll, lines: set[int]) -> None:
    if lines:
        roll.leases = [lease for lease in roll.leases if not lines & set(lease.lines)]


def problems_in(records: Iterable[Problem]) -> list[Problem]:
    return sorted(records, key=lambda p: (p.line, p.column or ""))
