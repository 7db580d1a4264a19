#!/usr/bin/env bash
# Runs a Kafka command-line class from the cached jars, e.g.
#   bash deploy/kafka/tool.sh org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ "$#" -ge 1 ] || kafka_fail "usage: tool.sh MAIN_CLASS [ARGS...]"
kafka_ensure_libs
kafka_tool "$@"
