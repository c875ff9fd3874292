"""People who use TenantCRM: their accounts, roles and password hashes."""
