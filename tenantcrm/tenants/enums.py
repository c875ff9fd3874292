"""Choice lists of the tenants domain."""

from enum import StrEnum


class Industry(StrEnum):
    """A fixed classification of office occupiers, close to the sectors leasing teams report on."""

    BANKING = "banking"
    INSURANCE = "insurance"
    ASSET_MANAGEMENT = "asset_management"
    LEGAL = "legal"
    ACCOUNTING = "accounting"
    CONSULTING = "consulting"
    TECHNOLOGY = "technology"
    TELECOM = "telecom"
    MEDIA = "media"
    PHARMA = "pharma"
    HEALTHCARE = "healthcare"
    MANUFACTURING = "manufacturing"
    ENERGY = "energy"
    TRADING = "trading"
    LOGISTICS = "logistics"
    CONSUMER = "consumer"
    REAL_ESTATE = "real_estate"
    EDUCATION = "education"
    GOVERNMENT = "government"
    NONPROFIT = "nonprofit"
    OTHER = "other"


class Tier(StrEnum):
    """How much attention a tenant gets: its value to the building, not only its size."""

    STRATEGIC = "strategic"
    KEY = "key"
    STANDARD = "standard"


class AnchorCategory(StrEnum):
    """Why a tenant counts as an anchor (標誌性客戶)."""

    FORTUNE_GLOBAL_500 = "fortune_global_500"
    INDUSTRY_TOP_500 = "industry_top_500"
    MULTINATIONAL = "multinational"
    LISTED_COMPANY = "listed_company"
    INTERNATIONAL_ORGANISATION = "international_organisation"
    TOP_DOMESTIC_FIRM = "top_domestic_firm"
    DIPLOMATIC_MISSION = "diplomatic_mission"
