#!/usr/bin/env bash
# Side-by-side HTTP benchmark: bulkfetch `http` vs curl --parallel vs wrk vs java.net.http.HttpClient,
# against nginx (1 worker) and against bulkfetch's embedded testbed, all on 127.0.0.1; plus 10,000
# concurrent slow fetches held within 256 MiB RSS (issue 21).
#
# Usage: load-tests/http/bench.sh            (see load-tests/http/README.md)
# Env:   N_SMALL=200000 N_BIG=5000 N_SLOW=10000 SLOW_DELAY_MS=2000 WRK_DURATION=10s CONC=100 REPEAT=1 KEEP=0
#        SKIP_TESTBED=0 SKIP_NGINX=0 SKIP_CLOSE=0 SKIP_SLOW=0 SKIP_JDK=0 SKIP_CURL=0 SKIP_WRK=0 SKIP_BIG=0
#        SKIP_PIPELINE4=0 SKIP_DEFAULTS=0 BULKFETCH_ARGS="" SLOW_ARGS="" CDS_TRAIN=1 NGINX_PORT= TB_HTTP_PORT= TB_DNS_PORT=
#        RUN_TIMEOUT=900 BULKFETCH_JAR=cli/target/bulkfetch.jar RESULTS_FILE=load-tests/http/RESULTS-latest.md JAVA=java
#
# Safety: every request goes to 127.0.0.1 with an explicit port; servers are the ones this script
# starts; they are stopped by PID on exit; every external command runs under `timeout`.
set -euo pipefail
# shellcheck source=load-tests/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
JAR_SRC="${BULKFETCH_JAR:-$ROOT/cli/target/bulkfetch.jar}"   # override only to benchmark another build

N_SMALL="${N_SMALL:-200000}"
N_BIG="${N_BIG:-5000}"
N_SLOW="${N_SLOW:-10000}"
SLOW_DELAY_MS="${SLOW_DELAY_MS:-2000}"
SLOW_BODY=100
SLOW_RSS_TARGET_MIB="${SLOW_RSS_TARGET_MIB:-256}"   # issue 21: 10,000 slow connections in <= 256 MiB
WRK_DURATION="${WRK_DURATION:-10s}"
CONC="${CONC:-100}"
REPEAT="${REPEAT:-1}"
KEEP="${KEEP:-0}"
SKIP_TESTBED="${SKIP_TESTBED:-0}"
SKIP_NGINX="${SKIP_NGINX:-0}"
SKIP_CLOSE="${SKIP_CLOSE:-0}"
SKIP_SLOW="${SKIP_SLOW:-0}"
SKIP_JDK="${SKIP_JDK:-0}"
SKIP_CURL="${SKIP_CURL:-0}"
SKIP_WRK="${SKIP_WRK:-0}"
SKIP_BIG="${SKIP_BIG:-0}"
SKIP_PIPELINE4="${SKIP_PIPELINE4:-0}"
SKIP_DEFAULTS="${SKIP_DEFAULTS:-0}"
BULKFETCH_ARGS="${BULKFETCH_ARGS:-}"
SLOW_ARGS="${SLOW_ARGS:-}"
CDS_TRAIN="${CDS_TRAIN:-1}"
RUN_TIMEOUT="${RUN_TIMEOUT:-900}"
SERVER_LIFETIME="${SERVER_LIFETIME:-7200}"   # hard upper bound on the servers we start
RESULTS_FILE="${RESULTS_FILE:-$SCRIPT_DIR/RESULTS-latest.md}"
JAVA="${JAVA:-java}"
LOOP=127.0.0.1
SMALL_SIZE=1024
BIG_SIZE=102400

