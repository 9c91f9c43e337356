/// A position in a source file: 1-based line and column, columns counted in Unicode scalars (as libyaml counts them).
package struct SourcePosition: Hashable, Sendable, Comparable, CustomStringConvertible {
  package let line: Int
  package let column: Int

  package init(line: Int, column: Int) {
    self.line = line
    self.column = column
  }

  package static func < (a: SourcePosition, b: SourcePosition) -> Bool {
    (a.line, a.column) < (b.line, b.column)
  }

  package var description: String { "\(line):\(column)" }
}

/// A span of source text in one file. Used by every diagnostic and carried by every YAML node.
package struct SourceRange: Hashable, Sendable, CustomStringConvertible {
  /// The file's path as the user named it (or `<stdin>`, or `REV:path`).
  package let file: String
  package let start: SourcePosition
  package let end: SourcePosition

  package init(file: String, start: SourcePosition, end: SourcePosition) {
    self.file = file
    self.start = start
    self.end = max(start, end)
  }

  /// A range for a whole file, or for an error with no better place (line 1, column 1).
  package static func file(_ path: String) -> SourceRange {
    SourceRange(file: path, start: .init(line: 1, column: 1), end: .init(line: 1, column: 1))
  }

  /// `file:line:col`, the form editors and CI annotations understand.
  package var description: String { "\(file):\(start.line):\(start.column)" }
}

/// A value with the place it was written. `==` and `hash` ignore the place, so a semantic
/// comparison (rule-set diff) sees what was written, not where.
package struct Located<Value: Hashable & Sendable>: Hashable, Sendable {
  package let value: Value
  package let range: SourceRange

  package init(_ value: Value, at range: SourceRange) {
    self.value = value
    self.range = range
  }

  package static func == (a: Located, b: Located) -> Bool { a.value == b.value }
  package func hash(into h: inout Hasher) { h.combine(value) }
}
