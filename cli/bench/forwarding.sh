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
# A shared machine's speed moves by a quarter within minutes, so a figure measured for one target after
# another's compares moments as well as targets. Each hey figure of a round is therefore measured in
# slices, the targets taking turns slice by slice (the order shifted by one each slice, so that no target
# always follows the same one), and each worker has a second, identical nginx
# (nginx2-NAME, the control): its ratio to nginx-NAME is what the machine's noise alone does to a ratio
# of two equal proxies in a round, the spread against which the emulator's ratios are read.
#
# Needs the packaged cli/target/jls and emulator/target/jls-emulator.jar, jq, curl and hey; nginx is
# optional (apt-get install nginx-light). Run as root, it installs hey and nginx when missing.
# Leaves nothing running. Each emulator has its own identical worker, and each worker is also measured
# straight (direct-NAME) and through an nginx of its own (nginx-NAME): an emulator's ratios are against
# its own worker's figures in the same round.
#
# Usage: cli/bench/forwarding.sh
# Settings (environment): ROUNDS (3), SECONDS_PER_RUN (3: the seconds of each hey figure, all slices together),
#   SLICES (3), CONTROL (yes; no leaves out the second nginx), TOKENS (16), CLIENTS ("nio undertow"; also jdk),
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
SLICES=${SLICES:-3}
CONTROL=${CONTROL:-yes}
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
start_nginx() { # emulator-name prefix (nginx, or nginx2 for the control)
  v=$(echo "$1" | tr - _); dir="$WORK/$2-$1"; port=$(free_port); eval "wport=\$WPORT_$v"
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
  eval "URL_$2_$v=http://127.0.0.1:$port/v1"
  i=0
  until [ -s "$dir/nginx.pid" ] && curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -lt 300 ] || { echo "nginx does not answer" >&2; exit 1; }; sleep 0.1
  done
}
if [ $HAVE_NGINX = yes ]; then
  for e in $EMULATOR_NAMES; do
    start_nginx "$e" nginx
    [ "$CONTROL" = no ] || start_nginx "$e" nginx2
  done
else
  CONTROL=no
fi
for e in $EMULATOR_NAMES; do
  TARGETS="$TARGETS direct-$e"
  [ $HAVE_NGINX = no ] || TARGETS="$TARGETS nginx-$e"
  [ "$CONTROL" = no ] || TARGETS="$TARGETS nginx2-$e"
  TARGETS="$TARGETS $e"
done
SLICE_SECS=$(awk -v s="$SECS" -v n="$SLICES" 'BEGIN { printf "%g", s / n }')
echo "targets:$TARGETS; $TOKENS tokens per answer; $ROUNDS rounds of ${SECS}s per hey figure, in $SLICES slices of" \
  "${SLICE_SECS}s taken in turn"

url_of() { eval "echo \$URL_$(echo "$1" | tr - _)"; }
# The processes that forward for a target (none for direct): an emulator's JVM, or nginx's workers.
pids_of() {
  case $1 in
    direct-*) ;;
    nginx-* | nginx2-*) pgrep -P "$(cat "$WORK/$1/nginx.pid")" ;;
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
# An awk function both summaries use: sorts a[1..n] in place (a handful of values) and returns the median.
AWK_MEDIAN='function median(a, n,   i, j, x) {
    for (i = 2; i <= n; i++) for (j = i; j > 1 && a[j - 1] > a[j]; j--) { x = a[j]; a[j] = a[j - 1]; a[j - 1] = x }
    return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }'
