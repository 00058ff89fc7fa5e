#!/bin/sh
# The emulator's forwarding against the yardstick of a well-kept reverse proxy: one unpaced simulated
# worker (concurrent_requests 100) reached straight, through nginx (upstream keep-alive), and through
# emulators started as `jls emulator start --detach` starts them and with plain `java -jar`, each with
# each engine client. Load from hey (requests/s, median latency) and from `jls bench` at concurrency 1
# (median latency and time to first token), in alternating rounds, plain and streamed, at concurrency
# 1 and 32. Prints each figure and a summary with the ratios emulator/direct and emulator/nginx, and the
# CPU time the forwarding process (an emulator's JVM, nginx's workers) spent per request, from /proc:
# on a shared machine a steadier measure of what the hop costs than throughput.
#
# Needs the packaged cli/target/jls and emulator/target/jls-emulator.jar, jq, curl and hey; nginx is
# optional (apt-get install nginx-light). Run as root, it installs hey and nginx when missing.
# Leaves nothing running. Each emulator has its own identical worker, and each worker is also measured
# straight (direct-NAME) and through an nginx of its own (nginx-NAME): an emulator's ratios are against
# its own worker's figures in the same round.
#
# Usage: cli/bench/forwarding.sh
# Settings (environment): ROUNDS (3), SECONDS_PER_RUN (3), TOKENS (16), CLIENTS ("nio undertow"; also jdk),
#   STARTS ("detach jar"; also jar-g1), EMULATORS (start:client pairs, e.g. "detach:undertow jar:jdk";
#   replaces STARTS x CLIENTS), JLS_BENCH_REQUESTS (2000; 0 skips jls bench), JLS_BENCH_WARMUP (2000 requests
#   before those: a client JVM still compiling its own code on two cores measures itself more than the hop
#   at concurrency 1), WARMUP (seconds of load on each
#   emulator, plain and streamed, before the rounds: 30; on two cores the optimising compiler is still at
#   work on the forwarding path for 20 to 25 s of load)
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JLS=${JLS:-"$ROOT/cli/target/jls"}
JAR=${JAR:-"$ROOT/emulator/target/jls-emulator.jar"}
ROUNDS=${ROUNDS:-3}
SECS=${SECONDS_PER_RUN:-3}
TOKENS=${TOKENS:-16}
CLIENTS=${CLIENTS:-"nio undertow"}
STARTS=${STARTS:-"detach jar"}
JB_N=${JLS_BENCH_REQUESTS:-2000}
JB_WARMUP=${JLS_BENCH_WARMUP:-2000}
WARMUP=${WARMUP:-30}
KEY=bench-key
MODEL=Qwen/Qwen3-0.6B

missing=""
for tool in hey nginx; do command -v $tool >/dev/null 2>&1 || missing="$missing $tool"; done
if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  pkgs=""
  for m in $missing; do [ $m = nginx ] && pkgs="$pkgs nginx-light" || pkgs="$pkgs $m"; done
  echo "installing$pkgs" >&2
  apt-get install -y -q $pkgs >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q $pkgs >/dev/null; }
fi
command -v hey >/dev/null || { echo "hey is missing: apt-get install hey" >&2; exit 1; }
for f in "$JLS" "$JAR"; do [ -e "$f" ] || { echo "missing $f: mvn -B -o -DskipTests package" >&2; exit 1; }; done
HAVE_NGINX=yes
command -v nginx >/dev/null || { HAVE_NGINX=no; echo "nginx is missing (apt-get install nginx-light): measuring without it" >&2; }

WORK=$(mktemp -d)
PIDS=""
DETACHED=""
cleanup() {
  for d in $DETACHED; do JLS_CONFIG_DIR=$d "$JLS" emulator stop >/dev/null 2>&1 || true; done
  for p in $PIDS; do kill "$p" 2>/dev/null || true; done
  for p in $PIDS; do while kill -0 "$p" 2>/dev/null; do sleep 0.1; done; done
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_healthy() { # url
  i=0
  until curl -fs "$1/healthz" >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -lt 300 ] || { echo "no answer from $1" >&2; exit 1; }; sleep 0.1
  done
}