for v in N_SMALL N_BIG N_SLOW SLOW_DELAY_MS CONC REPEAT RUN_TIMEOUT SLOW_RSS_TARGET_MIB; do
  [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || { echo "error: $v must be a positive integer (got '${!v}')" >&2; exit 2; }
done
[[ "$WRK_DURATION" =~ ^[1-9][0-9]*[smh]?$ ]] || { echo "error: WRK_DURATION must look like 10s (got '$WRK_DURATION')" >&2; exit 2; }
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"

# ---------------------------------------------------------------- cleanup
WORK="$(mktemp -d "${TMPDIR:-/tmp}/bulkfetch-httpbench.XXXXXX")"
CHILD_PID=""
# run_child OUT ERR CMD...: runs a measured client in the background (stdout to OUT, stderr to ERR,
# both to OUT when ERR is OUT) and waits for it, so a TERM to this script is acted on at once (bash
# runs a trap only after a foreground command ends); the EXIT trap then stops the client's process
# tree by PID.
run_child() {
  local out=$1 err=$2 rc=0
  shift 2
  if [[ "$err" == "$out" ]]; then "$@" >"$out" 2>&1 & else "$@" >"$out" 2>"$err" & fi
  CHILD_PID=$!
  wait "$CHILD_PID" || rc=$?
  CHILD_PID=""
  return "$rc"
}
stop_running_client() {  # CLEANUP_HOOK: the measured client's whole tree first, then the servers
  local tree=()
  if [[ -n "$CHILD_PID" ]] && kill -0 "$CHILD_PID" 2>/dev/null; then
    read -r -a tree <<<"$CHILD_PID $(descendants "$CHILD_PID" | tr '\n' ' ')"
    log "stopping the running client (PIDs ${tree[*]})"
    stop_pids "${tree[@]}"
  fi
}
CLEANUP_HOOK=stop_running_client
on_exit_stop_started

# ---------------------------------------------------------------- 0. file descriptors
# 10,000 concurrent connections need 10,000+ descriptors in the client and as many in the testbed;
# both inherit this shell's limit. Root may raise the hard limit up to fs.nr_open.
ulimit -n 65536 2>/dev/null || ulimit -Sn "$(ulimit -Hn)" 2>/dev/null || true
NOFILE="$(ulimit -n)"
log "ulimit -n: $NOFILE (hard $(ulimit -Hn))"
if [[ "$NOFILE" != unlimited ]] && ((NOFILE < N_SLOW + 1000)); then
  warn "ulimit -n is $NOFILE (wanted 65536): the $N_SLOW-connection run may fail for lack of descriptors"
fi

# ---------------------------------------------------------------- 1. tools
need_pkgs=()
command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || need_pkgs+=(nginx-light)
command -v wrk >/dev/null 2>&1 || need_pkgs+=(wrk)
command -v curl >/dev/null 2>&1 || need_pkgs+=(curl)
[[ -x /usr/bin/time ]] || need_pkgs+=(time)
install_pkgs "${need_pkgs[@]}"
NGINX_BIN="$(command -v nginx || echo /usr/sbin/nginx)"
# A freshly installed nginx package may try to start the system service (on port 80); we never touch
# it: our instance has its own port, config, pid file and temp paths.

# curl gained --parallel-immediate in 7.68; older ones run without it (noted in the report)
CURL_IMMEDIATE=(--parallel-immediate)
if ! timeout 10 curl --help all 2>/dev/null | grep -q -- '--parallel-immediate'; then
  CURL_IMMEDIATE=()
  warn "this curl has no --parallel-immediate: curl rows run without it"
fi
if ! timeout 10 curl --help all 2>/dev/null | grep -q -- '--parallel-max'; then
  warn "this curl has no --parallel (needs 7.66+): curl rows are skipped"
  SKIP_CURL=1
fi

# ---------------------------------------------------------------- 2. bulkfetch jar + JDK peer
HAVE_JAR=1
if [[ ! -f "$JAR_SRC" && -z "${BULKFETCH_JAR:-}" ]]; then
  for attempt in 1 2; do
    log "building bulkfetch (mvn -B -q -DskipTests -Dmaven.test.skip=true install), attempt $attempt"
    if (cd "$ROOT" && timeout 1800 mvn -B -q -DskipTests -Dmaven.test.skip=true install) >"$WORK/mvn.log" 2>&1 && [[ -f "$JAR_SRC" ]]; then
      break
    fi
    tail -30 "$WORK/mvn.log" >&2 || true
    if ((attempt == 1)); then warn "build failed; retrying in 60 s (others may be mid-edit)"; sleep 60; fi
  done
  [[ -f "$JAR_SRC" ]] || { warn "no $JAR_SRC: bulkfetch measurements are skipped"; HAVE_JAR=0; }
fi
# Benchmark a private copy: a rebuild of cli/target/bulkfetch.jar by someone else during the run
# then cannot change what is measured, nor invalidate the AppCDS archive halfway.
JAR="$WORK/bulkfetch.jar"
if [[ "$HAVE_JAR" == 1 ]]; then
  cp "$JAR_SRC" "$JAR"
fi
BULKFETCH=(env BULKFETCH_JAR="$JAR" "$ROOT/bin/bulkfetch")
has_subcommand() {  # has_subcommand NAME -> 0 if `java -jar JAR NAME --help` succeeds
  [[ "$HAVE_JAR" == 1 ]] || return 1
  timeout 60 "$JAVA" -jar "$JAR" "$1" --help >"$WORK/help-$1.txt" 2>&1
}
HAVE_HTTP=0; HAVE_TESTBED=0
if has_subcommand http; then HAVE_HTTP=1; else
  warn "'bulkfetch http --help' failed: bulkfetch rows are skipped ($(head -c 300 "$WORK/help-http.txt" 2>/dev/null | tr '\n' ' '))"
fi
if [[ "$SKIP_TESTBED" != 1 ]]; then
  if has_subcommand testbed; then HAVE_TESTBED=1; else
    warn "'bulkfetch testbed --help' failed: the embedded-testbed server is skipped"
  fi
fi
BULKFETCH_VERSION="$(timeout 60 "$JAVA" -jar "$JAR" --version 2>/dev/null | head -1 || true)"

PEER_CLASS=dev.bulkfetch.loadtest.JdkHttpClientPeer
PEER_SRC="$ROOT/load-tests/src/main/java/dev/bulkfetch/loadtest/JdkHttpClientPeer.java"
PEER_CP="$WORK/peer-classes"
HAVE_JDK=0
if [[ "$SKIP_JDK" != 1 ]]; then
  log "building the JDK HttpClient peer (mvn -B -q -pl load-tests -am package -DskipTests)"
  if (cd "$ROOT" && timeout 1200 mvn -B -q -pl load-tests -am package -DskipTests) >"$WORK/mvn-peer.log" 2>&1 \
      && [[ -f "$ROOT/load-tests/target/classes/dev/bulkfetch/loadtest/JdkHttpClientPeer.class" ]]; then
    mkdir -p "$PEER_CP"; cp -r "$ROOT/load-tests/target/classes/." "$PEER_CP/"   # private copy, as for the jar
    HAVE_JDK=1
  else
    # The peer needs nothing but the JDK, so a module that does not build right now (others editing
    # core) does not stop it: compile the one file.
    warn "maven build of load-tests failed ($(grep -m1 -E 'ERROR' "$WORK/mvn-peer.log" | head -c 200)); compiling the peer with javac"
    mkdir -p "$PEER_CP"
    if timeout 300 javac -d "$PEER_CP" "$PEER_SRC" >"$WORK/javac-peer.log" 2>&1; then HAVE_JDK=1; else
      warn "javac failed too: JDK HttpClient rows are skipped ($(head -c 300 "$WORK/javac-peer.log" | tr '\n' ' '))"
    fi
  fi
fi

# ---------------------------------------------------------------- helpers
rate() { awk -v n="$1" -v w="$2" 'BEGIN{ if (w > 0) printf "%.0f", n / w; else print "-" }'; }

wait_for_http() {  # wait_for_http URL SECONDS [PID] -> 0 when URL answers 200
  local url=$1 limit=$2 pid=${3:-} t0 code
  t0=$(date +%s)
  while (( $(date +%s) - t0 < limit )); do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then return 1; fi
    code="$(timeout 5 curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$url" 2>/dev/null || true)"
    [[ "$code" == 200 ]] && return 0
    sleep 0.3
  done
  return 1
}

