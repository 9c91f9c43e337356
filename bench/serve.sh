#!/usr/bin/env bash
# `make bench-serve`: wrk against /v1/eval of a release server on loopback (the client shares the
# machine), then RSS after 10,000 and 100,000 requests, then 1,000 concurrent connections.
set -euo pipefail
BIN=${1:-.build/release/ismap-rules}
mkdir -p .build
"$BIN" eval --format json examples/multi-year-contract.yaml \
  | python3 -c 'import json,sys; e=json.load(sys.stdin); print(json.dumps({"facts": e["facts"], "as_of": e["as_of"]}))' \
  > .build/bench-serve-body.json
ulimit -n 4096 || true
"$BIN" serve --port 0 2>.build/bench-serve.log &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q '"listening"' .build/bench-serve.log 2>/dev/null && break; sleep 0.1; done
PORT=$(python3 -c 'import json,sys; print([json.loads(l)["port"] for l in open(".build/bench-serve.log") if "listening" in l][0])')
URL="http://127.0.0.1:$PORT/v1/eval"
rss() { awk '/VmRSS/ {print $2}' /proc/$PID/status; }
echo "== warm-up and 10,000 requests"
wrk -t2 -c16 -d3s -s bench/serve-eval.lua "$URL" >/dev/null
python3 - "$PORT" 10000 <<'PY'
import http.client, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
body = open(".build/bench-serve-body.json", "rb").read()
c = http.client.HTTPConnection("127.0.0.1", port)
for _ in range(n):
    c.request("POST", "/v1/eval", body, {"Content-Type": "application/json"})
    r = c.getresponse(); r.read()
    assert r.status == 200
PY
R10=$(rss)
echo "RSS after ~10,000 requests: $R10 kB"
echo "== wrk -t2 -c16 -d${BENCH_SECONDS:-30}s /v1/eval"
wrk -t2 -c16 -d"${BENCH_SECONDS:-30}"s --latency -s bench/serve-eval.lua "$URL" | tee .build/bench-serve-wrk.txt
R100=$(rss)
echo "RSS after the timed run above (its request count is in wrk's output): $R100 kB (ratio $(python3 -c "print(round($R100/$R10, 3))"))"
echo "== 1,000 concurrent connections"
wrk -t2 -c1000 -d"${BENCH_CONN_SECONDS:-10}"s --latency -s bench/serve-eval.lua "$URL" | tee .build/bench-serve-wrk-1000.txt
echo "RSS after 1,000 connections: $(rss) kB"
grep -c '"status": 200' .build/bench-serve.log | xargs echo "logged 200 lines:"
