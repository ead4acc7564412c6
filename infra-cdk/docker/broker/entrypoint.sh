#!/bin/sh
# Starts the broker on ECS Fargate. Before the JVM starts it works out what only the running task knows:
#   CHAT_BROKER_CALLBACK_URL  http://<this task's private IP>:<internal port>, registered with each connection so that the
#                             fan-out function (in the same VPC) can push deliveries to this very task;
#   CHAT_BROKER_NODE_ID       this task's id.
# Both can be set from outside instead (then they are left alone).
set -eu

port="${CHAT_BROKER_CALLBACK_PORT:-8090}"
meta=""
if [ -n "${ECS_CONTAINER_METADATA_URI_V4:-}" ] && command -v curl >/dev/null 2>&1; then
  meta="$(curl -fsS --max-time 2 "${ECS_CONTAINER_METADATA_URI_V4}" || true)"
fi

if [ -z "${CHAT_BROKER_CALLBACK_URL:-}" ]; then
  ip=""
  if [ -n "$meta" ]; then
    # "IPv4Addresses":["10.40.3.17"]
    ip="$(printf '%s' "$meta" | sed -n 's/.*"IPv4Addresses":\["\([0-9.]*\)".*/\1/p')"
  fi
  # fallbacks without curl; a loopback address is useless to other hosts
  if [ -z "$ip" ] && command -v hostname >/dev/null 2>&1; then
    ip="$(hostname -i 2>/dev/null | tr ' ' '\n' | grep -v '^127\.' | grep '^[0-9.]*$' | head -n 1 || true)"
  fi
  if [ -z "$ip" ]; then
    ip="$(awk -v h="$(cat /proc/sys/kernel/hostname)" '$2 == h && $1 !~ /^127\./ { print $1; exit }' /etc/hosts \
      2>/dev/null || true)"
  fi
  if [ -z "$ip" ]; then
    echo "entrypoint: cannot find this task's private IP; set CHAT_BROKER_CALLBACK_URL" >&2
    exit 1
  fi
  export CHAT_BROKER_CALLBACK_URL="http://${ip}:${port}"
fi

if [ -z "${CHAT_BROKER_NODE_ID:-}" ]; then
  node=""
  if [ -n "$meta" ]; then
    # "com.amazonaws.ecs.task-arn":"arn:aws:ecs:region:acct:task/cluster/<task id>"
    node="$(printf '%s' "$meta" | sed -n 's/.*"com\.amazonaws\.ecs\.task-arn":"[^"]*\/\([0-9a-f]*\)".*/\1/p')"
  fi
  export CHAT_BROKER_NODE_ID="${node:-$(cat /proc/sys/kernel/hostname)}"
fi

echo "entrypoint: node ${CHAT_BROKER_NODE_ID}, callbacks at ${CHAT_BROKER_CALLBACK_URL}"
exec /opt/jboss/container/java/run/run-java.sh "$@"
