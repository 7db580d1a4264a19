#!/usr/bin/env bash
# Stops what deploy/up.sh started for this project: Kafka. PostgreSQL and Redis belong to the machine and stay up.
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/kafka/stop.sh"
