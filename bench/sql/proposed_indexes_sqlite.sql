-- Indexes proposed for the tenant list, to try with: --db sqlite --sql this-file
-- Name order ignoring case (ORDER BY lower(name), id): pages read 50 index entries, no sort.
CREATE INDEX IF NOT EXISTS tenant_lower_name_id ON tenant (lower(name), id);
-- "Has an active lease ending soon" as the service asks it today (tenant.id IN (SELECT ...)):
-- the sub-select reads the index alone, no lease rows.
CREATE INDEX IF NOT EXISTS lease_status_end_tenant ON lease (status, end_date, tenant);
-- The same filter written as a correlated EXISTS, probed per tenant (about 7x faster here).
CREATE INDEX IF NOT EXISTS lease_tenant_status_end ON lease (tenant, status, end_date);
ANALYZE;
