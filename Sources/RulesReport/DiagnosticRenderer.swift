import RulesSource

/// Renders diagnostics for people: `file:line:col: error[code]: message`, the line, a caret, help and notes.
package struct DiagnosticRenderer {
  let sources: [String: SourceText]
  let color: Bool

  package init(sources: [SourceText], color: Bool = false) {
    var map: [String: SourceText] = [:]
    for s in sources { map[s.path] = s }
    self.sources = map
    self.color = color
  }

  package func render(_ diagnostics: [Diagnostic], dropped: Int = 0) -> String {
    var out = ""
    for d in diagnostics { render(d, into: &out) }
    if dropped > 0 { out += "… and \(dropped) more\n" }
    return out
  }

  func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }

  func render(_ d: Diagnostic, into out: inout String) {
    let sev = d.severity.rawValue
    let tint = d.severity == .error ? "1;31" : d.severity == .warning ? "1;33" : "1;36"
    let label = d.severity == .note ? "note" : "\(sev)[\(d.code)]"
    // Problems with options have no line to point at.
    let place = d.range.file == "<command line>" ? "command line" : d.range.description
    out += "\(paint(Self.visible(place), "1")): \(paint(label, tint)): \(Self.visible(d.message))\n"
    quote(d.range, into: &out)
    if let help = d.help { out += "   = help: \(Self.visible(help))\n" }
    for n in d.notes {
      out += "   = note: \(Self.visible(n.message)) at \(Self.visible(n.range.description))\n"
      quote(n.range, into: &out)
    }
  }

  /// The source line and a caret under the range (to its end on that line).
  func quote(_ r: SourceRange, into out: inout String) {
    guard let text = sources[r.file], let line = text.line(r.start.line) else { return }
    let shown = Self.visible(line.count > 200 ? String(line.prefix(200)) + "…" : String(line))
    let num = String(r.start.line)
    let gutter = String(repeating: " ", count: num.count)
    out += "\(num) | \(shown)\n"
    let scalars = Array(shown.unicodeScalars)
    let start = min(max(r.start.column - 1, 0), scalars.count)
    // East Asian wide characters take two columns in a terminal.
    let lead = scalars[0..<start].reduce(0) { $0 + Self.width($1) }
    let endCol = r.end.line == r.start.line ? min(max(r.end.column - 1, start + 1), scalars.count) : scalars.count
    let span = max(1, endCol > start ? scalars[start..<endCol].reduce(0) { $0 + Self.width($1) } : 1)
    out += "\(gutter) | " + String(repeating: " ", count: lead) + paint("^" + String(repeating: "~", count: span - 1), "1;32") + "\n"
  }

  /// `s` with control characters (NUL, ESC, C1 …) shown as U+FFFD, so hostile input cannot
  /// drive the terminal; tabs stay, as they keep the caret under the right column.
  static func visible(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: { isControl($0) }) else { return s }
    var out = String.UnicodeScalarView()
    for u in s.unicodeScalars { out.append(isControl(u) ? "\u{FFFD}" : u) }
    return String(out)
  }

  static func isControl(_ u: Unicode.Scalar) -> Bool {
    let v = u.value
    return (v < 0x20 && v != 0x09) || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029
  }

  static func width(_ u: Unicode.Scalar) -> Int {
    let v = u.value
    if v == 0x09 { return 1 }
    if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
      || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
      || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
    {
      return 2
    }
    return 1
  }
}
