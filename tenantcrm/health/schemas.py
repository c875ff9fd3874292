"""API models of tenant health."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import Field

from tenantcrm.core.schemas import DecimalString, OutModel
from tenantcrm.health.scoring import Band, Sign, Stage


class HealthReasonOut(OutModel):
    sign: Sign
    points: int = Field(description="Points this sign takes off the score of 100")
    message: str


class TenantHealthOut(OutModel):
    tenant: UUID
    tenant_name: str
    manager: UUID | None
    score: int = Field(description="100 less the points of every reason, never below 0")
    band: Band = Field(description="healthy 80+, watch 60-79, at_risk 40-59, critical <40")
    stage: Stage
    at_risk: bool = Field(description="Score under 60")
    reasons: list[HealthReasonOut]
    next_expiry: date | None
    annual_rent: DecimalString = Field(description="Annual rent of its leases in force")
    currency: str | None


class AtRiskPageOut(OutModel):
    """Tenants at risk, most rent at risk first."""

    on: date
    items: list[TenantHealthOut]
    total: int
    limit: int
    offset: int
    rent_at_risk: dict[str, DecimalString] = Field(
        description="Annual rent of every tenant at risk, per currency"
    )
