#!/bin/sh
# Runs once, when the database volume is created: the role web and workers connect as. It owns nothing, so it can
# neither ALTER tables nor switch triggers off; `manage.py audit_grant_app_role` (run by `web` after `migrate`, as
# the owner) gives it the portal's tables with SELECT and INSERT only on the audit log.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE dinsos_app LOGIN PASSWORD '${APP_DB_PASSWORD}' NOSUPERUSER NOCREATEDB NOCREATEROLE;
GRANT CONNECT ON DATABASE ${POSTGRES_DB} TO dinsos_app;
SQL
