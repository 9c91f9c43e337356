#if canImport(Glibc)
import Glibc
#endif

/// A program's interned texts keyed by their UTF-8 bytes, so that a text read from a record finds
/// its id without a `String` being made or hashed (hashing a non-ASCII `String` normalises it).
/// Exact bytes only: a text written in another but canonically equivalent form is not found here,
/// and the caller interns it as a `String`, which finds it. Immutable after `init`; its memory is
/// its own and read through pointers.
package final class ByteInterner: @unchecked Sendable {
  private let bytes: UnsafeMutableBufferPointer<UInt8>
  /// Per id: where its bytes start in `bytes` (count + 1 entries).
  private let starts: UnsafeMutableBufferPointer<Int32>
  /// Open addressing: id + 1, 0 for empty.
  private let table: UnsafeMutableBufferPointer<Int32>
  private let mask: Int

  /// `texts[id]` is the text of id `id`.
  package init(_ texts: [String]) {
    let total = texts.reduce(0) { $0 + $1.utf8.count }
    bytes = .allocate(capacity: max(1, total))
    starts = .allocate(capacity: texts.count + 1)
    var at = 0
    for (id, t) in texts.enumerated() {
      starts[id] = Int32(at)
      for b in t.utf8 {
        bytes[at] = b
        at += 1
      }
    }
    starts[texts.count] = Int32(at)
    var size = 16
    while size < texts.count * 2 { size *= 2 }
    table = .allocate(capacity: size)
    table.initialize(repeating: 0)
    mask = size - 1
    for id in texts.indices {
      let s = Int(starts[id]), e = Int(starts[id + 1])
      var h = Self.hash(UnsafePointer(bytes.baseAddress! + s), e - s) & mask
      while table[h] != 0 {
        // A repeated text keeps its first id (as the program's string table does).
        if equal(Int(table[h]) - 1, UnsafePointer(bytes.baseAddress! + s), e - s) { break }
        h = (h + 1) & mask
      }
      if table[h] == 0 { table[h] = Int32(id + 1) }
    }
  }

  /// The texts of `program`, by id.
  package convenience init(program: Program) {
    self.init((0..<program.textCount).map { program.text(Int32($0)) })
  }

  deinit {
    bytes.deallocate()
    starts.deallocate()
    table.deallocate()
  }

  /// FNV-1a over the bytes, folded.
  @inline(__always)
  static func hash(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for k in 0..<n { h = (h ^ UInt64(p[k])) &* 0x100_0000_01b3 }
    return Int(truncatingIfNeeded: h ^ (h >> 29))
  }

  @inline(__always)
  private func equal(_ id: Int, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    let s = Int(starts[id])
    return Int(starts[id + 1]) - s == n && Self.same(UnsafePointer(bytes.baseAddress! + s), p, n)
  }

  /// Whether `n` bytes at `a` and `b` are equal, compared a word at a time in line (names and
  /// values are short: a call to `memcmp` cost more than the comparison).
  @inline(__always)
  package static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    func word(_ p: UnsafePointer<UInt8>, _ at: Int) -> UInt64 { UnsafeRawPointer(p + at).loadUnaligned(as: UInt64.self) }
    func half(_ p: UnsafePointer<UInt8>, _ at: Int) -> UInt32 { UnsafeRawPointer(p + at).loadUnaligned(as: UInt32.self) }
    if n >= 8 {
      var i = 0
      while i + 8 <= n {
        if word(a, i) != word(b, i) { return false }
        i += 8
      }
      // The last, overlapping, word.
      return i == n || word(a, n - 8) == word(b, n - 8)
    }
    if n >= 4 { return half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4) }
    var i = 0
    while i < n {
      if a[i] != b[i] { return false }
      i += 1
    }
    return true
  }

  /// Whether the text of `id` (a valid id) is exactly `p[0..<n]`.
  @inline(__always)
  package func matches(_ id: Int32, _ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    Int(id) < starts.count - 1 && equal(Int(id), p, n)
  }

  /// The id of the text whose bytes are exactly `p[0..<n]`, or -1.
  @inline(__always)
  package func id(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int32 {
    var h = Self.hash(p, n) & mask
    while true {
      let e = Int(table[h])
      if e == 0 { return -1 }
      if equal(e - 1, p, n) { return Int32(e - 1) }
      h = (h + 1) & mask
    }
  }
}
