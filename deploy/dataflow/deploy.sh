#!/usr/bin/env bash
# Build, deploy and operate diplowire on Dataflow. See RUNBOOK.md for when to use what.
#
#   deploy/dataflow/deploy.sh COMMAND
#
# commands:
#   image            build and push the container image (launcher and workers)
#   template         build the Flex Template spec on GCS from the image and metadata.json
#   tables           create the BigQuery dataset, tables (partitioned, clustered) and views
#   streaming        launch the streaming job (JOB_NAME, default diplowire-streaming)
#   batch            launch a one-off bounded job (polls every feed once, then ends)
#   update           replace the running streaming job with the current template
#   drain            drain the running streaming job (finishes in-flight work, then stops)
#   reconcile        run deploy/bigquery/reconcile.sql once (stale rows out, roll-ups recounted)
#   schedule-reconcile  run it every hour as a BigQuery scheduled query
#
# Settings (environment): PROJECT, REGION, BUCKET (gs://... for templates and temp files),
# DATASET (default diplowire), REPO (Artifact Registry repository, default diplowire),
# TAG (default: git commit), FEEDS (gs://.../feeds.yaml), SERVICE_ACCOUNT (worker SA email),
# JOB_NAME, MAX_WORKERS (default 2), EXTRA_PARAMETERS (more --parameters, comma-separated),
# BQ_LOCATION (schedule-reconcile: the dataset's location, default US),
# TRANSFORM_NAME_MAPPINGS (update only: Old=New,... for renamed steps).
# DRY_RUN=1 prints the commands instead of running them.
set -euo pipefail
cd "$(dirname "$0")/../.."

command="${1:-}"
: "${PROJECT:?set PROJECT}" "${REGION:?set REGION}"
DATASET="${DATASET:-diplowire}"
REPO="${REPO:-diplowire}"
TAG="${TAG:-$(git rev-parse --short HEAD 2>/dev/null || echo latest)}"
IMAGE="${REGION}-docker.pkg.dev/${PROJECT}/${REPO}/diplowire:${TAG}"
TEMPLATE="${BUCKET:-gs://unset}/templates/diplowire-${TAG}.json"
JOB_NAME="${JOB_NAME:-diplowire-streaming}"
MAX_WORKERS="${MAX_WORKERS:-2}"

run() {
    if [ "${DRY_RUN:-0}" = 1 ]; then printf '%q ' "$@"; echo; else "$@"; fi
}

need() { for _var in "$@"; do : "${!_var:?set $_var}"; done; }

parameters() {
    local p="feeds=${FEEDS},warehouse=bigquery:${PROJECT}.${DATASET}"
    p+=",sdk_container_image=${IMAGE},max_num_workers=${MAX_WORKERS}"
    [ -n "${EXTRA_PARAMETERS:-}" ] && p+=",${EXTRA_PARAMETERS}"
    echo "$p"
}

launch() {  # launch NAME STREAMING [more gcloud flags]
    local name="$1" streaming="$2"; shift 2
    need BUCKET FEEDS SERVICE_ACCOUNT
    run gcloud dataflow flex-template run "$name" --project "$PROJECT" --region "$REGION" \
        --template-file-gcs-location "$TEMPLATE" \
        --service-account-email "$SERVICE_ACCOUNT" \
        --temp-location "${BUCKET}/temp" --staging-location "${BUCKET}/staging" \
        --parameters "$(parameters),streaming=${streaming}" "$@"
}

reconcile_script() {
    sed "s/\`diplowire\./\`${PROJECT}.${DATASET}./g" deploy/bigquery/reconcile.sql
}

case "$command" in
    image)
        config="$(mktemp --suffix .yaml)"
        printf 'steps:\n- name: gcr.io/cloud-builders/docker\n  args: [build, -f, deploy/dataflow/Dockerfile, -t, "%s", .]\nimages: ["%s"]\ntimeout: 1800s\n' \
            "$IMAGE" "$IMAGE" > "$config"
        run gcloud builds submit --project "$PROJECT" --region "$REGION" --config "$config" . ;;
    template)
        need BUCKET
        run gcloud dataflow flex-template build "$TEMPLATE" --project "$PROJECT" \
            --image "$IMAGE" --sdk-language PYTHON \
            --metadata-file deploy/dataflow/metadata.json ;;
    tables)
        run bq --project_id "$PROJECT" mk --force --dataset "${PROJECT}:${DATASET}"
        for file in deploy/bigquery/tables.sql deploy/bigquery/views.sql; do
            # The files name the dataset `diplowire.<table>`; each statement runs alone.
            sed "s/\`diplowire\./\`${PROJECT}.${DATASET}./g" "$file" \
                | awk -v RS=';\n' 'NF { print > ("/tmp/diplowire-stmt-" NR ".sql") }'
            for statement in $(ls /tmp/diplowire-stmt-*.sql | sort -t- -k3 -n); do
                run bq --project_id "$PROJECT" query --use_legacy_sql=false "$(cat "$statement")"
                rm -f "$statement"
            done
        done ;;
    reconcile)
        run bq --project_id "$PROJECT" query --use_legacy_sql=false "$(reconcile_script)" ;;
    schedule-reconcile)
        params="$(reconcile_script | python3 -c 'import json, sys; print(json.dumps({"query": sys.stdin.read()}))')"
        run bq --project_id "$PROJECT" mk --transfer_config --data_source=scheduled_query \
            --display_name="diplowire reconcile ${DATASET}" --schedule="every 1 hours" \
            --location="${BQ_LOCATION:-US}" --params="$params" ;;
    streaming)
        launch "$JOB_NAME" true --enable-streaming-engine ;;
    batch)
        launch "diplowire-batch-$(date -u +%Y%m%d-%H%M%S)" false ;;
    update)
        # TRANSFORM_NAME_MAPPINGS=Old=New,... when step names changed on purpose.
        launch "$JOB_NAME" true --enable-streaming-engine --update \
            ${TRANSFORM_NAME_MAPPINGS:+--transform-name-mappings "$TRANSFORM_NAME_MAPPINGS"} ;;
    drain)
        job_id="$(gcloud dataflow jobs list --project "$PROJECT" --region "$REGION" \
            --status active --filter "name=${JOB_NAME}" --format 'value(id)' | head -1)"
        [ -n "$job_id" ] || { echo "no active job named ${JOB_NAME}" >&2; exit 1; }
        run gcloud dataflow jobs drain "$job_id" --project "$PROJECT" --region "$REGION" ;;
    *)
        sed -n '2,23p' "$0"; exit 2 ;;
esac