# Starts one emulator and its worker; sets NAME, URL (its OpenAI route) and PORT (the worker's).
start_emulator() { # start client
  NAME=$1-$2; port=$(free_port); base="http://127.0.0.1:$port"
  if [ "$1" = detach ]; then
    cfg="$WORK/cfg-$NAME"; mkdir -p "$cfg"; DETACHED="$DETACHED $cfg"
    # as `jls emulator start --detach` runs it, with a data directory of its own rather than the user's
    JLS_CONFIG_DIR=$cfg JLS_EMULATOR_JAVA_OPTS="-XX:+UseSerialGC -Djls.engineClient=$2" \
      "$JLS" emulator start --detach --port "$port" --engine sim --gpus H100:1 --api-key $KEY \
      --data-dir "$cfg/data" >"$WORK/$NAME.log" 2>&1
    EPID=$(sed -n 's/.*(pid \([0-9]*\)).*/\1/p' "$WORK/$NAME.log" | head -1)
  else
    # jar: as users start it (the jar runs itself again with the serial collector where G1 is the
    # default); jar-g1: kept in one JVM with the JVM's default collector
    relaunch=true; [ "$1" = jar-g1 ] && relaunch=false
    java "-Djls.engineClient=$2" "-Djls.relaunch=$relaunch" -jar "$JAR" --port "$port" --engine sim \
      --gpus H100:1 --api-key $KEY >"$WORK/$NAME.log" 2>&1 &
    EPID=$!
    PIDS="$PIDS $!"
  fi
  wait_healthy "$base"
  # the JVM that forwards: the relaunched one where the jar ran itself again
  second=$(pgrep -f "relaunchedBy=$EPID" || true)
  [ -z "$second" ] || EPID=$second
  dep=$("$JLS" deploy create --base-url "$base" --api-key $KEY --model $MODEL --min-workers 1 --max-workers 1 \
    --concurrent 100 2>/dev/null)
  PORT=$("$JLS" deploy get "$dep" --base-url "$base" --api-key $KEY -o json | jq -r '.workers.list[0].port')
  URL="$base/openai/$dep/v1"
}

TARGETS=""
EMULATOR_NAMES=""
if [ -z "${EMULATORS:-}" ]; then
  EMULATORS=""
  for s in $STARTS; do for c in $CLIENTS; do EMULATORS="$EMULATORS $s:$c"; done; done
fi
for e in $EMULATORS; do
  start_emulator "${e%%:*}" "${e#*:}"
  EMULATOR_NAMES="$EMULATOR_NAMES $NAME"
  v=$(echo "$NAME" | tr - _)
  eval "URL_$v=\$URL"
  eval "PID_$v=\$EPID"
  eval "WPORT_$v=\$PORT"
  eval "URL_direct_$v=http://127.0.0.1:\$PORT/v1"
done

# One nginx per emulator, in front of that emulator's worker, in this script's session as the emulators
# are (a detached one too): where the kernel schedules sessions as groups (autogroup), a server in a
# session apart from its load generator costs more per request on two cores (docs/performance.md).
start_nginx() { # emulator-name
  v=$(echo "$1" | tr - _); dir="$WORK/nginx-$1"; port=$(free_port); eval "wport=\$WPORT_$v"
  mkdir -p "$dir"
  user_line=""; [ "$(id -u)" = 0 ] && user_line="user root;"
  cat >"$dir/nginx.conf" <<EOF
$user_line
worker_processes auto;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body; proxy_temp_path $dir/proxy; fastcgi_temp_path $dir/fcgi;
  uwsgi_temp_path $dir/uwsgi; scgi_temp_path $dir/scgi;
  upstream worker { server 127.0.0.1:$wport; keepalive 128; }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://worker; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
EOF
  nginx -p "$dir" -c "$dir/nginx.conf" &
  PIDS="$PIDS $!"
  eval "URL_nginx_$v=http://127.0.0.1:$port/v1"
  i=0
  until [ -s "$dir/nginx.pid" ] && curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -lt 300 ] || { echo "nginx does not answer" >&2; exit 1; }; sleep 0.1
  done
}
if [ $HAVE_NGINX = yes ]; then
  for e in $EMULATOR_NAMES; do start_nginx "$e"; done
