import RulesSource

/// Diagnostics as JSON: one object per finding, with its place, code, message, help and notes.
package enum DiagnosticsJSON {
  package static func make(_ diagnostics: [Diagnostic], extra: [(String, JSON)] = []) -> JSON {
    let errors = diagnostics.filter { $0.severity == .error }.count
    let warnings = diagnostics.filter { $0.severity == .warning }.count
    return .object(extra + [
      ("summary", .object([("errors", .number(Double(errors))), ("warnings", .number(Double(warnings)))])),
      ("diagnostics", .array(diagnostics.map(item))),
    ])
  }

  package static func item(_ d: Diagnostic) -> JSON {
    var kvs: [(String, JSON)] = [
      ("severity", .string(d.severity.rawValue)), ("code", .string(d.code.rawValue)), ("message", .string(d.message)),
    ]
    kvs += place(d.range)
    kvs.append(("help", .string(d.help)))
    kvs.append(("notes", .array(d.notes.map { n in .object([("message", .string(n.message))] + place(n.range)) })))
    return .object(kvs)
  }

  static func place(_ r: SourceRange) -> [(String, JSON)] {
    [("file", .string(r.file)), ("line", .number(Double(r.start.line))), ("column", .number(Double(r.start.column))),
     ("end_line", .number(Double(r.end.line))), ("end_column", .number(Double(r.end.column)))]
  }
}
