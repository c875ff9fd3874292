-- Indexes proposed for the tenant list, to try with: --db postgres --sql this-file
-- Name order ignoring case (ORDER BY lower(name), id): pages read 50 index entries, no sort.
CREATE INDEX IF NOT EXISTS tenant_lower_name_id ON tenant (lower(name), id);
-- "Has an active lease ending soon", probed per tenant: covering, no table rows read.
CREATE INDEX IF NOT EXISTS lease_tenant_status_end ON lease (tenant, status, end_date);
-- Substring search (ILIKE '%text%') on name and legal name; helps for 3+ characters.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS tenant_name_trgm ON tenant USING gin (name gin_trgm_ops);
CREATE INDEX IF NOT EXISTS tenant_legal_name_trgm ON tenant USING gin (legal_name gin_trgm_ops);
ANALYZE tenant;
ANALYZE lease;
