"""A realistic demo portfolio of office buildings, tenants and leases, generated from a seed.

``await generate_portfolio(PortfolioSize.demo(), today=..., seed=7)`` fills an empty, migrated
database and returns the row counts; ``PortfolioSize.bench(tenants=50_000)`` is the large size
the benchmarks use.
"""

from tenantcrm.demo.plan import Plan, PortfolioSize, plan_portfolio
from tenantcrm.demo.portfolio import (
    PortfolioCounts,
    PortfolioNotEmptyError,
    generate_portfolio,
)

__all__ = [
    "Plan",
    "PortfolioCounts",
    "PortfolioNotEmptyError",
    "PortfolioSize",
    "generate_portfolio",
    "plan_portfolio",
]