# One slice of a hey figure: appends "target requests seconds cpu-ticks p50-ms not-200" to $SLICES_FILE.
SLICES_FILE="$WORK/slices"
hey_slice() { # target mode c
  url=$(url_of "$1"); stream=false; [ "$2" = stream ] && stream=true
  pids=$(pids_of "$1"); before=$(cpu_ticks $pids)
  out=$(hey -z "${SLICE_SECS}s" -c "$3" -m POST -T application/json -H "Authorization: Bearer $KEY" \
    -d "$(body $stream)" "$url/chat/completions")
  after=$(cpu_ticks $pids)
  echo "$out" | awk -v t="$1" -v ticks=$((after - before)) '
    /Total:/ { secs = $2 } / 50% in/ { p50 = $3 * 1000 } $1 == "[200]" { n = $2 }
    /^\s+\[[0-9]+\]/ && $1 != "[200]" { bad += $2 } /^\s+\[[0-9]+\]\s+Get|Post|dial|EOF/ { bad += $1 }
    END { print t, n + 0, secs + 0, ticks, p50 + 0, bad + 0 }' >>"$SLICES_FILE"
}
# The targets in the order of slice $1 (from 1): the list shifted left by one slice after slice.
turn_order() {
  awk -v s="$1" -v list="$TARGETS" 'BEGIN { n = split(list, t, " "); for (i = 0; i < n; i++) printf "%s ", t[(s - 1 + i) % n + 1] }'
}
# One hey figure of every target: SLICES slices each, the targets in turn; then each target's requests/s
# over all its slices, its CPU per request over all of them, and the median of its slices' median latencies.
run_hey() { # round mode c
  : >"$SLICES_FILE"
  for s in $(seq 1 "$SLICES"); do
    for t in $(turn_order "$s"); do hey_slice "$t" "$2" "$3"; done
  done
  for t in $TARGETS; do
    pids=$(pids_of "$t")
    fig=$(awk -v t="$t" -v us="$TICK_US" -v own="${pids:+yes}" "$AWK_MEDIAN"'
      $1 == t { n += $2; secs += $3; ticks += $4; bad += $6; p[++k] = $5 }
      END { printf "%.1f %.3f %s %d\n", (secs > 0 ? n / secs : 0), median(p, k),
        (own == "yes" && n > 0 ? int(ticks * us / n) : "-"), bad }' "$SLICES_FILE")
    rps=${fig%% *}; rest=${fig#* }; p50=${rest%% *}; rest=${rest#* }; cpu=${rest%% *}; bad=${rest#* }
    printf 'hey   round %s %-24s %-6s c=%-2s %9.1f req/s  p50 %7.3f ms  cpu %5s us/req  not-200 %s\n' "$1" "$t" "$2" "$3" \
      "$rps" "$p50" "$cpu" "$bad"
    echo "hey $2 $3 $t $1 $rps $p50" >>"$RESULTS"
    [ "$cpu" = - ] || echo "cpu $2 $3 $t $1 $cpu -" >>"$RESULTS"
  done
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
    for c in 1 32; do run_hey "$r" $mode $c; done
    if [ "$JB_N" -gt 0 ]; then
      for t in $TARGETS; do run_jls_bench "$r" "$t" $mode; done
    fi
  done
done

echo
echo "summary (each round's ratios against the same round's figures of the same worker, direct and through nginx:"
echo "min - max, and the median over the rounds)"
awk -v targets="$TARGETS" -v nr="$ROUNDS" "$AWK_MEDIAN"'
  function range(a, n,   m) {
    if (n == 0) return ""
    m = median(a, n)
    return a[1] == a[n] ? sprintf("%.2f", a[1]) : sprintf("%.2f - %.2f, %.2f", a[1], a[n], m) }
  { key = $1 " " $2 " " $3; v[key, $4, $5] = $6; w[key, $4, $5] = $7; if (!(key in seen)) { seen[key] = 1; keys[++nk] = key } }
  END {
    nt = split(targets, t, " ")
    printf "%-18s %-24s %-36s %-22s %-22s\n", "case", "target", "figure per round", "of direct", "of nginx"
    for (k = 1; k <= nk; k++) for (j = 1; j <= nt; j++) {
      list = ""; nd = 0; nn = 0
      # the yardsticks: the same worker straight and through nginx
      base = t[j]; sub(/^(direct|nginx2?)-/, "", base); dt = "direct-" base; nt_ = "nginx-" base
      for (r = 1; r <= nr; r++) {
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
      printf "%-18s %-24s %-36s %-22s %-22s\n", keys[k], t[j], list, range(d, nd), range(n, nn)
    }
    print "hey: requests/s and ratios; cpu: CPU time of the forwarding process(es) per request in us, and its ratio to"
    print "that of nginx; jls (concurrency 1): median latency|median TTFT in ms, and the added median latency in ms;"
    print "ttft (jls, concurrency 1): median time to first token in ms, and what it adds in ms"
    print "nginx2-NAME, the control, is a second nginx like nginx-NAME: its ratios are what the machine'"'"'s noise does"
  }' "$RESULTS"
