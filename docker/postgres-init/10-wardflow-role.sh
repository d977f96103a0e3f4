#!/bin/sh
# Runs once, when the PostgreSQL volume is first created. Wardflow connects as its own ordinary role,
# not as the image's superuser: it owns its database and nothing else, cannot read other databases,
# and cannot switch off another role's triggers. (For the audit log's stricter separation, see
# docs/security.md: migrations as a separate owner, the application with INSERT and SELECT only.)
set -eu
psql -v ON_ERROR_STOP=1 -v pw="$WARDFLOW_DB_PASSWORD" --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<'SQL'
CREATE ROLE wardflow LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD :'pw';
CREATE DATABASE wardflow OWNER wardflow;
SQL
