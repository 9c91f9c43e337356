#if canImport(Glibc)
import Glibc
#endif
import RulesEval
import RulesExpr
import RulesModel
import RulesReport

extension BatchWorker {
  /// The lean path in one pass: a JSON line read where it lies (`JSONLineScanner`), its fields bound
  /// from its bytes (`LineBinder`), the answers written from the scratch. Nil when the line is not
  /// one it takes (nothing is then written or counted, and `one` reads the line the general way,
  /// which also explains any error); otherwise what `one` would answer, with the same output.
  mutating func oneLean(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, stats: inout BatchStats) -> Bool? {
    guard scanner.scan(bytes), let p = bytes.baseAddress else { return nil }
    // `as_of` and the key as `one` finds them (the last of each name).
    var asOfField = -1, keyField = -1
    scanner.fields.withUnsafeBufferPointer { fs in
      for n in fs.indices {
        let f = fs[n]
        let name = UnsafeBufferPointer(start: p + Int(f.keyStart), count: Int(f.keyEnd - f.keyStart))
        if Self.equal(name, Self.asOfName) {
          asOfField = n
        } else if let k = setup.key, Self.equal(name, k) {
          keyField = n
        }
      }
    }
    func value(_ f: JSONLineScanner.Field) -> UnsafeBufferPointer<UInt8> {
      UnsafeBufferPointer(start: p + Int(f.valueStart), count: Int(f.valueEnd - f.valueStart))
    }
    var key = JSON.null
    if keyField >= 0 {
      let f = scanner.fields[keyField]
      key = Self.key(f.kind, String(decoding: value(f), as: UTF8.self))
    }
    let asOf: CalendarDate, source: String
    if let d = setup.optionDate {
      (asOf, source) = (d, "option")
    } else if asOfField >= 0 {
      let f = scanner.fields[asOfField]
      guard f.kind == .string else { return nil }
      let v = value(f)
      guard let d = FactSlots.isoDate(p + Int(f.valueStart), v.count)
        ?? (try? CalendarDate.parse(String(decoding: v, as: UTF8.self)))
      else { return nil }
      (asOf, source) = (d, "facts")
    } else {
      (asOf, source) = (setup.today, "today")
    }
    let version: BatchVersion, own: Own
    if let last = leanLast, last.asOf == asOf {
      (version, own) = (last.version, last.own)
    } else {
      guard case .success(let v) = self.version(on: asOf), let o = self.own(v) else { return nil }
      (version, own) = (v, o)
      leanLast = (asOf, v, o)
    }
    let program = own.program
    // One exclusive access to the scratch for the whole line (not one per use).
    return scratch.spaces.withUnsafeMutableBufferPointer { spaces -> Bool? in
      let i = own.space
      spaces[i].beginBound(asOf: asOf)
      guard own.lines.bind(bytes, scanner.fields, skip: (asOfField, keyField), into: &spaces[i]) else { return nil }
      do throws(EvaluationError) { try program.decide(&spaces[i]) } catch { return nil }
      let decided = program.decided(&spaces[i])
      if decided { stats.decided += 1 } else { stats.undetermined += 1 }
      if setup.output == .csv {
        own.answers.csv(&spaces[i], line: line, key: key, asOf: asOf, asOfSource: source, decided: decided,
                        digest: version.digest, into: &out)
      } else {
        own.answers.json(&spaces[i], line: line, key: key, asOf: asOf, asOfSource: source, decided: decided,
                         digest: version.digest, into: &out)
      }
      return true
    }
  }

  /// The `--key` field's value as the output shows it: numbers stay numbers, texts texts.
  static func key(_ kind: BatchRecord.Kind, _ text: @autoclosure () -> String) -> JSON {
    switch kind {
    case .string, .cell, .array: return .string(text())
    case .number:
      let t = text()
      return Double(t).map(JSON.number) ?? .string(t)
    case .true: return .bool(true)
    case .false: return .bool(false)
    case .null: return .null
    }
  }

  @inline(__always)
  static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: [UInt8]) -> Bool {
    a.count == b.count && b.withUnsafeBufferPointer { y in a.count == 0 || memcmp(a.baseAddress!, y.baseAddress!, a.count) == 0 }
  }
}
