#!/usr/bin/env bash
# Starts the Debian PostgreSQL cluster and makes the test role and database (CI and local use).
# Prints the connection URL on its last line.
set -euo pipefail
ver=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | grep -q "^$ver main"; then pg_createcluster "$ver" main >/dev/null; fi
pg_ctlcluster "$ver" main start 2>/dev/null || true
for i in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
su postgres -c "psql -qtAc \"select 1 from pg_roles where rolname='doudi'\"" | grep -q 1 ||
  su postgres -c "psql -qc \"create role doudi login superuser password 'doudi'\""
su postgres -c "psql -qtAc \"select 1 from pg_database where datname='doudi_test'\"" | grep -q 1 ||
  su postgres -c "createdb -O doudi doudi_test"
# CI only (CI=true, as .ci/run sets it): a throwaway test cluster needs no durability across a power loss, so it skips
# the disk flushes (fsync, full-page writes, waiting for the commit's flush). A test's commits, the migrations of each
# test file's schema and the schema's drop then cost a third of the time. Never on a cluster that keeps data: the
# settings are the cluster's. The benchmarks (bench/) are not run by CI and are measured on a durable cluster.
if [ "${CI:-}" = true ]; then
  su postgres -c "psql -qtA -c 'alter system set fsync = off' -c 'alter system set full_page_writes = off' -c 'alter system set synchronous_commit = off' -c 'select pg_reload_conf()'" >/dev/null
fi
echo "postgres://doudi:doudi@127.0.0.1:5432/doudi_test"
