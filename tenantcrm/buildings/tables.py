"""Persistence of buildings and units."""

from piccolo.columns import BigInt, ForeignKey, Integer, OnDelete, Text, Varchar
from piccolo.table import Table

from tenantcrm.audit.tracking import Audited, AuditRule, named
from tenantcrm.buildings.enums import UnitStatus
from tenantcrm.core.columns import created_at, updated_at, uuid_pk, version_column


class Building(Audited, Table):
    id = uuid_pk()
    audit_rule = AuditRule("Building", label=named("name"))
    name = Varchar(length=200, index=True)
    address = Text(default="")
    city = Varchar(length=100, default="")
    time_zone = Varchar(length=64, default="UTC")
    currency = Varchar(length=3, default="CNY")
    country = Varchar(length=2, default="CN")
    owner_name = Varchar(length=200, default="")
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()


class Unit(Audited, Table):
    """A lettable suite or floor part. ``area_centi`` is the area in hundredths of a m²."""

    id = uuid_pk()
    audit_rule = AuditRule("Unit", label=named("code"))
    building = ForeignKey(references=Building, on_delete=OnDelete.restrict, index=True)
    floor = Integer()
    code = Varchar(length=50)
    area_centi = BigInt()
    status = Varchar(length=20, choices=UnitStatus, default=UnitStatus.AVAILABLE.value)
    version = version_column()
    created_at = created_at()
    updated_at = updated_at()
