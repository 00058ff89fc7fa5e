#!/bin/sh
# The emulator's overhead on one simulated worker: `jls bench` through the emulator's OpenAI route
# and straight to the worker's own port, without and with streaming, at concurrency 1 and 32.
# Needs the packaged cli/target/jls and jq. Prints one line per run and a summary; leaves nothing running.
# Usage: cli/bench/emulator-overhead.sh [requests-at-c1] [requests-at-c32]
set -eu
JLS=${JLS:-"$(dirname "$0")/../target/jls"}
N1=${1:-400}
N32=${2:-2000}
TOKENS=${TOKENS:-64}
JLS_CONFIG_DIR=$(mktemp -d)
export JLS_CONFIG_DIR
trap '"$JLS" emulator stop >/dev/null 2>&1 || true; rm -rf "$JLS_CONFIG_DIR"' EXIT INT TERM

# a data directory of its own: the default one is the user's
"$JLS" emulator start --detach --port 0 --engine sim --gpus H100:1 --data-dir "$JLS_CONFIG_DIR/data" >/dev/null 2>&1
# One worker that holds every request at once, unpaced: what is measured is the path, not the engine.
DEP=$("$JLS" deploy create --model Qwen/Qwen3-0.6B --min-workers 1 --max-workers 1 --concurrent 64 2>/dev/null)
PORT=$("$JLS" deploy get "$DEP" -o json | jq -r '.workers.list[0].port')
DIRECT="http://127.0.0.1:$PORT/v1"
echo "deployment $DEP, worker port $PORT, $TOKENS tokens per answer"

bench() { # target concurrency requests [--stream]
  target=$1; c=$2; n=$3; shift 3
  if [ "$target" = emulator ]; then where="$DEP"; else where="--openai-base-url=$DIRECT"; fi
  "$JLS" bench "$where" --concurrency "$c" --requests "$n" "$@" --max-tokens "$TOKENS" --ignore-eos --warmup 20 -o json
}

printf '%-10s %-9s %3s %9s %9s %9s %9s %6s\n' target mode c req/s tok/s "p50 ms" "p50ttft" failed
for mode in plain stream; do
  flag=""; [ $mode = stream ] && flag="--stream"
  for c in 1 32; do
    n=$N1; [ $c = 32 ] && n=$N32
    for round in 1 2; do
      for target in direct emulator; do
        out=$(bench $target $c $n $flag)
        printf '%-10s %-9s %3s %9.1f %9.0f %9.3f %9s %6s\n' $target $mode $c \
          "$(echo "$out" | jq .request_throughput)" "$(echo "$out" | jq .output_throughput)" \
          "$(echo "$out" | jq .e2el_ms.median)" "$(echo "$out" | jq -r '.ttft_ms.median // "-"')" \
          "$(echo "$out" | jq .failed_requests)"
      done
    done
  done
done
