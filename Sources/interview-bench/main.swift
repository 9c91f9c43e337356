// `make bench-interview`: how many questions the interview needs on every case of the given test
// files (docs/interview.md). Deterministic: counts, not timings.
#if canImport(Glibc)
import Glibc
#endif
import RulesCLI

let paths = Array(CommandLine.arguments.dropFirst())
if paths.isEmpty {
  print("usage: interview-bench TEST-FILE…")
  exit(64)
}
let (text, ok) = InterviewBench.report(paths)
print(text, terminator: "")
exit(ok ? 0 : 2)
