"""The framework floor: a bare Litestar app serving one fixed page shaped like a tenant list.

Whatever the real app adds on top (database queries, validation, business rules) shows as
the distance from this floor. The page has the keys, sizes and scripts of
``GET /api/tenants?limit=50``: fifty items, Chinese and Latin names, tags, dates.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

from litestar import Litestar, get

FLOOR_PATH = "/floor/tenants"

_NAMES = (
    ("上海星河数据科技有限公司", "上海星河数据科技有限公司"),
    ("香港恒達律師事務所", "恒達律師事務所"),
    ("Northbridge Capital", "Northbridge Capital (Shanghai) Co., Ltd."),
    ("Hang Tat Solicitors", "Hang Tat Solicitors 恒達律師事務所"),
    ("Xinghe Data", "上海星河数据科技有限公司"),
)
_INDUSTRIES = ("technology", "banking", "legal", "consulting", "trading", "media")


def _page(size: int = 50, total: int = 6_137) -> dict[str, Any]:
    rng = random.Random(50)
    items = []
    for index in range(size):
        name, legal = _NAMES[index % len(_NAMES)]
        anchor = index % 20 == 0
        items.append(
            {
                "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                "name": f"{name} {index}",
                "legal_name": legal,
                "industry": _INDUSTRIES[index % len(_INDUSTRIES)],
                "headcount": rng.randrange(5, 400),
                "website": "https://www.xinghedata.com.cn",
                "tier": "strategic" if anchor else "standard",
                "is_anchor": anchor,
                "anchor_category": "multinational" if anchor else None,
                "tags": ["regional-hq", "expanding"][: index % 3],
                "notes": "",
                "version": 1,
                "created_at": "2026-03-01T09:30:00.123456Z",
                "active_leases": 1 + index % 2,
                "next_expiry": "2027-06-30",
            }
        )
    return {"items": items, "total": total, "limit": size, "offset": 0}


_PAGE = _page()


@get(FLOOR_PATH, operation_id="floorTenants")
async def tenants_page() -> dict[str, Any]:
    """A fixed tenant-list page: no database, no validation."""
    return _PAGE


def create_app() -> Litestar:
    return Litestar(route_handlers=[tenants_page], openapi_config=None)
