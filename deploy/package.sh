#!/usr/bin/env bash
# Packages trailproof offline for the dev and prod stages (or the stages given as arguments; arguments
# starting with -- go to every `osls package`, e.g. --param="orgId=o-abc123def4"):
#   .serverless-<stage>/ holds one zip per function and the CloudFormation templates;
#   dist/functions/<fn>/ each function as built (deploy/build-functions.ts), what its zip holds
#   (under $PACKAGE_ROOT when set; tests package into .tmp/ so they never clobber a real package).
# Nothing here talks to AWS: `osls package` only needs a region and credentials to exist, so dummy
# ones are set (and instance metadata lookups are disabled) unless real ones are already exported.
set -euo pipefail
cd "$(dirname "$0")/.."

export SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off SLS_DEPRECATION_DISABLE='*'
export AWS_EC2_METADATA_DISABLED=true
export AWS_REGION="${AWS_REGION:-us-east-1}"
if [[ -z "${AWS_ACCESS_KEY_ID:-}" && -z "${AWS_PROFILE:-}" ]]; then
  export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=offline-packaging-only
fi

# Refuse to package roles and patterns that no longer match the check metadata.
npm run generate:deploy -- --check

stages=()
options=()
for arg in "$@"; do
  if [[ "${arg}" == --* ]]; then options+=("${arg}"); else stages+=("${arg}"); fi
done
if [[ ${#stages[@]} -eq 0 ]]; then stages=(dev prod); fi
root="${PACKAGE_ROOT:-.}"
# Each function built into its own directory (handler + on-demand chunks); osls zips each as it is.
export TRAILPROOF_BUILD_DIR="${root#./}/dist/functions"
npx --no-install node deploy/build-functions.ts
for stage in "${stages[@]}"; do
  echo "packaging stage ${stage} -> ${root}/.serverless-${stage}"
  npx osls package --stage "${stage}" --region "${AWS_REGION}" --package "${root}/.serverless-${stage}" ${options[@]+"${options[@]}"}
done
