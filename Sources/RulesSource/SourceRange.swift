/// A position in a source file: 1-based line and column, columns counted in Unicode scalars (as libyaml counts them).
public struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
  public let line: Int
  public let column: Int

  public init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  public static func < (a: SourcePosition, b: SourcePosition) -> Bool {
    (a.line, a.column) < (b.line, b.column)
  }

  public var description: String { "\(line):\(column)" }
}

/// A span of source text in one file. Used by every diagnostic and carried by every YAML node.
public struct SourceRange: Hashable, Sendable, CustomStringConvertible {
  /// The file's path as the user named it (or `<stdin>`, or `REV:path`).
  public let file: String
  public let start: SourcePosition
  public let end: SourcePosition

  public init(file: String, start: SourcePosition, end: SourcePosition) {
    self.file = file
    self.start = start
    self.end = max(start, end)
  }

  /// A range for a whole file, or for an error with no better place (line 1, column 1).
  public static func file(_ path: String) -> SourceRange {
    SourceRange(file: path, start: .init(line: 1, column: 1), end: .init(line: 1, column: 1))
  }

  /// `file:line:col`, the form editors and CI annotations understand.
  public var description: String { "\(file):\(start.line):\(start.column)" }
}

/// A value with the place it was written. `==` and `hash` ignore the place, so a semantic
/// comparison (rule-set diff) sees what was written, not where.
public struct Located<Value: Hashable & Sendable>: Hashable, Sendable {
  public let value: Value
  public let range: SourceRange

  public init(_ value: Value, at range: SourceRange) {
    self.value = value
    self.range = range
  }

  public static func == (a: Located, b: Located) -> Bool { a.value == b.value }
  public func hash(into h: inout Hasher) { h.combine(value) }
}