fi
for e in $EMULATOR_NAMES; do
  TARGETS="$TARGETS direct-$e"
  [ $HAVE_NGINX = no ] || TARGETS="$TARGETS nginx-$e"
  TARGETS="$TARGETS $e"
done
echo "targets:$TARGETS; $TOKENS tokens per answer; $ROUNDS rounds of ${SECS}s per figure"

url_of() { eval "echo \$URL_$(echo "$1" | tr - _)"; }
# The processes that forward for a target (none for direct): an emulator's JVM, or nginx's workers.
pids_of() {
  case $1 in
    direct-*) ;;
    nginx-*) pgrep -P "$(cat "$WORK/$1/nginx.pid")" ;;
    *) eval "echo \$PID_$(echo "$1" | tr - _)" ;;
  esac
}
# CPU time (user + system, in clock ticks) the given processes have used so far.
cpu_ticks() { t=0; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat"))); done; echo $t; }
TICK_US=$((1000000 / $(getconf CLK_TCK)))
body() { # stream
  printf '{"model":"%s","messages":[{"role":"user","content":"hi"}],"max_tokens":%s,"ignore_eos":true,"stream":%s}' \
    $MODEL "$TOKENS" "$1"
}

RESULTS="$WORK/results"
: >"$RESULTS"
run_hey() { # round target mode c
  url=$(url_of "$2"); stream=false; [ "$3" = stream ] && stream=true
  pids=$(pids_of "$2"); before=$(cpu_ticks $pids)
  out=$(hey -z "${SECS}s" -c "$4" -m POST -T application/json -H "Authorization: Bearer $KEY" \
    -d "$(body $stream)" "$url/chat/completions")
  after=$(cpu_ticks $pids)
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  n=$(echo "$out" | awk '$1 == "[200]" {print $2}')
  cpu=-; [ -n "$pids" ] && [ "${n:-0}" -gt 0 ] && cpu=$(((after - before) * TICK_US / n))
  p50=$(echo "$out" | awk '/ 50% in/ {print $3 * 1000}')
  bad=$(echo "$out" | awk '/^\s+\[[0-9]+\]/ && $1 != "[200]" {n += $2} /^\s+\[[0-9]+\]\s+Get|Post|dial|EOF/ {n += $1} END {print n + 0}')
  printf 'hey   round %s %-24s %-6s c=%-2s %9.1f req/s  p50 %7.3f ms  cpu %5s us/req  not-200 %s\n' "$@" "$rps" \
    "$p50" "$cpu" "$bad"
  echo "hey $3 $4 $2 $1 $rps $p50" >>"$RESULTS"
  [ "$cpu" = - ] || echo "cpu $3 $4 $2 $1 $cpu -" >>"$RESULTS"
}
run_jls_bench() { # round target mode
  flag=""; [ "$3" = stream ] && flag=--stream
  out=$("$JLS" bench --openai-base-url="$(url_of "$2")" --api-key $KEY --model $MODEL --concurrency 1 \
    --requests "$JB_N" $flag --max-tokens "$TOKENS" --ignore-eos --warmup "$JB_WARMUP" -o json)
  e2e=$(echo "$out" | jq .e2el_ms.median); ttft=$(echo "$out" | jq -r '.ttft_ms.median // "-"')
  printf 'jls   round %s %-24s %-6s c=1  p50 %7.3f ms  p50 ttft %s ms  failed %s\n' "$1" "$2" "$3" "$e2e" "$ttft" \
    "$(echo "$out" | jq .failed_requests)"
  echo "jls $3 1 $2 $1 $e2e $ttft" >>"$RESULTS"
  [ "$ttft" = - ] || echo "ttft $3 1 $2 $1 $ttft -" >>"$RESULTS"
}

# a warm-up of each path, not counted: long enough on an emulator for the JVM's optimising compiler to
# have compiled the forwarding path (its first seconds under load run slower and cost more CPU)
for t in $TARGETS; do
  secs=2; case $t in direct-* | nginx-*) ;; *) secs=$WARMUP ;; esac
  for stream in false true; do
    hey -z "${secs}s" -c 32 -m POST -T application/json -H "Authorization: Bearer $KEY" -d "$(body $stream)" \
      "$(url_of $t)/chat/completions" >/dev/null
  done
