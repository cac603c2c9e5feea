#!/bin/sh
# `make bench`: generate a synthetic nation and time the pages and API, on SQLite and then on PostgreSQL.
# The figures, with the commands below, go to docs/benchmarks.md. Throwaway databases only:
#   SQLite:     var/bench.sqlite3 (never the demo's var/yrkesresan.sqlite3), recreated each run
#   PostgreSQL: yrkesresan_bench on postgres://postgres@127.0.0.1:5432 (trust auth), dropped and recreated
# Knobs: BENCH_PEOPLE (default 300000), BENCH_REQUESTS (default 50), BENCH_PG_SERVER, BENCH_DATABASES ("sqlite postgresql"),
#   BENCH_SCALES (default "3000 30000"): smaller nations, each generated in the same throwaway database and timed on
#   the scaling cases only (a staff member's journey and the trainers' two), before the full one; the report's
#   scaling table shows them beside BENCH_PEOPLE.
#   BENCH_SCALES="" skips them.
#   BENCH_SIGNUPS (default 2000): after the full size's pages, sign this many people up over HTTP at once (gunicorn on
#   loopback, BENCH_SIGNUP_CLIENTS clients, default 50; on SQLite, whose transactions take the write lock one at a
#   time, BENCH_SQLITE_SIGNUP_CLIENTS, default 10, and a third of the sign-ups). BENCH_SIGNUPS=0 skips it.
#   BENCH_FOLLOWUP_RUNS (default 20): timed calls of each follow-up report (`manage.py bench_followup`), run on the
#   full size's data after the pages.
set -eu
cd "$(dirname "$0")/.."

PY=.venv/bin/python
PEOPLE=${BENCH_PEOPLE:-300000}
REQUESTS=${BENCH_REQUESTS:-50}
PG_SERVER=${BENCH_PG_SERVER:-postgres://postgres@127.0.0.1:5432}
PG_DB=yrkesresan_bench
REPORT=docs/benchmarks.md
SCALES=${BENCH_SCALES-3000 30000}
SIGNUPS=${BENCH_SIGNUPS:-2000}
FOLLOWUP_RUNS=${BENCH_FOLLOWUP_RUNS:-20}
# Production-like settings: DEBUG off, Argon2, no debug toolbar or query log.
export DJANGO_SETTINGS_MODULE=config.settings.base

now() { date +%s.%N; }
seconds_since() { echo "$(now) $1" | awk '{printf "%.1f", $1 - $2}'; }

run() {  # run <label> <DATABASE_URL> <people> [bench options]: migrate, generate, benchmark
    label=$1
    url=$2
    people=$3
    shift 3
    echo "== $label: $url, $people accounts"
    migrate="DJANGO_SETTINGS_MODULE=$DJANGO_SETTINGS_MODULE DATABASE_URL=$url $PY manage.py migrate --no-input -v0"
    DATABASE_URL=$url $PY manage.py migrate --no-input -v0
    generate="DJANGO_SETTINGS_MODULE=$DJANGO_SETTINGS_MODULE DATABASE_URL=$url $PY manage.py generate_national_data --reset --people $people"
    start=$(now)
    DATABASE_URL=$url $PY manage.py generate_national_data --reset --people "$people"
    took=$(seconds_since "$start")
    echo "   generator wall time: $took s"
    DATABASE_URL=$url $PY manage.py bench --requests "$REQUESTS" --scaling-file "$scaling" \
        --generator-seconds "$took" --generator-command "$generate" --migrate-command "$migrate" "$@"
}

fresh() {  # fresh <database>: an empty throwaway database; prints its DATABASE_URL
    case $1 in
    sqlite)
        rm -f var/bench.sqlite3 var/bench.sqlite3-wal var/bench.sqlite3-shm
        echo "sqlite:///$(pwd)/var/bench.sqlite3"
        ;;
    postgresql)
        psql -q -d "$PG_SERVER/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" -c "CREATE DATABASE $PG_DB" >&2
        echo "$PG_SERVER/$PG_DB"
        ;;
    esac
}

mkdir -p var docs
# whitenoise serves from STATIC_ROOT, as in production (and stays quiet about a missing directory).
$PY manage.py collectstatic --no-input -v0

all_start=$(now)
for database in ${BENCH_DATABASES:-sqlite postgresql}; do
    case $database in
    sqlite) ;;
    postgresql)
        if ! pg_isready -q -d "$PG_SERVER/postgres"; then
            echo "PostgreSQL is not answering on $PG_SERVER; starting the local cluster."
            pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start
            for _ in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -d "$PG_SERVER/postgres" && break; sleep 1; done
        fi
        ;;
    *)
        echo "Unknown database '$database' in BENCH_DATABASES (sqlite, postgresql)." >&2
        exit 2
        ;;
    esac
    # The journey's cases at each size, kept here until the full run writes them into the report.
    scaling=var/bench-scaling-$database.json
    rm -f "$scaling"
    for size in $SCALES; do
        run "$database" "$(fresh "$database")" "$size" --scaling-only
    done
    case $database in
    sqlite) signups="--signups $((SIGNUPS / 3)) --signup-clients ${BENCH_SQLITE_SIGNUP_CLIENTS:-10}" ;;
    *) signups="--signups $SIGNUPS --signup-clients ${BENCH_SIGNUP_CLIENTS:-50}" ;;
    esac
    url=$(fresh "$database")
    # shellcheck disable=SC2086 # two options and their values
    run "$database" "$url" "$PEOPLE" --report "$REPORT" $signups
    # Issue 7: the follow-up reports for the largest region and the nation, on the same data, into their own part
    # of the report ($generate and $took are the full size's, set by run).
    DATABASE_URL=$url $PY manage.py bench_followup --runs "$FOLLOWUP_RUNS" --export-runs 5 --report "$REPORT" \
        --generator-command "$generate" --generator-seconds "$took"
done
echo "Figures written to $REPORT; everything took $(seconds_since "$all_start") s."
