internal import RulesSource

/// The one error the library throws: every problem found, each with its place and advice.
/// Loading rules, reading facts and evaluating all fail with it (typed throws).
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The problems, most important first; never empty.
  public let diagnostics: [EngineDiagnostic]

  /// An error with these diagnostics.
  public init(_ diagnostics: [EngineDiagnostic]) {
    self.diagnostics = diagnostics
  }

  init(_ error: DiagnosticError) {
    diagnostics = error.diagnostics.map(EngineDiagnostic.init)
  }

  init(_ d: Diagnostic) {
    diagnostics = [EngineDiagnostic(d)]
  }

  /// One line per diagnostic, `file:line:column: code: message (help)`.
  public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// One problem: a stable code (docs/diagnostics.md lists them), a message, where it is, and what to write instead.
public struct EngineDiagnostic: Sendable, Hashable, CustomStringConvertible {
  /// Whether the problem stops the work (`error`) or only advises (`warning`, `note`).
  public enum Severity: String, Sendable, Hashable {
    /// The input cannot be used.
    case error
    /// The input works but is probably not what was meant.
    case warning
    /// More about the diagnostic before it.
    case note
  }

  /// How serious the problem is.
  public let severity: Severity
  /// The stable code, such as `unknown-fact` or `bad-date`.
  public let code: String
  /// What is wrong, in the author's terms.
  public let message: String
  /// The file (or `<facts>`, `<command line>`) where the problem is.
  public let file: String
  /// The 1-based line.
  public let line: Int
  /// The 1-based column, counted in Unicode scalars.
  public let column: Int
  /// What to write instead, when there is advice.
  public let help: String?

  /// A diagnostic with these fields.
  public init(severity: Severity, code: String, message: String, file: String, line: Int, column: Int, help: String?) {
    self.severity = severity
    self.code = code
    self.message = message
    self.file = file
    self.line = line
    self.column = column
    self.help = help
  }

  init(_ d: Diagnostic) {
    self.init(
      severity: Severity(rawValue: d.severity.rawValue) ?? .error, code: d.code.rawValue, message: d.message,
      file: d.range.file, line: d.range.start.line, column: d.range.start.column, help: d.help)
  }

  /// `file:line:column: severity[code]: message`, then the help in parentheses.
  public var description: String {
    "\(file):\(line):\(column): \(severity.rawValue)[\(code)]: \(message)" + (help.map { " (\($0))" } ?? "")
  }
}
