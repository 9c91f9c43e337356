import Foundation
import Testing

/// The package root, found from this file's path, so tests do not depend on the working folder.
let packageRoot: String = {
  var url = URL(fileURLWithPath: #filePath)
  for _ in 0..<3 { url.deleteLastPathComponent() }
  return url.path
}()

/// A path under Tests/RulesCLITests/Fixtures.
func fixture(_ p: String) -> String { packageRoot + "/Tests/RulesCLITests/Fixtures/" + p }

/// Golden files for CLI output: compares `actual` with `Snapshots/<name>`; with
/// `RECORD_SNAPSHOTS=1` it rewrites the file instead (and records an issue, so a new baseline
/// is always looked at). Paths under the package root are made relative first.
func assertSnapshot(_ name: String, _ actual: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let path = packageRoot + "/Tests/RulesCLITests/Snapshots/" + name
  let normalized = actual.replacingOccurrences(of: packageRoot + "/", with: "")
  if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
    try? normalized.write(toFile: path, atomically: true, encoding: .utf8)
    Issue.record("recorded \(name); run again without RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
    return
  }
  guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
    Issue.record("no snapshot \(name); run with RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
    return
  }
  if normalized != expected {
    let a = normalized.split(separator: "\n", omittingEmptySubsequences: false)
    let b = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let i = Array(zip(a, b)).firstIndex { $0.0 != $0.1 } ?? min(a.count, b.count)
    Issue.record("""
      output differs from Snapshots/\(name) at line \(i + 1):
        expected: \(i < b.count ? String(b[i]) : "<end>")
        actual:   \(i < a.count ? String(a[i]) : "<end>")
      """, sourceLocation: sourceLocation)
  }
}
