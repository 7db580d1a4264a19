#!/usr/bin/env bash
# Everything the product and its tests need, started if not running: PostgreSQL, Redis, the databases and Kafka.
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/services/ensure-services.sh"
echo "up: PostgreSQL 127.0.0.1:5432 (contact_cost, contact_cost_test), Redis 127.0.0.1:6379, Kafka 127.0.0.1:9092"
