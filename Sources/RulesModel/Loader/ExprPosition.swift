import RulesSource
import RulesYAML

/// Maps an offset inside an expression (in Unicode scalars of the scalar's value) to a position
/// in the file, so an error in `when: "incme > 1000"` points at `incme` itself.
enum ExprPosition {
  static func range(_ r: Range<Int>, in node: YAMLNode, source: SourceText?) -> SourceRange {
    SourceRange(file: node.range.file, start: position(r.lowerBound, node, source),
                end: position(max(r.lowerBound, r.upperBound), node, source))
  }

  static func position(_ offset: Int, _ node: YAMLNode, _ source: SourceText?) -> SourcePosition {
    guard let scalar = node.scalar else { return node.range.start }
    let start = node.range.start
    switch scalar.style {
    case .plain, .singleQuoted, .doubleQuoted:
      let shift = scalar.isQuoted ? 1 : 0
      // Single-line scalars map directly; for folded multi-line ones, walk the source lines.
      if node.range.end.line == start.line || source == nil {
        return SourcePosition(line: start.line, column: start.column + shift + offset)
      }
      return walk(offset, fromLine: start.line, column: start.column + shift, source!)
    case .literal, .folded:
      guard let source else { return start }
      // Block scalar content begins on the next line, at its indentation.
      return walk(offset, fromLine: start.line + 1, column: nil, source)
    }
  }

  /// Walks the value's scalars line by line through the file, skipping indentation.
  private static func walk(_ offset: Int, fromLine: Int, column: Int?, _ source: SourceText) -> SourcePosition {
    var remaining = offset
    var line = fromLine
    var col = column
    while let text = source.line(line) {
      let scalars = Array(text.unicodeScalars)
      let indent = col.map { $0 - 1 } ?? scalars.prefix(while: { $0 == " " }).count
      let content = max(0, scalars.count - indent)
      if remaining <= content { return SourcePosition(line: line, column: indent + remaining + 1) }
      remaining -= content + 1  // the line break (or the space it folded into)
      line += 1
      col = nil
    }
    return SourcePosition(line: fromLine, column: column ?? 1)
  }
}
