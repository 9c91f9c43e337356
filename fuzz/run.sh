#!/bin/sh
# fuzz/run.sh TARGET SECONDS — runs one libFuzzer target (built by `make fuzz-build`) on its corpus.
# New inputs go to fuzz/corpus/<kind>; crashes to fuzz/artifacts/. Exit 1 on a finding.
# Leak checks are off: LeakSanitizer flags Swift's lazily initialised globals at exit.
set -u
t=$1; secs=$2
case $t in FuzzYAML) kind=yaml ;; FuzzExpr) kind=expr ;; FuzzEval) kind=eval ;; FuzzCheck) kind=check ;; *) echo "unknown target $t"; exit 2 ;; esac
mkdir -p fuzz/corpus/$kind fuzz/artifacts
echo "== $t for $secs s on fuzz/corpus/$kind"
ASAN_OPTIONS=detect_leaks=0 .build-fuzz/debug/$t fuzz/corpus/$kind -max_total_time="$secs" -rss_limit_mb=2048 -timeout="${FUZZ_TIMEOUT:-10}" -max_len=65536 -detect_leaks=0 \
  -artifact_prefix=fuzz/artifacts/$t- -print_final_stats=1 >fuzz/artifacts/$t.log 2>&1
rc=$?
grep -E '^#[0-9]+.*(DONE|pulse|cov:)' fuzz/artifacts/$t.log | tail -1
grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' fuzz/artifacts/$t.log
if [ $rc -ne 0 ]; then echo "$t: FINDING (exit $rc), see fuzz/artifacts/$t.log"; grep -m5 -E 'ERROR|==ERROR|Fatal|deadly|crash-|timeout-|oom-' fuzz/artifacts/$t.log; exit 1; fi