done
for r in $(seq 1 "$ROUNDS"); do
  for mode in plain stream; do
    for c in 1 32; do
      for t in $TARGETS; do run_hey "$r" "$t" $mode $c; done
    done
    if [ "$JB_N" -gt 0 ]; then
      for t in $TARGETS; do run_jls_bench "$r" "$t" $mode; done
    fi
  done
done

echo
echo "summary (each round's ratios against the same round's figures of the same worker, direct and through nginx; min - max)"
awk -v targets="$TARGETS" '
  function range(a, n,   i, lo, hi) { lo = hi = a[1]; for (i = 2; i <= n; i++) { if (a[i] < lo) lo = a[i]; if (a[i] > hi) hi = a[i] }
    return n == 0 ? "" : (lo == hi ? sprintf("%.2f", lo) : sprintf("%.2f - %.2f", lo, hi)) }
  { key = $1 " " $2 " " $3; v[key, $4, $5] = $6; w[key, $4, $5] = $7; rounds[$5] = 1; if (!(key in seen)) { seen[key] = 1; keys[++nk] = key } }
  END {
    nt = split(targets, t, " ")
    printf "%-18s %-24s %-36s %-16s %-16s\n", "case", "target", "figure per round", "of direct", "of nginx"
    for (k = 1; k <= nk; k++) for (j = 1; j <= nt; j++) {
      list = ""; nd = 0; nn = 0
      # the yardsticks: the same worker straight and through nginx
      base = t[j]; sub(/^(direct|nginx)-/, "", base); dt = "direct-" base; nt_ = "nginx-" base
      for (r in rounds) {
        x = v[keys[k], t[j], r]; if (x == "") continue
        list = list (list == "" ? "" : " / ") (keys[k] ~ /^jls/ ? sprintf("%.2f|%s", x, w[keys[k], t[j], r]) : keys[k] ~ /^ttft/ ? sprintf("%.2f", x) : sprintf("%.0f", x))
        if (keys[k] ~ /^cpu/) {
          if (v[keys[k], nt_, r] > 0) n[++nn] = x / v[keys[k], nt_, r]
        } else if (keys[k] ~ /^hey/) {
          if (v[keys[k], dt, r] > 0) d[++nd] = x / v[keys[k], dt, r]
          if (v[keys[k], nt_, r] > 0) n[++nn] = x / v[keys[k], nt_, r]
        } else {
          d[++nd] = x - v[keys[k], dt, r]
          if (v[keys[k], nt_, r] != "") n[++nn] = x - v[keys[k], nt_, r]
        }
      }
      printf "%-18s %-24s %-36s %-16s %-16s\n", keys[k], t[j], list, range(d, nd), range(n, nn)
    }
    print "hey: requests/s and ratios; cpu: CPU time of the forwarding process(es) per request in us, and its ratio to"
    print "that of nginx; jls (concurrency 1): median latency|median TTFT in ms, and the added median latency in ms;"
    print "ttft (jls, concurrency 1): median time to first token in ms, and what it adds in ms"
  }' "$RESULTS"