# Results: one row per measurement, values are medians over REPEAT runs.
ROWS=()
declare -A R_SERVER R_WL R_CLIENT R_REQ R_WALL R_RPS R_ERR R_RSS R_NOTE
CMDS=()
declare -A CHECK_SUMMARY
CHECK_ORDER=()
add_row() {  # add_row ID SERVER WORKLOAD CLIENT REQUESTS WALL RPS ERRORS RSS NOTE
  ROWS+=("$1"); R_SERVER[$1]=$2; R_WL[$1]=$3; R_CLIENT[$1]=$4; R_REQ[$1]=$5; R_WALL[$1]=$6; R_RPS[$1]=$7
  R_ERR[$1]=$8; R_RSS[$1]=$9; R_NOTE[$1]="${10//|//}"
}
# measure ID SERVER WORKLOAD CLIENT FN ARGS... : FN sets M_REQ M_WALL M_RPS M_ERR M_RSS M_NOTE,
# returns non-zero when the run produced no figures
measure() {
  local id=$1 server=$2 wl=$3 client=$4 fn=$5; shift 5
  local reqs="" walls="" rpss="" errs="" rsss="" notes="" r
  for r in $(seq 1 "$REPEAT"); do
    M_REQ=-; M_WALL=-; M_RPS=-; M_ERR=-; M_RSS=-; M_NOTE=""
    log "run $r/$REPEAT: $server / $wl / $client"
    if ! "$fn" "$id" "$@"; then
      log "  -> failed: ${M_NOTE:-see logs}"
      add_row "$id" "$server" "$wl" "$client" - - - - - "failed: ${M_NOTE:-see logs}"
      return 0
    fi
    reqs+="$M_REQ "; walls+="$M_WALL "; rpss+="$M_RPS "; errs+="$M_ERR "; rsss+="$M_RSS "
    if [[ -n "$M_NOTE" ]]; then
      if [[ "$REPEAT" == 1 ]]; then notes+="$M_NOTE; "; else notes+="run $r: $M_NOTE; "; fi
    fi
    log "  -> $M_REQ requests, wall ${M_WALL}s, ${M_RPS} req/s, errors ${M_ERR}, peak RSS ${M_RSS} MiB ${M_NOTE:+($M_NOTE)}"
  done
  add_row "$id" "$server" "$wl" "$client" "$(median <<<"$reqs")" "$(median <<<"$walls")" "$(median <<<"$rpss")" \
    "$(median <<<"$errs")" "$(median <<<"$rsss")" "${notes%; }"
}

# ---------------------------------------------------------------- 3. content + nginx
# nginx serves the testbed's document tree as the jar writes it: pattern-1k.bin and pattern-100k.bin are the
# bodies of the testbed's /bytes/1024 and /gzip/102400, so both servers' bodies have the same sha256.
[[ "$HAVE_JAR" == 1 ]] || die "no usable $JAR_SRC: it writes the files nginx serves (bulkfetch testbed --write-content)"
mkdir -p "$WORK/nginx/tmp" "$WORK/urls"
testbed_content "$WORK/content"
WWW="$WORK/content/www"
SMALL_FILE=pattern-1k.bin
BIG_FILE=pattern-100k.bin
SHA_SMALL="$(sha256sum "$WWW/$SMALL_FILE" | cut -d' ' -f1)"
SHA_BIG="$(sha256sum "$WWW/$BIG_FILE" | cut -d' ' -f1)"
# every body of the testbed is a prefix of one pattern: /delay/MS/100's is the first 100 bytes of any file
SHA_SLOW="$(head -c "$SLOW_BODY" "$WWW/$SMALL_FILE" | sha256sum | cut -d' ' -f1)"
[[ "$(stat -c %s "$WWW/$SMALL_FILE")" == "$SMALL_SIZE" && "$(stat -c %s "$WWW/$BIG_FILE")" == "$BIG_SIZE" ]] \
  || die "the written files have the wrong size"
log "work dir $WORK; $SMALL_FILE sha256 $SHA_SMALL, $BIG_FILE sha256 $SHA_BIG"
# nginx serves /gz/ precompressed (gzip_static, the FILE.gz that --write-content writes beside each file):
# compressing on the fly capped every client at ~2.5k bodies/s here, so the row measured nginx, not the client.
[[ -s "$WWW/$BIG_FILE.gz" ]] || die "--write-content wrote no $BIG_FILE.gz for gzip_static"

NGINX_PID=""; HAVE_NGINX=0
if [[ "$SKIP_NGINX" != 1 ]]; then
  NGINX_PORT="${NGINX_PORT:-}"; pick_port NGINX_PORT 18290
  cat >"$WORK/nginx/nginx.conf" <<EOF
user root;
worker_processes 1;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  types { }
  default_type application/octet-stream;
  sendfile on;
  tcp_nodelay on;
  keepalive_requests 1000000;
  keepalive_timeout 65;
  client_body_temp_path $WORK/nginx/tmp/body;
  proxy_temp_path $WORK/nginx/tmp/proxy;
  fastcgi_temp_path $WORK/nginx/tmp/fastcgi;
  uwsgi_temp_path $WORK/nginx/tmp/uwsgi;
  scgi_temp_path $WORK/nginx/tmp/scgi;
  server {
    listen $LOOP:$NGINX_PORT;
    root $WWW;
    location /gz/ {
      alias $WWW/;
      gzip_static on;
    }
  }
}
EOF
  timeout 30 "$NGINX_BIN" -t -p "$WORK/nginx" -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" >"$WORK/nginx/check.log" 2>&1 \
    || { cat "$WORK/nginx/check.log" >&2; echo "error: nginx -t rejected the generated config" >&2; exit 1; }
  log "starting nginx on $LOOP:$NGINX_PORT"
  timeout "$SERVER_LIFETIME" "$NGINX_BIN" -p "$WORK/nginx" -e "$WORK/nginx/error.log" -c "$WORK/nginx/nginx.conf" \
    >"$WORK/nginx/stdout.log" 2>&1 &
  NGINX_PID=$!
  STARTED_PIDS+=("$NGINX_PID")
  if ! wait_for_http "http://$LOOP:$NGINX_PORT/$SMALL_FILE" 30 "$NGINX_PID"; then
    cat "$WORK/nginx/stdout.log" "$WORK/nginx/error.log" >&2 2>/dev/null || true
    echo "error: nginx did not serve /$SMALL_FILE on $LOOP:$NGINX_PORT within 30 s" >&2; exit 1
  fi
  # sanity: plain small file, gzip-encoded big file that decodes to $BIG_FILE
  got="$(timeout 10 curl -s "http://$LOOP:$NGINX_PORT/$SMALL_FILE" | sha256sum | cut -d' ' -f1)"
  [[ "$got" == "$SHA_SMALL" ]] || { echo "error: nginx serves a $SMALL_FILE with sha256 $got" >&2; exit 1; }
  enc="$(timeout 10 curl -s -o /dev/null -H 'Accept-Encoding: gzip' -w '%header{content-encoding}' "http://$LOOP:$NGINX_PORT/gz/$BIG_FILE" 2>/dev/null || true)"
  if [[ "$enc" != gzip ]]; then
    enc="$(timeout 10 curl -s -D - -o /dev/null -H 'Accept-Encoding: gzip' "http://$LOOP:$NGINX_PORT/gz/$BIG_FILE" | tr -d '\r' | awk -F': *' 'tolower($1)=="content-encoding"{print $2}')"
  fi
  [[ "$enc" == gzip ]] || { echo "error: nginx does not gzip /gz/$BIG_FILE (Content-Encoding '$enc')" >&2; exit 1; }
  got="$(timeout 10 curl -s --compressed "http://$LOOP:$NGINX_PORT/gz/$BIG_FILE" | sha256sum | cut -d' ' -f1)"
  [[ "$got" == "$SHA_BIG" ]] || { echo "error: nginx's /gz/$BIG_FILE decodes to sha256 $got" >&2; exit 1; }
  HAVE_NGINX=1
  log "nginx serves $SMALL_FILE and gzipped $BIG_FILE"
