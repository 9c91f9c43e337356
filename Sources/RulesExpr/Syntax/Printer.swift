extension Syntax.Expr {
  /// The expression in canonical source form.
  ///
  /// Single spaces around binary operators, only the parentheses that precedence and
  /// associativity require, double-quoted strings, integral numbers without `.0`,
  /// ISO dates and canonical durations. Parsing the result gives back an equal
  /// expression: `ExprParser.parse(e.description) == e` for every parsed `e`.
  package var description: String {
    var printer = ExprPrinter()
    printer.write(self, minimum: 0)
    return printer.output
  }

  /// Binding strength of the node's outermost construct (see ``Syntax/BinaryOp/precedence``).
  var precedence: Int {
    switch kind {
    case .conditional: 1
    case .binary(let op, _, _): op.precedence
    case .unary(.not, _): 5
    case .unary(.negate, _): 9
    case .literal, .path, .list, .call, .member: 10
    }
  }
}

extension Syntax.Literal: CustomStringConvertible {
  /// The literal in canonical source form: `true`, `12`, `0.5`, `"text"`, `2021-07-06`, `1 year`, `none`.
  package var description: String {
    switch self {
    case .bool(let value): value ? "true" : "false"
    case .number(let value): ExprPrinter.number(value)
    case .string(let value): ExprPrinter.string(value)
    case .date(let value): value.description
    case .duration(let value): value.description
    case .none: "none"
    }
  }
}

/// Writes expressions in canonical source form.
struct ExprPrinter {
  var output = ""

  /// Writes `expr`, parenthesised if it binds more loosely than `minimum`.
  mutating func write(_ expr: Syntax.Expr, minimum: Int) {
    let parenthesised = expr.precedence < minimum
    if parenthesised { output += "(" }
    switch expr.kind {
    case .literal(let literal):
      output += literal.description
    case .path(let segments):
      output += segments.joined(separator: ".")
    case .list(let items):
      output += "["
      for (index, item) in items.enumerated() {
        if index > 0 { output += ", " }
        write(item, minimum: 0)
      }
      output += "]"
    case .unary(.not, let operand):
      output += "not "
      write(operand, minimum: 5)
    case .unary(.negate, let operand):
      output += "-"
      write(operand, minimum: 10)
    case .binary(let op, let left, let right):
      let p = op.precedence
      let (leftMinimum, rightMinimum) =
        switch op {
        case .coalesce: (p + 1, p)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .in_, .notIn, .contains: (p + 1, p + 1)
        default: (p, p + 1)
        }
      write(left, minimum: leftMinimum)
      output += " \(op.symbol) "
      write(right, minimum: rightMinimum)
    case .conditional(let condition, let then, let otherwise):
      output += "if "
      write(condition, minimum: 2)
      output += " then "
      write(then, minimum: 2)
      output += " else "
      write(otherwise, minimum: 0)
    case .call(let name, let arguments):
      output += name + "("
      for (index, argument) in arguments.enumerated() {
        if index > 0 { output += ", " }
        if let label = argument.label { output += label + ": " }
        write(argument.value, minimum: 0)
      }
      output += ")"
    case .member(let base, let name):
      // Members may only follow a call, list or parenthesised expression.
      switch base.kind {
      case .call, .list, .member: write(base, minimum: 10)
      default:
        output += "("
        write(base, minimum: 0)
        output += ")"
      }
      output += "." + name
    }
    if parenthesised { output += ")" }
  }

  /// A number without exponent notation, and without `.0` when integral.
  static func number(_ value: Double) -> String {
    guard value.isFinite else { return value.description }
    if value == value.rounded(), abs(value) < 9_223_372_036_854_775_808.0 { return String(Int64(value)) }
    let text = value.description
    guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return text }
    // Expand `1.5e-07` into `0.00000015`.
    var mantissa = Substring(text[..<e])
    let exponent = Int(text[text.index(after: e)...].filter { $0 != "+" }) ?? 0
    let negative = mantissa.first == "-"
    if negative { mantissa = mantissa.dropFirst() }
    let pointIndex = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
    let digits = Array(mantissa.filter { $0 != "." })
    let point = pointIndex + exponent
    var result: String
    if point <= 0 {
      result = "0." + String(repeating: "0", count: -point) + String(digits)
    } else if point >= digits.count {
      result = String(digits) + String(repeating: "0", count: point - digits.count)
    } else {
      result = String(digits[..<point]) + "." + String(digits[point...])
    }
    while result.contains("."), result.last == "0" { result.removeLast() }
    if result.last == "." { result.removeLast() }
    return (negative ? "-" : "") + result
  }

  /// A double-quoted string literal with `\"`, `\\`, `\n`, `\t` and `\u{…}` escapes.
  static func string(_ value: String) -> String {
    var result = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F {
          result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        } else {
          result.unicodeScalars.append(scalar)
        }
      }
    }
    return result + "\""
  }
}
