"""Choice lists of matchmaking: the states of an introduction, kinds of business relation."""

from enum import StrEnum


class TieState(StrEnum):
    """Where an introduction between two tenants stands."""

    SUGGESTED = "suggested"
    INTRODUCED = "introduced"
    MET = "met"
    DOING_BUSINESS = "doing_business"
    NO_FIT = "no_fit"
    DISMISSED = "dismissed"


class RelationKind(StrEnum):
    """How an outside firm is related to a tenant."""

    PARTNER = "partner"
    AFFILIATE = "affiliate"
    CLIENT = "client"
    SUPPLIER = "supplier"