fi

# ---------------------------------------------------------------- 4. testbed
TB_OK=0
check_testbed() {  # starts the embedded testbed and checks that it serves nginx's bytes
  TB_DNS_PORT="${TB_DNS_PORT:-}"; pick_port TB_DNS_PORT 15390
  TB_HTTP_PORT="${TB_HTTP_PORT:-}"; pick_port TB_HTTP_PORT 18390
  CMDS+=("timeout $SERVER_LIFETIME $JAVA -XX:+UseSerialGC -jar bulkfetch.jar testbed --http-port TB_HTTP_PORT --dns-port TB_DNS_PORT &   # stopped by PID at the end")
  TESTBED_LIFETIME=$SERVER_LIFETIME start_testbed "$WORK/testbed.log" || return 1
  local got
  got="$(timeout 10 curl -s "http://$LOOP:$TB_HTTP_PORT/bytes/$SMALL_SIZE" | sha256sum | cut -d' ' -f1)"
  [[ "$got" == "$SHA_SMALL" ]] || { warn "testbed /bytes/$SMALL_SIZE has sha256 $got, $SMALL_FILE $SHA_SMALL"; return 1; }
  got="$(timeout 10 curl -s --compressed "http://$LOOP:$TB_HTTP_PORT/gzip/$BIG_SIZE" | sha256sum | cut -d' ' -f1)"
  [[ "$got" == "$SHA_BIG" ]] || { warn "testbed /gzip/$BIG_SIZE decodes to sha256 $got, $BIG_FILE $SHA_BIG"; return 1; }
  log "testbed serves the same bytes as nginx (sha256 checked)"
  TB_OK=1
}

# ---------------------------------------------------------------- 5. URL lists
# urls ID URL COUNT -> $WORK/urls/ID.txt (bulkfetch, JDK) and $WORK/urls/ID.curl (curl config)
urls() {
  yes "$2" | head -n "$3" >"$WORK/urls/$1.txt" || true
  # curl: one `-o` only covers the first URL, so each URL gets its own `output`
  awk '{ printf "url = \"%s\"\noutput = \"/dev/null\"\n", $0 }' "$WORK/urls/$1.txt" >"$WORK/urls/$1.curl"
  [[ "$(wc -l <"$WORK/urls/$1.txt")" == "$3" ]] || { echo "error: URL list $1 is short" >&2; exit 1; }
}
read -r -a EXTRA_BF <<<"$BULKFETCH_ARGS"
read -r -a EXTRA_SLOW <<<"$SLOW_ARGS"

# ---------------------------------------------------------------- measurement functions
# Every function gets the row id first; files are named after it (and a timestamp, for REPEAT).

# run_bulkfetch ID URLFILE N SHA PIPELINE CLOSE(0/1)
run_bulkfetch() {
  local id=$1 file=$2 n=$3 sha=$4 pipe=$5 close=$6 stamp out err tf t0 rc=0 hdr=()
  stamp="$id-$(now_ns)"; out="$WORK/$stamp.ndjson"; err="$WORK/$stamp.err"; tf="$WORK/$stamp.time"
  [[ "$close" == 1 ]] && hdr=(-H 'Connection: close')
  t0=$(now_ns)
  local tuning=(-c "$CONC" --per-host "$CONC" --pipeline "$pipe")
  [[ "$pipe" == default ]] && tuning=()   # the README's plain command: what a user runs first
  run_child "$err" "$err" /usr/bin/time -v -o "$tf" timeout "$RUN_TIMEOUT" "${BULKFETCH[@]}" http "${tuning[@]}" \
    -o "$out" -q "${hdr[@]}" "${EXTRA_BF[@]}" "$file" || rc=$?
  M_WALL="$(secs_since "$t0")"
  [[ -s "$err" ]] && log "  bulkfetch stderr (last lines): $(tail -3 "$err" | tr '\n' ' ')"
  M_RSS="$(max_rss_mib "$tf")"
  check_ndjson "$id" "$out" "$n" "$sha" "$rc" "$err"
  [[ "$KEEP" == 1 ]] || rm -f "$out"
  [[ "$M_ERR" != "-" ]]
}

