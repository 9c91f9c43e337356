import Foundation
import RulesSource
import RulesYAML
import Testing
@testable import RulesCLI

/// YAML says key order and quoting carry no meaning, so neither may the rules: every bundled rule
/// file is written out again with its keys sorted and its scalars quoted the other way, and `diff`
/// must find no change between the two (exit 0).
@Suite struct ReemitTests {
  /// A small YAML writer over the parsed tree: block style, keys sorted, scalars re-quoted.
  enum Writer {
    static func document(_ root: YAMLNode) -> String {
      var out = "# re-emitted: keys sorted, quoting changed\n"
      write(root, indent: 0, into: &out)
      return out
    }

    static func write(_ node: YAMLNode, indent: Int, into out: inout String) {
      let pad = String(repeating: " ", count: indent)
      switch node.kind {
      case .scalar(let s): out += pad + scalar(s) + "\n"
      case .sequence(let items):
        if items.isEmpty { out += pad + "[]\n" }
        for item in items {
          if let inline = inline(item) {
            out += pad + "- " + inline + "\n"
          } else {
            out += pad + "-\n"
            write(item, indent: indent + 2, into: &out)
          }
        }
      case .mapping(let pairs):
        if pairs.isEmpty { out += pad + "{}\n" }
        for p in pairs.sorted(by: { $0.name < $1.name }) {
          let key = doubleQuoted(p.name)
          if let inline = inline(p.value) {
            out += pad + key + ": " + inline + "\n"
          } else {
            out += pad + key + ":\n"
            write(p.value, indent: indent + 2, into: &out)
          }
        }
      }
    }

    /// A scalar or empty collection on one line; nil for a collection with items.
    static func inline(_ node: YAMLNode) -> String? {
      switch node.kind {
      case .scalar(let s): return scalar(s)
      case .sequence(let xs): return xs.isEmpty ? "[]" : nil
      case .mapping(let ps): return ps.isEmpty ? "{}" : nil
      }
    }

    /// Plain text becomes quoted, quoted text changes quotes, block text becomes double-quoted.
    /// Bools, nulls and numbers stay plain: quoted, YAML makes them text.
    static func scalar(_ s: YAMLScalar) -> String {
      switch s.style {
      case .plain:
        if s.isNull { return "null" }
        if s.value == "true" || s.value == "false" || s.value.wholeMatch(of: /[-+]?[0-9][0-9_]*(\.[0-9]*)?([eE][-+]?[0-9]+)?/) != nil {
          return s.value
        }
        return s.value.count % 2 == 0 ? singleQuoted(s.value) : doubleQuoted(s.value)
      case .doubleQuoted: return singleQuoted(s.value)
      case .singleQuoted, .literal, .folded: return doubleQuoted(s.value)
      }
    }

    static func singleQuoted(_ v: String) -> String {
      if v.contains("\n") || v.unicodeScalars.contains(where: { $0.value < 0x20 }) { return doubleQuoted(v) }
      return "'" + v.replacingOccurrences(of: "'", with: "''") + "'"
    }

    static func doubleQuoted(_ v: String) -> String {
      var out = "\""
      for u in v.unicodeScalars {
        switch u {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        default:
          if u.value < 0x20 { out += String(format: "\\x%02X", u.value) } else { out.unicodeScalars.append(u) }
        }
      }
      return out + "\""
    }
  }

  static let versions: [String] = {
    let root = packageRoot + "/rules/ismap"
    return ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted().map { root + "/" + $0 }
      .filter { InputFile.isDirectory($0) }
  }()

  @Test func thereAreBundledVersions() { #expect(Self.versions.count >= 2) }

  @Test(arguments: versions) func reemittedRulesMeanTheSame(_ version: String) throws {
    let dir = NSTemporaryDirectory() + "reemit-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let files = try FileManager.default.contentsOfDirectory(atPath: version).filter { $0.hasSuffix(".yaml") }.sorted()
    #expect(!files.isEmpty)
    var changed = 0
    // Files are also written in reverse order of name, so declarations come after their uses.
    for (i, f) in files.reversed().enumerated() {
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: version + "/" + f)))
      let doc = try YAMLParser.parse(bytes, path: f)
      let root = try #require(doc.root, "\(f) is empty")
      let text = Writer.document(root)
      if text != String(decoding: bytes, as: UTF8.self) { changed += 1 }
      try text.write(toFile: dir + "/\(String(format: "%02d", i))-\(f)", atomically: true, encoding: .utf8)
    }
    #expect(changed == files.count)
    let r = try runDiff([version, dir])
    #expect(r.exit == 0, "\(version): \(r.output)\(r.errors)")
    #expect(r.output.contains("no changes in meaning"), "\(r.output)")
    // The cases decide the same too.
    let cases = try runDiff([version, dir, "--cases", packageRoot + "/Tests/ismap"])
    #expect(cases.exit == 0, "\(cases.output)\(cases.errors)")
  }
}
