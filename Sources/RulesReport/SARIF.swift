import RulesSource

/// SARIF 2.1.0 output, so code review shows findings on the lines they are about.
/// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
package enum SARIF {
  package static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

  /// One run of `tool` over `diagnostics`. Each code that occurs is a rule, described by its
  /// `DiagnosticCode.summary`. Columns are Unicode code points, as in every diagnostic.
  package static func log(
    _ diagnostics: [Diagnostic], tool: String, version: String? = nil, informationURI: String? = nil,
    suppressed: [(Diagnostic, justification: String)] = []
  ) -> JSON {
    // Acknowledged findings are results with an in-source suppression (`allow:`), as SARIF viewers expect.
    let justification = Dictionary(suppressed.enumerated().map { (diagnostics.count + $0.offset, $0.element.justification) },
                                   uniquingKeysWith: { a, _ in a })
    let diagnostics = diagnostics + suppressed.map(\.0)
    var ids: [DiagnosticCode] = []
    for d in diagnostics where !ids.contains(d.code) { ids.append(d.code) }
    ids.sort()
    let rules = ids.map { id -> JSON in
      .object([("id", .string(id.rawValue)), ("shortDescription", .object([("text", .string(id.summary))]))])
    }
    var driver: [(String, JSON)] = [("name", .string(tool))]
    if let version { driver.append(("version", .string(version))) }
    if let informationURI { driver.append(("informationUri", .string(informationURI))) }
    driver.append(("rules", .array(rules)))
    let index = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    let results = diagnostics.enumerated().map { i, d -> JSON in
      var text = d.message
      if let help = d.help { text += "\nhelp: " + help }
      var r: [(String, JSON)] = [
        ("ruleId", .string(d.code.rawValue)), ("ruleIndex", .number(Double(index[d.code] ?? 0))),
        ("level", .string(d.severity.rawValue)), ("message", .object([("text", .string(text))])),
        ("locations", .array([location(d.range)])),
      ]
      if !d.notes.isEmpty {
        r.append(("relatedLocations", .array(d.notes.enumerated().map { i, n in
          guard case .object(var kvs) = location(n.range) else { return .null }
          kvs.insert(("id", .number(Double(i + 1))), at: 0)
          kvs.append(("message", .object([("text", .string(n.message))])))
          return .object(kvs)
        })))
      }
      if let why = justification[i] {
        r.append(("suppressions", .array([.object([("kind", .string("inSource")), ("justification", .string(why))])])))
      }
      return .object(r)
    }
    return .object([
      ("version", .string("2.1.0")),
      ("$schema", .string(schema)),
      ("runs", .array([.object([
        ("tool", .object([("driver", .object(driver))])),
        ("columnKind", .string("unicodeCodePoints")),
        ("results", .array(results)),
      ])])),
    ])
  }

  static func location(_ r: SourceRange) -> JSON {
    var region: [(String, JSON)] = [("startLine", .number(Double(r.start.line))), ("startColumn", .number(Double(r.start.column)))]
    if r.end != r.start {
      region.append(("endLine", .number(Double(r.end.line))))
      region.append(("endColumn", .number(Double(r.end.column))))
    }
    return .object([("physicalLocation", .object([
      ("artifactLocation", .object([("uri", .string(uri(r.file)))])),
      ("region", .object(region)),
    ]))])
  }

  /// A relative URI reference for a path: `/` kept, everything outside RFC 3986's unreserved set escaped.
  package static func uri(_ path: String) -> String {
    var out = ""
    for b in path.utf8 {
      switch b {
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
        out.unicodeScalars.append(Unicode.Scalar(b))
      default:
        let hex = String(b, radix: 16, uppercase: true)
        out += "%" + (hex.count == 1 ? "0" + hex : hex)
      }
    }
    return out
  }
}