# check_ndjson ID OUT N SHA RC ERRFILE: counts records, 200s and sha256 matches; sets M_REQ M_RPS M_ERR M_NOTE
check_ndjson() {
  local id=$1 out=$2 n=$3 sha=$4 rc=$5 err=$6 stats records distinct s200 good mism other kinds lost
  M_REQ=$n
  if [[ ! -f "$out" ]]; then M_NOTE="exit $rc, no output file: $(tail -3 "$err" | tr '\n' ' ')"; M_ERR=-; return 0; fi
  stats="$(awk -v want="$sha" '
    { records++
      status = "null"; if (match($0, /"status":[0-9]+/)) status = substr($0, RSTART + 9, RLENGTH - 9)
      h = ""; if (match($0, /"sha256":"[0-9a-f]+"/)) h = substr($0, RSTART + 10, RLENGTH - 11)
      if (match($0, /"line":[0-9]+/)) { l = substr($0, RSTART + 7, RLENGTH - 7); if (!(l in seen)) { seen[l] = 1; distinct++ } }
      if (status == "200") { s200++; if (h == want) good++; else mism++ } else other++
      if (match($0, /"error":\{"kind":"[A-Za-z_]+"/)) { k = substr($0, RSTART + 17, RLENGTH - 18); kind[k]++ }
      else if (status != "200") kind["status_" status]++ }
    END { ks = ""; for (k in kind) ks = ks (ks == "" ? "" : ",") k "=" kind[k]
          printf "%d %d %d %d %d %d %s\n", records, distinct, s200, good, mism, other, (ks == "" ? "-" : ks) }' "$out")"
  read -r records distinct s200 good mism other kinds <<<"$stats"
  lost=$((n - distinct))
  M_ERR=$((n - good))
  M_RPS="$(rate "$n" "$M_WALL")"
  M_NOTE=""
  ((rc == 0)) || M_NOTE="exit $rc"
  ((records == n && distinct == n)) || M_NOTE+="${M_NOTE:+, }$records records for $n URLs ($distinct distinct lines)"
  ((mism == 0)) || M_NOTE+="${M_NOTE:+, }$mism sha256 MISMATCHED"
  ((other == 0)) || M_NOTE+="${M_NOTE:+, }$other not 200 ($kinds)"
  CHECK_SUMMARY["$id"]="records $records/$n, lost $lost, status 200: $s200, sha256 = expected: $good, mismatched: $mism, other outcomes: $other$( ((other == 0)) || echo " ($kinds)")"
  [[ " ${CHECK_ORDER[*]} " == *" $id "* ]] || CHECK_ORDER+=("$id")
}

# run_curl ID CURLCONFIG N GZIP(0/1) CLOSE(0/1)
run_curl() {
  local id=$1 cfg=$2 n=$3 gz=$4 close=$5 stamp codes err tf t0 rc=0 opts=() ok
  stamp="$id-$(now_ns)"; codes="$WORK/$stamp.codes"; err="$WORK/$stamp.err"; tf="$WORK/$stamp.time"
  [[ "$gz" == 1 ]] && opts+=(--compressed)
  [[ "$close" == 1 ]] && opts+=(-H 'Connection: close')
  t0=$(now_ns)
  run_child "$codes" "$err" /usr/bin/time -v -o "$tf" timeout "$RUN_TIMEOUT" curl --parallel --parallel-max "$CONC" \
    "${CURL_IMMEDIATE[@]}" -s "${opts[@]}" -w '%{http_code}\n' --config "$cfg" || rc=$?
  M_WALL="$(secs_since "$t0")"
  M_RSS="$(max_rss_mib "$tf")"
  ok="$(grep -c '^200$' "$codes" || true)"
  M_REQ=$n; M_ERR=$((n - ok)); M_RPS="$(rate "$n" "$M_WALL")"
  M_NOTE=""
  ((rc == 0)) || M_NOTE="exit $rc"
  ((M_ERR == 0)) || M_NOTE+="${M_NOTE:+, }$(grep -v '^200$' "$codes" | sort | uniq -c | awk '{printf "%s%s x%s", (NR>1?", ":""), $2, $1}') $(head -c 200 "$err" | tr '\n' ' ')"
  rm -f "$codes"
  [[ -n "$ok" ]]
}

# run_wrk ID URL GZIP(0/1) CLOSE(0/1): the server's ceiling over WRK_DURATION, no output written
run_wrk() {
  local id=$1 url=$2 gz=$3 close=$4 stamp out tf rc=0 opts=() dur_s sock non2xx
  stamp="$id-$(now_ns)"; out="$WORK/$stamp.wrk"; tf="$WORK/$stamp.time"
  [[ "$gz" == 1 ]] && opts+=(-H 'Accept-Encoding: gzip')
  [[ "$close" == 1 ]] && opts+=(-H 'Connection: close')
  run_child "$out" "$out" /usr/bin/time -v -o "$tf" timeout "$RUN_TIMEOUT" wrk -t1 -c"$CONC" -d"$WRK_DURATION" "${opts[@]}" "$url" || rc=$?
  M_RSS="$(max_rss_mib "$tf")"
  if ((rc != 0)); then M_NOTE="wrk exit $rc: $(tail -3 "$out" | tr '\n' ' ')"; return 1; fi
  M_RPS="$(awk '/^Requests\/sec:/{printf "%.0f", $2}' "$out")"
  M_REQ="$(awk '/requests in/{print $1}' "$out")"
  dur_s="$(awk '/requests in/{ d = $4; sub(/,$/, "", d); v = d + 0
    if (d ~ /ms$/) v /= 1000; else if (d ~ /m$/) v *= 60; else if (d ~ /h$/) v *= 3600; printf "%.2f", v }' "$out")"
  M_WALL="${dur_s:--}"
  sock="$(awk '/Socket errors:/{ s = 0; for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) s += $i; print s }' "$out")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/{print $NF}' "$out")"
  M_ERR=$(( ${sock:-0} + ${non2xx:-0} ))
  M_NOTE=""
  [[ -n "$sock" ]] && M_NOTE="$(grep 'Socket errors' "$out" | sed 's/^ *//')"
  [[ -n "$non2xx" ]] && M_NOTE+="${M_NOTE:+, }non-2xx/3xx $non2xx"
  [[ -n "$M_RPS" && -n "$M_REQ" ]] || { M_NOTE="could not parse wrk output $out"; return 1; }
}

# run_jdk ID URLFILE N DECODED_SIZE GZIP(0/1) CLOSE(0/1)
run_jdk() {
  local id=$1 file=$2 n=$3 size=$4 gz=$5 close=$6 stamp out tf t0 rc=0 hdr=() line ok own dec
  stamp="$id-$(now_ns)"; out="$WORK/$stamp.jdk"; tf="$WORK/$stamp.time"
  [[ "$gz" == 1 ]] && hdr+=(-H 'Accept-Encoding: gzip')
  [[ "$close" == 1 ]] && hdr+=(-H 'Connection: close')
  t0=$(now_ns)
  run_child "$out" "$out" /usr/bin/time -v -o "$tf" timeout "$RUN_TIMEOUT" "$JAVA" -cp "$PEER_CP" "$PEER_CLASS" "$file" "$CONC" "${hdr[@]}" || rc=$?
  M_WALL="$(secs_since "$t0")"
  M_RSS="$(max_rss_mib "$tf")"
  line="$(grep -m1 '^jdk-peer: urls=' "$out" || true)"
  if [[ -z "$line" ]]; then M_NOTE="exit $rc: $(tail -3 "$out" | tr '\n' ' ' | head -c 300)"; return 1; fi
  ok="$(sed -n 's/.* ok2xx=\([0-9]*\).*/\1/p' <<<"$line")"
  own="$(sed -n 's/.* elapsed_s=\([0-9.]*\).*/\1/p' <<<"$line")"
  dec="$(sed -n 's/.* decoded_bytes=\([0-9]*\).*/\1/p' <<<"$line")"
  M_REQ=$n; M_ERR=$((n - ok)); M_RPS="$(rate "$n" "$M_WALL")"
  M_NOTE="own timer $(rate "$n" "$own") req/s"
  ((rc == 0)) || M_NOTE+=", exit $rc: $(grep -v '^jdk-peer: urls=' "$out" | head -2 | tr '\n' ' ' | head -c 200)"
  [[ "$dec" == "$((ok * size))" ]] || M_NOTE+=", decoded $dec bytes, want $((ok * size))"
  rm -f "$out"
}

# The kernel's count of SYNs dropped because a listen queue was full (machine-wide, TcpExt).
listen_overflows() {
  awk '/^TcpExt:/ { if (!h) { for (i = 1; i <= NF; i++) k[i] = $i; h = 1 }
    else for (i = 1; i <= NF; i++) if (k[i] == "ListenOverflows") print $i }' /proc/net/netstat 2>/dev/null || true
}

