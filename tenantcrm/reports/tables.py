"""Persistence of reports: which owner was mailed which building's report for which period."""

from piccolo.columns import ForeignKey, OnDelete, Varchar
from piccolo.table import Table

from tenantcrm.audit.tracking import Audited, AuditRule, named
from tenantcrm.auth.tables import User
from tenantcrm.buildings.tables import Building
from tenantcrm.core.columns import created_at, uuid_pk


class ReportMailing(Audited, Table):
    """One owner report mailed; unique per (user, building, period) so it goes out once."""

    id = uuid_pk()
    audit_rule = AuditRule("Report mailing", label=named("period", "address"))
    user = ForeignKey(references=User, on_delete=OnDelete.cascade, index=True)
    building = ForeignKey(references=Building, on_delete=OnDelete.cascade)
    period = Varchar(length=20)
    address = Varchar(length=254)
    sent_at = created_at()
