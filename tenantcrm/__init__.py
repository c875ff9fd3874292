"""TenantCRM: tenant relationship management for office buildings."""

import os

# Piccolo finds its engine and apps through this module, from whatever directory we run in.
os.environ.setdefault("PICCOLO_CONF", "tenantcrm.piccolo_conf")

__version__ = "0.1.0"
