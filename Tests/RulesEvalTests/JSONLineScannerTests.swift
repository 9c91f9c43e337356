import RulesEval
import Testing

/// The lean path's one-pass reader (`JSONLineScanner`) against the general reader (`JSONRecordReader`):
/// whatever the scanner takes, the reader reads to the same names, values and kinds, and the scanner
/// takes the plain lines batch input is made of. Checked over hand-written lines and many thousands of
/// mutations of them (cut, bytes changed, inserted, removed).
@Suite struct JSONLineScannerTests {
  /// Lines the scanner must take.
  static let plain = [
    #"{"as_of":"2021-08-01","agency.kind":"ministry","n":12,"ok":true,"no":false,"x":null}"#,
    "  { \"as_of\" : \"2021-08-01\" ,\t\"a\" :-0.5e+3 , \"b\":0, \"c\": 1E2, \"d\": -12.25 }  ",
    #"{"service.name":"申請予定SaaS","名前":"クラウド ① ガ","emoji":"😀","":"empty name"}"#,
    #"{}"#,
    " {\"a\":1}\r",
    #"{"a":"","b":"text with spaces / slashes and 'quotes'"}"#,
  ]

  /// Lines the scanner must leave to the reader (which reads them, or explains why not).
  static let left = [
    #"{"a":{"b":1}}"#,
    #"{"a":[1,2]}"#,
    #"{"a":"x\ny"}"#,
    #"{"a\u005fb":1}"#,
    #"{"a":1,}"#,
    #"{"a":01}"#,
    #"{"a":1.}"#,
    #"{"a":tru}"#,
    #"{"a":1} x"#,
    #"["a"]"#,
    "",
    "\u{FEFF}{\"a\":1}",
    "{\"a\":\"\u{1}\"}",
    #"{'a':1}"#,
  ]

  static func fields(_ line: [UInt8]) -> [([UInt8], [UInt8], BatchRecord.Kind)]? {
    var s = JSONLineScanner()
    return line.withUnsafeBufferPointer { b -> [([UInt8], [UInt8], BatchRecord.Kind)]? in
      guard s.scan(b) else { return nil }
      return s.fields.map { f in
        (Array(b[Int(f.keyStart)..<Int(f.keyEnd)]), Array(b[Int(f.valueStart)..<Int(f.valueEnd)]), f.kind)
      }
    }
  }

  static func record(_ line: [UInt8]) -> [([UInt8], [UInt8], BatchRecord.Kind)]? {
    var r = BatchRecord()
    r.reset(line: 1)
    let ok = line.withUnsafeBufferPointer { b -> Bool in
      do throws(JSONSyntaxError) { try JSONRecordReader().read(b, into: &r); return true } catch { return false }
    }
    return ok ? r.fields.map { (Array(r.name($0)), Array(r.value($0)), $0.kind) } : nil
  }

  /// Whatever the scanner takes, the reader reads the same way (the reader keeps no bytes for
  /// `true`, `false` and `null`; the scanner's are the literal's).
  static func agree(_ line: [UInt8]) -> Bool {
    guard let s = fields(line) else { return true }
    guard let r = record(line), r.count == s.count else { return false }
    return zip(r, s).allSatisfy { a, b in
      a.0 == b.0 && a.2 == b.2 && (a.2 == .string || a.2 == .number ? a.1 == b.1 : b.1 == Array("\(a.2)".utf8))
    }
  }

  @Test func takesPlainLinesAsTheReaderReadsThem() {
    for l in Self.plain {
      let b = Array(l.utf8)
      #expect(Self.fields(b) != nil, "\(l)")
      #expect(Self.agree(b), "\(l)")
    }
    let f = Self.fields(Array(Self.plain[0].utf8))!
    #expect(f.map(\.2) == [.string, .string, .number, .true, .false, .null])
    #expect(f[1].1 == Array("ministry".utf8))
  }

  @Test func leavesTheRestToTheReader() {
    for l in Self.left { #expect(Self.fields(Array(l.utf8)) == nil, "\(l)") }
  }

  @Test func mutatedLinesNeverDisagree() {
    var x: UInt64 = 0x5EED
    func next(_ n: Int) -> Int {
      x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((x >> 33) % UInt64(n))
    }
    let alphabet: [UInt8] = Array("{}[]:,\"\\ \t\r\n0123456789eE+-.tfnulasx".utf8)
      + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xE0, 0xE3, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]
    var taken = 0, tried = 0
    for l in Self.plain + Self.left {
      let base = Array(l.utf8)
      for cut in 0...base.count {
        #expect(Self.agree(Array(base[..<cut])), "\(l) cut at \(cut)")
      }
      for _ in 0..<3000 {
        var b = base
        for _ in 0..<(1 + next(3)) {
          let at = b.isEmpty ? 0 : next(b.count)
          switch next(3) {
          case 0 where !b.isEmpty: b[at] = alphabet[next(alphabet.count)]
          case 1: b.insert(alphabet[next(alphabet.count)], at: at)
          default: if !b.isEmpty { b.remove(at: at) }
          }
        }
        tried += 1
        if Self.fields(b) != nil { taken += 1 }
        if !Self.agree(b) {
          Issue.record("disagree on \(b)")
          return
        }
      }
    }
    // The mutations are not all rejected (else the check proves little).
    #expect(taken > tried / 20, "\(taken) of \(tried)")
  }
}