# run_slow ID URLFILE N: bulkfetch with N connections at once to a slow path
run_slow() {
  local id=$1 file=$2 n=$3 stamp out err tf t0 rc=0 lo0 lo1
  stamp="$id-$(now_ns)"; out="$WORK/$stamp.ndjson"; err="$WORK/$stamp.err"; tf="$WORK/$stamp.time"
  lo0="$(listen_overflows)"
  t0=$(now_ns)
  run_child "$err" "$err" /usr/bin/time -v -o "$tf" timeout "$RUN_TIMEOUT" "${BULKFETCH[@]}" http -c "$n" --per-host "$n" \
    -o "$out" -q "${EXTRA_SLOW[@]}" "$file" || rc=$?
  M_WALL="$(secs_since "$t0")"
  lo1="$(listen_overflows)"
  [[ -s "$err" ]] && log "  bulkfetch stderr (last lines): $(tail -3 "$err" | tr '\n' ' ')"
  M_RSS="$(max_rss_mib "$tf")"
  check_ndjson "$id" "$out" "$n" "$SHA_SLOW" "$rc" "$err"
  # a full accept queue (net.core.somaxconn) makes the kernel drop SYNs, which clients retry after 1 s, 3 s...
  if [[ -n "$lo0" && -n "$lo1" ]] && ((lo1 > lo0)); then
    M_NOTE+="${M_NOTE:+, }kernel ListenOverflows +$((lo1 - lo0)) during the run (SYNs dropped and retried; somaxconn $(cat /proc/sys/net/core/somaxconn 2>/dev/null || echo ?))"
  fi
  [[ "$KEEP" == 1 ]] || rm -f "$out"
  [[ "$M_ERR" != "-" ]]
}

# ---------------------------------------------------------------- 6. the runs
# workloads: ID|label|close|gzip|count|decoded size|sha
WORKLOADS=("small-ka|1 KiB, keep-alive|0|0|$N_SMALL|$SMALL_SIZE|$SHA_SMALL")
[[ "$SKIP_CLOSE" == 1 ]] || WORKLOADS+=("small-close|1 KiB, Connection: close|1|0|$N_SMALL|$SMALL_SIZE|$SHA_SMALL")
if [[ "$SKIP_BIG" != 1 ]]; then
  WORKLOADS+=("big-ka|100 KiB gzip, keep-alive|0|1|$N_BIG|$BIG_SIZE|$SHA_BIG")
  [[ "$SKIP_CLOSE" == 1 ]] || WORKLOADS+=("big-close|100 KiB gzip, Connection: close|1|1|$N_BIG|$BIG_SIZE|$SHA_BIG")
fi

cds_train() {  # cds_train BASE_URL SMALL_PATH GZIP_PATH: a short run that makes bin/bulkfetch's AppCDS archive
  [[ "$CDS_TRAIN" == 1 && "$HAVE_HTTP" == 1 ]] || return 0
  [[ -f "${JAR%.jar}.jsa" ]] && return 0
  { yes "$1$2" | head -n 2000; yes "$1$3" | head -n 200; } >"$WORK/urls/train.txt" || true
  log "AppCDS training run (2,200 URLs; makes the archive every measured bulkfetch run then uses)"
  timeout 300 "${BULKFETCH[@]}" http -c "$CONC" --per-host "$CONC" --pipeline 4 -q -o /dev/null "$WORK/urls/train.txt" \
    >"$WORK/train.log" 2>&1 || warn "training run failed: $(tail -3 "$WORK/train.log" | tr '\n' ' ')"
  [[ -f "${JAR%.jar}.jsa" ]] || warn "no AppCDS archive after the training run: measured runs start without one"
}

run_server() {  # run_server TAG NAME BASE_URL SMALL_PATH GZIP_PATH
  local tag=$1 name=$2 base=$3 spath=$4 gpath=$5 w wid label close gz n size sha path id
  cds_train "$base" "$spath" "$gpath"
  for w in "${WORKLOADS[@]}"; do
    IFS='|' read -r wid label close gz n size sha <<<"$w"
    path=$spath; [[ "$gz" == 1 ]] && path=$gpath
    urls "$tag-$wid" "$base$path" "$n"
    if [[ "$HAVE_HTTP" == 1 ]]; then
      measure "$tag-$wid-bf1" "$name" "$label" "bulkfetch --pipeline 1" run_bulkfetch "$WORK/urls/$tag-$wid.txt" "$n" "$sha" 1 "$close"
      if [[ "$SKIP_PIPELINE4" != 1 && "$close" == 0 ]]; then
        measure "$tag-$wid-bf4" "$name" "$label" "bulkfetch --pipeline 4" run_bulkfetch "$WORK/urls/$tag-$wid.txt" "$n" "$sha" 4 "$close"
      fi
      if [[ "$SKIP_DEFAULTS" != 1 && ( "$wid" == small-ka || "$wid" == big-ka ) ]]; then
        measure "$tag-$wid-bfd" "$name" "$label" "bulkfetch (defaults)" run_bulkfetch "$WORK/urls/$tag-$wid.txt" "$n" "$sha" default "$close"
      fi
    else
      add_row "$tag-$wid-bf1" "$name" "$label" "bulkfetch" - - - - - "skipped: no usable jar with the http subcommand"
    fi
    [[ "$SKIP_CURL" == 1 ]] || measure "$tag-$wid-curl" "$name" "$label" "curl --parallel" run_curl "$WORK/urls/$tag-$wid.curl" "$n" "$gz" "$close"
    [[ "$SKIP_WRK" == 1 ]] || measure "$tag-$wid-wrk" "$name" "$label" "wrk -t1 (ceiling, ${WRK_DURATION})" run_wrk "$base$path" "$gz" "$close"
    if [[ "$HAVE_JDK" == 1 ]]; then
      measure "$tag-$wid-jdk" "$name" "$label" "java HttpClient" run_jdk "$WORK/urls/$tag-$wid.txt" "$n" "$size" "$gz" "$close"
    fi
    [[ "$KEEP" == 1 ]] || rm -f "$WORK/urls/$tag-$wid.curl"
  done
}

if [[ "$HAVE_NGINX" == 1 ]]; then
  run_server ng nginx "http://$LOOP:$NGINX_PORT" /$SMALL_FILE /gz/$BIG_FILE
else
  add_row ng-none nginx - - - - - - - "skipped: SKIP_NGINX=1"
fi

