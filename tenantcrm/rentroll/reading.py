"""Reading a rent roll file into numbered lines of cells: .xlsx through openpyxl, CSV by hand.

Cells come out as text or dates, the way a person sees them in Excel:

- xlsx numbers become text with at most 15 significant digits, Excel's own precision, so a
  rent computed by a formula (136500.00000000003) reads as the 136500 the sheet shows; a
  cell formatted as a percentage (0.05 shown as 5%) reads as ``5%``; date cells are dates.
- CSV is UTF-8, with or without the byte-order mark Excel writes; a file that is not UTF-8
  but is valid GB18030 (Excel's "CSV" on Chinese Windows) is read as such, with a warning.
  The delimiter is a comma, or a semicolon or tab when the header line uses one.

Line numbers are those Excel shows: the first row of the sheet is line 1.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

Cell = str | date | None

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
MAX_UNPACKED_BYTES = 300 * 1024 * 1024
"""An .xlsx is a zip: refuse one that would unpack to more than this (a zip bomb)."""
PREFERRED_SHEETS = ("rent roll", "rentroll", "租赁台账", "租金台账")


class UnreadableFileError(ValueError):
    """The file is not a spreadsheet this import reads; the message says what to do."""


@dataclass(slots=True)
class Sheet:
    lines: list[tuple[int, list[Cell]]]
    kind: str  # "xlsx" or "csv"
    warnings: list[str] = field(default_factory=list)


def read_sheet(content: bytes, filename: str = "") -> Sheet:
    """The lines of the rent roll in ``content`` (format from the bytes, not the name)."""
    if content.startswith(XLSX_MAGIC):
        return read_xlsx(content)
    if content.startswith(XLS_MAGIC):
        raise UnreadableFileError(
            "this is an old Excel .xls file: save it as .xlsx (Excel workbook) or CSV UTF-8"
        )
    if filename.lower().endswith((".xlsx", ".xlsm")):
        raise UnreadableFileError("this .xlsx file is damaged: it is not a zip archive")
    return read_csv(content)


def read_csv(content: bytes) -> Sheet:
    warnings: list[str] = []
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("gb18030")
        except UnicodeDecodeError as error:
            raise UnreadableFileError(
                "the CSV file is neither UTF-8 nor GB18030 text: save it as CSV UTF-8"
            ) from error
        warnings.append("the file is not UTF-8: it was read as GB18030 (Chinese Windows CSV)")
    if "\x00" in text:
        raise UnreadableFileError("the file holds NUL characters: it is not a CSV text file")
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        lines: list[tuple[int, list[Cell]]] = [
            (number, [cell if cell.strip() else None for cell in record])
            for number, record in enumerate(reader, start=1)
        ]
    except csv.Error as error:
        raise UnreadableFileError(f"the CSV file is malformed: {error}") from error
    return Sheet(lines, "csv", warnings)


def _xlsx_cell(value: object, number_format: str) -> Cell:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        if "%" in number_format:
            return f"{value * 100:.15g}%"
        return f"{value:.15g}"
    text = str(value)
    return text if text.strip() else None


def _check_zip(content: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as error:
        raise UnreadableFileError("this .xlsx file is damaged: it is not a valid zip") from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableFileError("this .xlsx file unpacks to more than 300 MB: it is refused")


def read_xlsx(content: bytes) -> Sheet:
    from openpyxl import load_workbook

    _check_zip(content)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged workbook
        raise UnreadableFileError(f"this .xlsx file cannot be read: {error}") from error
    try:
        names = {name.casefold(): name for name in workbook.sheetnames}
        chosen = next((names[n] for n in PREFERRED_SHEETS if n in names), workbook.sheetnames[0])
        sheet = workbook[chosen]
        sheet.reset_dimensions()  # some writers record wrong dimensions: read every row
        lines = list(_xlsx_lines(sheet.iter_rows()))
    except UnreadableFileError:
        raise
    except Exception as error:
        raise UnreadableFileError(f"this .xlsx file cannot be read: {error}") from error
    finally:
        workbook.close()
    warnings = []
    if len(workbook.sheetnames) > 1:
        warnings.append(f"read the sheet {chosen!r} (of {len(workbook.sheetnames)})")
    return Sheet(lines, "xlsx", warnings)


def _xlsx_lines(rows: Iterator[tuple[object, ...]]) -> Iterator[tuple[int, list[Cell]]]:
    for number, row in enumerate(rows, start=1):
        cells: list[Cell] = []
        for cell in row:
            value = getattr(cell, "value", None)
            cells.append(_xlsx_cell(value, getattr(cell, "number_format", "") or ""))
        yield number, cells
