/// A problem found in a rule set, a facts file or a test file, with the place it is at.
///
/// Messages are lowercase with no final period and put user input in backticks; `help`
/// says what to write instead; `notes` point at a second place ("first defined here").
package struct Diagnostic: Hashable, Sendable {
  package enum Severity: String, Hashable, Sendable, Comparable {
    case error, warning, note
    package static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
  }

  package let severity: Severity
  /// A stable code, e.g. `unknown-fact`; one of `DiagnosticCode.all`, listed in docs/diagnostics.md.
  package let code: DiagnosticCode
  package let message: String
  package let range: SourceRange
  package let help: String?
  package let notes: [Diagnostic]

  package init(
    _ severity: Severity, _ code: DiagnosticCode, _ message: String, at range: SourceRange,
    help: String? = nil, notes: [Diagnostic] = []
  ) {
    self.severity = severity
    self.code = code
    self.message = message
    self.range = range
    self.help = help
    self.notes = notes
  }

  package static func error(
    _ code: DiagnosticCode, _ message: String, at range: SourceRange, help: String? = nil, notes: [Diagnostic] = []
  ) -> Diagnostic {
    Diagnostic(.error, code, message, at: range, help: help, notes: notes)
  }

  package static func warning(
    _ code: DiagnosticCode, _ message: String, at range: SourceRange, help: String? = nil, notes: [Diagnostic] = []
  ) -> Diagnostic {
    Diagnostic(.warning, code, message, at: range, help: help, notes: notes)
  }

  package static func note(_ message: String, at range: SourceRange) -> Diagnostic {
    Diagnostic(.note, .note, message, at: range)
  }

  /// The same diagnostic as an error (for `--strict`).
  package var asError: Diagnostic {
    Diagnostic(.error, code, message, at: range, help: help, notes: notes)
  }
}

/// An error that carries one or more diagnostics. It can never hold zero.
package struct DiagnosticError: Error, Sendable {
  package let diagnostics: [Diagnostic]

  package init(_ first: Diagnostic, _ rest: [Diagnostic] = []) {
    diagnostics = [first] + rest
  }

  /// Nil when `diagnostics` holds no error.
  package init?(_ diagnostics: [Diagnostic]) {
    guard diagnostics.contains(where: { $0.severity == .error }) else { return nil }
    self.diagnostics = diagnostics
  }
}