NEED_TB=0
[[ "$SKIP_TESTBED" != 1 ]] && NEED_TB=1
[[ "$SKIP_SLOW" != 1 && "$HAVE_HTTP" == 1 ]] && NEED_TB=1
if [[ "$NEED_TB" == 1 && "$HAVE_JAR" == 1 ]] && has_subcommand testbed; then
  check_testbed || true
fi
if [[ "$SKIP_TESTBED" != 1 ]]; then
  if [[ "$TB_OK" == 1 ]]; then
    run_server tb testbed "http://$LOOP:$TB_HTTP_PORT" "/bytes/$SMALL_SIZE" "/gzip/$BIG_SIZE"
  else
    add_row tb-none testbed - - - - - - - "skipped: $([[ "$HAVE_TESTBED" == 1 ]] && echo 'testbed did not start' || echo 'no jar with the testbed subcommand')"
  fi
fi

SLOW_LINE=""
if [[ "$SKIP_SLOW" != 1 ]]; then
  slow_label="slow ${SLOW_DELAY_MS} ms, $N_SLOW at once"
  if [[ "$HAVE_HTTP" == 1 && "$TB_OK" == 1 ]]; then
    cds_train "http://$LOOP:$TB_HTTP_PORT" "/bytes/$SMALL_SIZE" "/gzip/$BIG_SIZE"   # no-op when done already
    urls slow "http://$LOOP:$TB_HTTP_PORT/delay/$SLOW_DELAY_MS/$SLOW_BODY" "$N_SLOW"
    measure slow testbed "$slow_label" "bulkfetch -c $N_SLOW" run_slow "$WORK/urls/slow.txt" "$N_SLOW"
    rss="${R_RSS[slow]}"; errs="${R_ERR[slow]}"
    if [[ "$rss" == "-" ]]; then
      SLOW_LINE="- $N_SLOW concurrent slow fetches: failed (${R_NOTE[slow]})"
    else
      SLOW_LINE="- $N_SLOW concurrent slow fetches (/delay/$SLOW_DELAY_MS/$SLOW_BODY): peak RSS $(printf '%.0f' "$rss") MiB (target <= $SLOW_RSS_TARGET_MIB MiB: $(awk -v r="$rss" -v t="$SLOW_RSS_TARGET_MIB" 'BEGIN{print (r <= t ? "met" : "NOT met")}')), $((N_SLOW - ${errs%.*})) of $N_SLOW answered 200 with the expected body (target all: $([[ "${errs%.*}" == 0 ]] && echo met || echo 'NOT met')), wall ${R_WALL[slow]} s"
    fi
    CMDS+=("ulimit -n 65536; /usr/bin/time -v bin/bulkfetch http -c $N_SLOW --per-host $N_SLOW -o OUT -q ${SLOW_ARGS:+$SLOW_ARGS }URLFILE   # $N_SLOW x http://127.0.0.1:TB_HTTP_PORT/delay/$SLOW_DELAY_MS/$SLOW_BODY")
  else
    add_row slow testbed "$slow_label" "bulkfetch -c $N_SLOW" - - - - - "skipped: needs the http and testbed subcommands"
    SLOW_LINE="- $N_SLOW concurrent slow fetches: skipped"
  fi
fi

# ---------------------------------------------------------------- 7. report
CLOSE_HDR="[-H 'Connection: close']"
RUN_CMDS=()
[[ "$HAVE_NGINX" == 1 ]] && RUN_CMDS+=("timeout $SERVER_LIFETIME nginx -p WORK/nginx -e WORK/nginx/error.log -c WORK/nginx/nginx.conf &   # 127.0.0.1:NGINX_PORT, config below; stopped by PID at the end")
RUN_CMDS+=("${CMDS[@]}")   # the testbed and the slow run
[[ "$HAVE_HTTP" == 1 ]] && RUN_CMDS+=("/usr/bin/time -v bin/bulkfetch http -c $CONC --per-host $CONC --pipeline {1,4} -o OUT -q $CLOSE_HDR ${BULKFETCH_ARGS:+$BULKFETCH_ARGS }URLFILE   # --pipeline 4 only with keep-alive; BULKFETCH_JAR = a copy of the jar")
[[ "$SKIP_CURL" == 1 ]] || RUN_CMDS+=("/usr/bin/time -v curl --parallel --parallel-max $CONC ${CURL_IMMEDIATE[*]} -s [--compressed] $CLOSE_HDR -w '%{http_code}\\n' --config URLCONFIG   # URLCONFIG: url = \"URL\" + output = \"/dev/null\" per URL")
[[ "$SKIP_WRK" == 1 ]] || RUN_CMDS+=("/usr/bin/time -v wrk -t1 -c$CONC -d$WRK_DURATION [-H 'Accept-Encoding: gzip'] $CLOSE_HDR URL")
[[ "$HAVE_JDK" == 1 ]] && RUN_CMDS+=("/usr/bin/time -v $JAVA -cp load-tests/target/classes $PEER_CLASS URLFILE $CONC [-H 'Accept-Encoding: gzip'] $CLOSE_HDR   # run from a copy of the classes")
TABLE="| server | workload | client | requests | wall s | req/s | errors | peak RSS MiB | note |"$'\n'
TABLE+="| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |"$'\n'
for id in "${ROWS[@]}"; do
  TABLE+="| ${R_SERVER[$id]} | ${R_WL[$id]} | ${R_CLIENT[$id]} | $(fmt "${R_REQ[$id]}" 0) | $(fmt "${R_WALL[$id]}" 2) | $(fmt "${R_RPS[$id]}" 0) | $(fmt "${R_ERR[$id]}" 0) | $(fmt "${R_RSS[$id]}" 0) | ${R_NOTE[$id]} |"$'\n'
done

