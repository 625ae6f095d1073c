#!/usr/bin/env bash
# The director's list of 1,000 access plans on the demo network, timed
# through the real router (see bench/plans/main.go); printed, not asserted.
#   bash bench/plans.sh                       # 20,000 persons, 1,000 plans
#   bash bench/plans.sh -persons 100000 -runs 50
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./bench/plans "$@"
