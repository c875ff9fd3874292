"""API models of rent roll imports: the report of a check or an import."""

from __future__ import annotations

from pydantic import Field

from tenantcrm.core.schemas import OutModel
from tenantcrm.rentroll.service import Counts, ImportReport


class ProblemOut(OutModel):
    line: int = Field(description="The line as Excel numbers it (the first row is 1; 0: the file)")
    column: str | None = Field(description="The layout column (see the template), if one")
    cell: str = Field(description="The cell, e.g. J7, when the column is in the file")
    value: str = Field(description="What the cell holds")
    reason: str


class CountsOut(OutModel):
    buildings: int
    units: int
    tenants: int
    contacts: int
    leases: int
    rent_steps: int


class ImportReportOut(OutModel):
    dry_run: bool
    imported: bool = Field(description="True when the records were created (never for a dry run)")
    clean: bool = Field(description="No problem: the file imports as it is")
    rows: int = Field(description="Data lines read")
    problems: list[ProblemOut]
    warnings: list[str] = Field(description="What was read but ignored, and how")
    created: CountsOut = Field(description="Records created, or that the import would create")
    existing: CountsOut = Field(description="Records already in TenantCRM, left as they are")


def _counts(counts: Counts) -> CountsOut:
    return CountsOut(
        buildings=counts.buildings,
        units=counts.units,
        tenants=counts.tenants,
        contacts=counts.contacts,
        leases=counts.leases,
        rent_steps=counts.rent_steps,
    )


def report_out(report: ImportReport) -> ImportReportOut:
    return ImportReportOut(
        dry_run=report.dry_run,
        imported=report.imported,
        clean=report.clean,
        rows=report.rows,
        problems=[ProblemOut.model_validate(p) for p in report.problems],
        warnings=report.warnings,
        created=_counts(report.created),
        existing=_counts(report.existing),
    )