val() { local k=$1; if [[ -n "${R_RPS[$k]+x}" ]]; then echo "${R_RPS[$k]}"; else echo -; fi; }
ratio() {  # ratio NUM DEN TARGET -> "1.23x (target >= 1.5x: met)" / "n/a (target >= 1.5x)"
  if [[ "$1" == "-" || "$2" == "-" || -z "$1" || -z "$2" ]]; then echo "n/a (target >= ${3}x)"; return; fi
  awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN{ if (b <= 0) { printf "n/a (target >= %sx)", t; exit } r = a / b
    printf "%.2fx (target >= %sx: %s)", r, t, (r >= t ? "met" : "NOT met") }'
}
RATIOS=""
for srv in ng tb; do
  name=nginx; [[ "$srv" == tb ]] && name=testbed
  [[ -n "${R_RPS[$srv-small-ka-bf1]+x}" ]] || continue
  # targets of issue 21: wrk p1 >= 1.0x and p4 >= 1.3x; curl and the JDK client >= 3x; the defaults held to the p1 bar
  for peer in "curl|curl --parallel|3|3" "jdk|java HttpClient|3|3" "wrk|wrk|1.0|1.3"; do
    IFS='|' read -r pk plabel t1 t4 <<<"$peer"
    [[ -n "${R_RPS[$srv-small-ka-$pk]+x}" ]] || continue
    line="- $name, 1 KiB keep-alive: bulkfetch / $plabel: --pipeline 1 $(ratio "$(val "$srv-small-ka-bf1")" "$(val "$srv-small-ka-$pk")" "$t1")"
    [[ -n "${R_RPS[$srv-small-ka-bf4]+x}" ]] && line+=", --pipeline 4 $(ratio "$(val "$srv-small-ka-bf4")" "$(val "$srv-small-ka-$pk")" "$t4")"
    [[ -n "${R_RPS[$srv-small-ka-bfd]+x}" ]] && line+=", defaults $(ratio "$(val "$srv-small-ka-bfd")" "$(val "$srv-small-ka-$pk")" "$t1")"
    RATIOS+="$line"$'\n'
  done
  [[ -n "${R_RPS[$srv-small-close-bf1]+x}" && -n "${R_RPS[$srv-small-close-wrk]+x}" ]] \
    && RATIOS+="- $name, 1 KiB Connection: close: bulkfetch / wrk: $(ratio "$(val "$srv-small-close-bf1")" "$(val "$srv-small-close-wrk")" 0.9)"$'\n'
  if [[ -n "${R_RPS[$srv-big-ka-curl]+x}" && -n "${R_RPS[$srv-big-ka-bf1]+x}" ]]; then
    line="- $name, 100 KiB gzip keep-alive: bulkfetch / curl --parallel: --pipeline 1 $(ratio "$(val "$srv-big-ka-bf1")" "$(val "$srv-big-ka-curl")" 1.5)"
    [[ -n "${R_RPS[$srv-big-ka-bf4]+x}" ]] && line+=", --pipeline 4 $(ratio "$(val "$srv-big-ka-bf4")" "$(val "$srv-big-ka-curl")" 1.5)"
    [[ -n "${R_RPS[$srv-big-ka-bfd]+x}" ]] && line+=", defaults $(ratio "$(val "$srv-big-ka-bfd")" "$(val "$srv-big-ka-curl")" 1.5)"
    RATIOS+="$line"$'\n'
  fi
done
[[ -n "$SLOW_LINE" ]] && RATIOS+="$SLOW_LINE"$'\n'
CHECKS=""
for k in "${CHECK_ORDER[@]}"; do CHECKS+="- bulkfetch output check, ${R_SERVER[$k]:-?} / ${R_WL[$k]:-?} / ${R_CLIENT[$k]:-?}: ${CHECK_SUMMARY[$k]}"$'\n'; done

TITLE="HTTP benchmark ($N_SMALL x 1 KiB$([[ "$SKIP_BIG" == 1 ]] || echo ", $N_BIG x 100 KiB gzip"), $CONC in flight; medians of $REPEAT run(s))"
echo
echo "## $TITLE"
echo
printf '%s' "$TABLE"
echo
printf '%s' "$RATIOS"
[[ -n "$CHECKS" ]] && { echo; printf '%s' "$CHECKS"; }

JAVA_VERSION="$("$JAVA" -version 2>&1 | tr '\n' ';' | sed 's/;$//; s/;/; /g' || true)"
NGINX_VERSION="$("$NGINX_BIN" -v 2>&1 | sed -n 1p || true)"
CURL_VERSION="$(curl --version 2>/dev/null | sed -n 1p | cut -d' ' -f1-2 || true)"
WRK_VERSION="$(wrk -v 2>&1 | sed -n 1p | cut -d' ' -f1-2 || true)"   # wrk -v exits 1
{
  echo "# HTTP benchmark: latest run"
  echo
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%SZ')"
  echo "- nproc: $(nproc); load average before / after: $LOAD_BEFORE / $(cut -d' ' -f1-3 /proc/loadavg) (other jobs on the machine skew the figures)"
  echo "- java -version: $JAVA_VERSION"
  echo "- nginx -v: $NGINX_VERSION (worker_processes 1); curl: $CURL_VERSION; wrk: $WRK_VERSION"
  echo "- bulkfetch: ${BULKFETCH_VERSION:-?} (a copy of ${JAR_SRC#"$ROOT"/} taken at the start; AppCDS archive from a training run: $([[ "$CDS_TRAIN" == 1 ]] && echo yes || echo no))"
  echo "- ulimit -n: $NOFILE; N_SMALL=$N_SMALL N_BIG=$N_BIG N_SLOW=$N_SLOW CONC=$CONC WRK_DURATION=$WRK_DURATION REPEAT=$REPEAT (medians)"
  echo "- wall s = whole process (JVM start included) for bulkfetch, curl and the JDK peer; wrk runs for a fixed time and its req/s is its own Requests/sec line"
  echo "- errors = URLs without a 200 (bulkfetch: without a 200 and the expected sha256); wrk: socket errors + non-2xx/3xx"
  [[ ${#CURL_IMMEDIATE[@]} -eq 0 ]] && echo "- this curl has no --parallel-immediate: curl ran without it"
  [[ -n "$BULKFETCH_ARGS" ]] && echo "- BULKFETCH_ARGS: \`$BULKFETCH_ARGS\`"
  echo
  printf '%s' "$TABLE"
  echo
  printf '%s' "$RATIOS"
  [[ -n "$CHECKS" ]] && { echo; printf '%s' "$CHECKS"; }
  echo
  echo "## Commands"
  echo
  echo '```'
  printf '%s\n' "${RUN_CMDS[@]}"
  echo '```'
  echo
  echo "URLs: nginx \`http://127.0.0.1:PORT/$SMALL_FILE\`, \`/gz/$BIG_FILE\`; testbed \`/bytes/$SMALL_SIZE\`, \`/gzip/$BIG_SIZE\`."
  echo "nginx's files are written by \`bulkfetch testbed --write-content\` (the testbed's payload pattern, byte i = 'a' + (i*7 + i/251) mod 26), so both servers' bodies hash alike:"
  echo "sha256 $SMALL_FILE $SHA_SMALL, $BIG_FILE $SHA_BIG."
  if [[ -f "$WORK/nginx/nginx.conf" ]]; then
    echo
    echo "nginx config (WORK = the temporary work dir):"
    echo
    echo '```'
    sed "s#$WORK#WORK#g" "$WORK/nginx/nginx.conf"
    echo '```'
  fi
} >"$RESULTS_FILE"
log "wrote $RESULTS_FILE"
