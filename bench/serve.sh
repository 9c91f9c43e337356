#!/usr/bin/env bash
# `make bench-serve`: wrk against /v1/eval of a release server on loopback (the client shares the
# machine's cores). In order: a warm-up of 2,000 requests; requests up to 10,000 (RSS); the timed run (`wrk -t2 -c16`,
# BENCH_SECONDS, default 30: requests/s and p99); requests up to 100,000 (RSS again, at most 1.1x the
# first); then 1,000 concurrent connections (BENCH_CONN_SECONDS, default 10; no errors or timeouts).
# Request counts are the server's own (one log line per request). Exit 1 when a target is missed.
set -euo pipefail
BIN=${1:-.build/release/ismap-rules}
mkdir -p .build
"$BIN" eval --format json examples/multi-year-contract.yaml \
  | python3 -c 'import json,sys; e=json.load(sys.stdin); print(json.dumps({"facts": e["facts"], "as_of": e["as_of"]}))' \
  > .build/bench-serve-body.json
ulimit -n 4096
LOG=.build/bench-serve.log
"$BIN" serve --port 0 2>"$LOG" &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q '"listening"' "$LOG" 2>/dev/null && break; sleep 0.1; done
PORT=$(python3 -c 'import json,sys; print([json.loads(l)["port"] for l in open(sys.argv[1]) if "listening" in l][0])' "$LOG")
URL="http://127.0.0.1:$PORT/v1/eval"
rss() { awk '/VmRSS/ {print $2}' /proc/$PID/status; }
served() { grep -c '"path": "/v1/eval", "status": 200' "$LOG" || true; }
failed=0
# Sends requests until the server has answered `$1` in all (wrk stops each thread after its share).
upto() {
  local left=$(( $1 - $(served) ))
  while [ "$left" -gt 0 ]; do
    BENCH_STOP_AFTER=$(( (left + 1) / 2 )) wrk -t2 -c16 -d120s -s bench/serve-eval.lua "$URL" >/dev/null
    left=$(( $1 - $(served) ))
  done
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== warm-up (2,000 requests) and requests up to 10,000"
upto 2000
upto 10000
N10=$(served); R10=$(rss)
echo "RSS after $N10 requests: $R10 kB"
echo "== wrk -t2 -c16 -d${BENCH_SECONDS:-30}s --latency /v1/eval"
wrk -t2 -c16 -d"${BENCH_SECONDS:-30}"s --latency -s bench/serve-eval.lua "$URL" | tee .build/bench-serve-wrk.txt
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - .build/bench-serve-wrk.txt <<'PY' || failed=1
import re, sys
t = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
m = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", t)
p99 = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
bad = re.search(r"Socket errors|Non-2xx", t)
ok = rps >= 5000 and p99 < 10 and not bad
print(f"requests/s {rps:.0f} (target >= 5000), p99 {p99:.2f} ms (target < 10): {'met' if ok else 'NOT met'}")
sys.exit(0 if ok else 1)
PY
echo "== requests up to 100,000"
upto 100000
N100=$(served); R100=$(rss)
RATIO=$(python3 -c "print(round($R100/$R10, 3))")
echo "RSS after $N100 requests: $R100 kB; ratio to after $N10: $RATIO (target <= 1.1)"
python3 -c "import sys; sys.exit(0 if $R100 <= 1.1 * $R10 else 1)" || { echo "RSS target NOT met"; failed=1; }
echo "== 1,000 concurrent connections (wrk -t2 -c1000 -d${BENCH_CONN_SECONDS:-10}s, 2 s timeout)"
wrk -t2 -c1000 -d"${BENCH_CONN_SECONDS:-10}"s --latency -s bench/serve-eval.lua "$URL" | tee .build/bench-serve-wrk-1000.txt
if grep -qE "Socket errors|Non-2xx" .build/bench-serve-wrk-1000.txt; then echo "1,000 connections: errors or timeouts"; failed=1
else echo "1,000 connections: every request answered, no timeouts"; fi
echo "RSS after 1,000 connections: $(rss) kB; requests served in all: $(served)"
grep -v '"status": 200' "$LOG" | grep -c '"status"' | xargs echo "log lines with another status:"
exit $failed
