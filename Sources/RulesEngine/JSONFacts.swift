internal import RulesEval
internal import RulesExpr
internal import RulesModel
internal import RulesSource

/// Facts given as JSON, read by the batch input's strict JSON reader into flat fields (nested
/// objects give dotted names) and bound to a rule set's fact slots, without the YAML parser. The
/// answers and diagnostics (codes, places, advice) are those of the YAML reading of the same text;
/// only malformed JSON is reported as JSON (`json-syntax`, `input-encoding`) at its line and column.
struct JSONFacts {
  let record: BatchRecord
  /// The index in `record.fields` of `as_of` (-1: none).
  let asOfField: Int
  let asOf: Day?

  /// How `CaseFacts` bytes are read.
  enum Reading {
    /// Made as JSON (from a dictionary or an `Encodable` value), or given as JSON (`init(json:)`).
    case json
    /// Text that starts with `{`: JSON, or YAML in flow style when it is not valid JSON.
    case jsonOrYAML
    case yaml
  }

  /// Whether `bytes` are read as JSON: text whose first character (after white space) is `{`.
  /// Anything else (block YAML, a byte-order mark) goes to the YAML reader as before.
  static func looksLikeJSON(_ bytes: [UInt8]) -> Bool {
    for b in bytes {
      switch b {
      case 0x20, 0x09, 0x0A, 0x0D: continue
      case UInt8(ascii: "{"): return true
      default: return false
      }
    }
    return false
  }

  /// Reads `bytes` as one JSON object of facts. Nil when the object uses what only the YAML reading
  /// knows (the `unknown:` list, a merge key, an `as_of` that is an object), or, with `orYAML`, when
  /// it is not JSON but YAML reads it: the caller reads it as YAML, as before.
  static func read(_ bytes: [UInt8], name: String, orYAML: Bool) throws(EngineError) -> JSONFacts? {
    var record = BatchRecord()
    record.reset(line: 1)
    do throws(JSONSyntaxError) {
      try bytes.withUnsafeBufferPointer { b throws(JSONSyntaxError) in try JSONRecordReader().read(b, into: &record) }
    } catch {
      if orYAML, !error.encoding, (try? FactsDocument.parse(bytes, path: name)) != nil { return nil }
      throw EngineError(Self.diagnostic(error.encoding ? .inputEncoding : .jsonSyntax, error.message, bytes, name,
                                        offset: error.offset, help: error.help))
    }
    var asOfField = -1
    for (n, f) in record.fields.enumerated() {
      let fieldName = record.name(f)
      if record.nameIs(f, Self.asOfName) {
        asOfField = n
      } else if record.nameIs(f, Self.unknownName) || fieldName.starts(with: Self.asOfPrefix)
        || fieldName.starts(with: Self.unknownPrefix) || Self.contains(fieldName, Self.mergeKey) {
        return nil
      }
    }
    var asOf: Day?
    if asOfField >= 0 {
      let f = record.fields[asOfField]
      switch f.kind {
      case .null, .array:
        throw EngineError(Self.diagnostic(.expectedDate, "`as_of` must be a date (YYYY-MM-DD), not "
                                            + (f.kind == .null ? "null" : "a sequence"), bytes, name,
                                          offset: Int(f.valueOffset)))
      default:
        do throws(DateParseError) {
          asOf = Day(try CalendarDate.parse(Substring(record.valueString(f))))
        } catch {
          throw EngineError(Self.diagnostic(.badDate, error.message, bytes, name, offset: Int(f.valueOffset), help: error.help))
        }
      }
    }
    return JSONFacts(record: record, asOfField: asOfField, asOf: asOf)
  }

  /// The facts bound to the fact slots of one rule set.
  func bind(_ slots: FactSlots, bytes: [UInt8], name: String) throws(EngineError) -> Facts {
    do throws(RecordError) {
      return try bytes.withUnsafeBufferPointer { b throws(RecordError) in
        try slots.bind(record, skip: (asOfField, -1), bytes: b, file: name)
      }
    } catch {
      throw EngineError(located(error.diagnostic, slots, bytes: bytes, name: name))
    }
  }

  /// The binder counts columns within a line but takes the record for one line; on a facts object
  /// written over several lines, the line is that of the field that failed (the first one in order
  /// whose binding fails, as the binder stops there).
  private func located(_ d: Diagnostic, _ slots: FactSlots, bytes: [UInt8], name: String) -> Diagnostic {
    guard bytes.contains(0x0A) else { return d }
    var prefix = record
    for k in record.fields.indices {
      prefix.fields = Array(record.fields[...k])
      let failed = bytes.withUnsafeBufferPointer { b in
        do throws(RecordError) {
          _ = try slots.bind(prefix, skip: (asOfField, -1), bytes: b, file: name)
          return false
        } catch {
          return true
        }
      }
      guard failed else { continue }
      let f = record.fields[k]
      let column = d.range.start.column
      let offsets = [Int(f.keyOffset), Int(f.valueOffset)]
      let offset = offsets.first { o in bytes.withUnsafeBufferPointer { b in scalarColumn(b, offset: o) } == column } ?? offsets[0]
      let p = SourcePosition(line: Self.line(bytes, offset: offset), column: column)
      return Diagnostic(d.severity, d.code, d.message, at: SourceRange(file: d.range.file, start: p, end: p), help: d.help)
    }
    return d
  }

  static func diagnostic(_ code: DiagnosticCode, _ message: String, _ bytes: [UInt8], _ name: String, offset: Int,
                         help: String? = nil) -> Diagnostic {
    let column = bytes.withUnsafeBufferPointer { scalarColumn($0, offset: offset) }
    let p = SourcePosition(line: line(bytes, offset: offset), column: column)
    return .error(code, message, at: SourceRange(file: name, start: p, end: p), help: help)
  }

  /// The 1-based line of byte `offset`.
  static func line(_ bytes: [UInt8], offset: Int) -> Int {
    1 + bytes[..<min(offset, bytes.count)].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
  }

  static func contains(_ name: ArraySlice<UInt8>, _ part: [UInt8]) -> Bool {
    guard name.count >= part.count else { return false }
    var i = name.startIndex
    while i + part.count <= name.endIndex {
      if name[i..<(i + part.count)].elementsEqual(part) { return true }
      i += 1
    }
    return false
  }

  static let asOfName = Array("as_of".utf8), asOfPrefix = Array("as_of.".utf8)
  static let unknownName = Array("unknown".utf8), unknownPrefix = Array("unknown.".utf8), mergeKey = Array("<<".utf8)
}
