import Crypto
import RulesModel

/// SHA-256 over the rule files read (path and bytes, in path order), so a recorded decision can be
/// replayed against the exact rules that made it.
package enum Digest {
  package static func of(_ files: [RuleFile]) -> String {
    var h = SHA256()
    for f in files.sorted(by: { $0.path < $1.path }) {
      let name = f.path.split(separator: "/").last.map(String.init) ?? f.path
      h.update(data: Array(name.utf8) + [0])
      h.update(data: Array(String(f.bytes.count).utf8) + [0])
      h.update(data: f.bytes)
    }
    return "sha256:" + h.finalize().map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
  }
}
