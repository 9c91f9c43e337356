import RulesSource
import RulesYAML

extension ExprSlot {
  /// The place in the file of `offsets`, a range inside the expression's text (as `TypedExpr.range`),
  /// so a lint can point at one part of an expression. The scalar's style is read back from the
  /// file: a quote or a block indicator where the scalar starts.
  package func sourceRange(_ offsets: Range<Int>, in sources: [SourceText]) -> SourceRange {
    let source = sources.last { $0.path == range.file }
    var style = YAMLScalar.Style.plain
    if let line = source?.line(range.start.line) {
      let scalars = Array(line.unicodeScalars)
      let i = range.start.column - 1
      if i >= 0, i < scalars.count {
        switch scalars[i] {
        case "\"": style = .doubleQuoted
        case "'": style = .singleQuoted
        case "|": style = .literal
        case ">": style = .folded
        default: break
        }
      }
    }
    let node = YAMLNode(.scalar(YAMLScalar(text, style: style)), range: range)
    return ExprPosition.range(offsets, in: node, source: source)
  }
}
