-- Grafana: health check, version and TimescaleDB detection, the query editor's schema list.
-- Source: grafana/grafana postgresMetaQuery.ts.
SELECT 1
-- next message
SELECT current_setting('server_version_num')::int/100 as version
-- next message
SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'
-- next message
SELECT schema_name AS "name"
    FROM information_schema.schemata
    WHERE schema_name NOT IN ('information_schema',
                              'pg_catalog',
                              'pg_toast',
                              '_timescaledb_cache',
                              '_timescaledb_catalog',
                              '_timescaledb_internal',
                              '_timescaledb_config',
                              'timescaledb_information',
                              'timescaledb_experimental')
    ORDER BY schema_name
