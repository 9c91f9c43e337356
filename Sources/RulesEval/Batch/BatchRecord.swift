import RulesExpr
import RulesSource

/// One batch record (a JSON line or a CSV row) read into flat fields, before it is bound to a rule
/// set: the rule-set version depends on the record's own `as_of`, so binding waits for it. The
/// buffers are kept between records, so reading a record allocates nothing once they have grown.
package struct BatchRecord {
  /// How a field's value was written.
  package enum Kind: UInt8, Sendable {
    /// A JSON string (its bytes, unescaped, are in `text`).
    case string
    /// A JSON number (its bytes are in `text`).
    case number
    case `true`, `false`, null
    /// A JSON array (its bytes, as written, are in `text`).
    case array
    /// A CSV cell: typed only by the fact it fills (its bytes are in `text`).
    case cell
  }

  package struct Field: Sendable {
    /// The dotted name, as a range of `names`.
    package var nameStart: Int32, nameEnd: Int32
    package var kind: Kind
    /// The value's bytes, as a range of `text`.
    package var valueStart: Int32, valueEnd: Int32
    /// Byte offsets in the record of the key and of the value (CSV: of the cell), for diagnostics.
    package var keyOffset: Int32, valueOffset: Int32
  }

  package var names: [UInt8] = []
  package var text: [UInt8] = []
  package var fields: [Field] = []
  /// The physical line (JSON Lines) or record number (CSV, header 0) of this record.
  package var line = 0

  package init() {
    names.reserveCapacity(1024)
    text.reserveCapacity(1024)
    fields.reserveCapacity(64)
  }

  package mutating func reset(line: Int) {
    names.removeAll(keepingCapacity: true)
    text.removeAll(keepingCapacity: true)
    fields.removeAll(keepingCapacity: true)
    self.line = line
  }

  package func name(_ f: Field) -> ArraySlice<UInt8> { names[Int(f.nameStart)..<Int(f.nameEnd)] }
  package func value(_ f: Field) -> ArraySlice<UInt8> { text[Int(f.valueStart)..<Int(f.valueEnd)] }

  /// Whether field `f`'s name is `s` (ASCII comparison of bytes, no String made).
  package func nameIs(_ f: Field, _ s: [UInt8]) -> Bool {
    Int(f.nameEnd - f.nameStart) == s.count && FactSlots.equals(name(f), s)
  }

  package func nameString(_ f: Field) -> String { String(decoding: name(f), as: UTF8.self) }
  package func valueString(_ f: Field) -> String { String(decoding: value(f), as: UTF8.self) }
}

/// The 1-based column (in Unicode scalars, as every diagnostic counts) of byte `offset` of `bytes`.
package func scalarColumn(_ bytes: UnsafeBufferPointer<UInt8>, offset: Int) -> Int {
  var col = 1
  var i = 0
  let end = min(offset, bytes.count)
  while i < end {
    if bytes[i] == 0x0A { col = 1 } else if bytes[i] & 0xC0 != 0x80 { col += 1 }
    i += 1
  }
  return col
}

/// A problem with one record: a diagnostic at its line and column.
package struct RecordError: Error, Sendable {
  package let diagnostic: Diagnostic

  package init(_ code: DiagnosticCode, _ message: String, file: String, line: Int, column: Int, help: String? = nil) {
    let p = SourcePosition(line: line, column: max(1, column))
    diagnostic = .error(code, message, at: SourceRange(file: file, start: p, end: p), help: help)
  }

  package init(_ diagnostic: Diagnostic) { self.diagnostic = diagnostic }
}
