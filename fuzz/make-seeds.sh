#!/bin/sh
# Writes seed corpora for the fuzz targets from the rule files and tests:
#   fuzz/corpus/yaml  every YAML file under rules/, Tests/ and examples/
#   fuzz/corpus/expr  every expression (when/deadline/value/definition text) in those files
#   fuzz/corpus/eval  each rule set joined with facts files ("#@file" / "#@facts" markers, see FuzzEval.swift)
#   fuzz/corpus/check each rule set alone ("#@file" markers, see FuzzCheck.swift), the bad-input rule
#                     files, and fuzz/seeds/ (every construct and built-in function of the language)
# Usage: fuzz/make-seeds.sh [OUT]   (run from the package root; OUT defaults to fuzz/corpus)
set -eu
OUT=${1:-fuzz/corpus}
mkdir -p "$OUT/yaml" "$OUT/expr" "$OUT/eval" "$OUT/check"
n=0
for f in $(find rules Tests examples fuzz/seeds -name '*.yaml' -o -name '*.yml' | sort); do
  n=$((n + 1)); cp "$f" "$OUT/yaml/seed-$n.yaml"
done
# Expressions: the text after `when:`, `deadline:`, `value:` and definition lines, unquoted.
find rules Tests examples fuzz/seeds -name '*.yaml' | sort | xargs sed -n \
  -e 's/^[ -]*\(when\|deadline\|value\|[a-z_][a-z_0-9]*\): *"\(.*\)" *$/\2/p' \
  -e 's/^[ -]*\(when\|deadline\|value\): *\([^"{[].*\)$/\2/p' \
  -e 's/^ *- \([a-z_][a-z_.]* *\(==\|!=\|>=\|<=\|>\|<\|in\|contains\) .*\)$/\1/p' |
  sort -u | awk -v out="$OUT/expr" '{ n++; f = out "/seed-" n ".txt"; printf "%s", $0 > f; close(f) }'
# Whole rule sets with facts.
k=0
for set in Tests/RulesCLITests/Fixtures/small rules/ismap/*/; do
  files=$(find "$set" -maxdepth 1 -name '*.yaml' | sort)
  [ -n "$files" ] || continue
  for facts in Tests/RulesCLITests/Fixtures/small-facts/*.yaml Tests/RulesCLITests/Fixtures/bad-facts/*.yaml examples/*.yaml; do
    [ -f "$facts" ] || continue
    k=$((k + 1)); out="$OUT/eval/seed-$k.txt"; : > "$out"; first=1
    for f in $files; do
      if [ $first = 0 ]; then printf '\n#@file\n' >> "$out"; fi
      cat "$f" >> "$out"; first=0
    done
    printf '\n#@facts\n' >> "$out"; cat "$facts" >> "$out"
  done
done
# Rule sets alone, for FuzzCheck (loading, every lint, a self-diff).
c=0
for set in Tests/RulesCLITests/Fixtures/small Tests/RulesCLITests/Fixtures/check-planted/v1 rules/ismap/*/; do
  files=$(find "$set" -maxdepth 1 -name '*.yaml' | sort)
  [ -n "$files" ] || continue
  c=$((c + 1)); out="$OUT/check/seed-$c.txt"; : > "$out"; first=1
  for f in $files; do
    if [ $first = 0 ]; then printf '\n#@file\n' >> "$out"; fi
    cat "$f" >> "$out"; first=0
  done
done
for f in fuzz/seeds/*.yaml Tests/BadInput/rules/*.yaml; do
  c=$((c + 1)); cp "$f" "$OUT/check/seed-$c.txt"
done
# The seeds with every construct, with each facts file, for FuzzEval too.
for f in fuzz/seeds/*.yaml; do
  for facts in fuzz/seeds/facts/*.yaml; do
    k=$((k + 1)); out="$OUT/eval/seed-$k.txt"
    { cat "$f"; printf '\n#@facts\n'; cat "$facts"; } > "$out"
  done
done
echo "seeds: $(ls "$OUT/yaml" | wc -l) yaml, $(ls "$OUT/expr" | wc -l) expr, $(ls "$OUT/eval" | wc -l) eval, $(ls "$OUT/check" | wc -l) check in $OUT"
