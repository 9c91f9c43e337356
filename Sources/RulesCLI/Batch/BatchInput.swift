#if canImport(Glibc)
import Glibc
#endif
import RulesEval

/// A run of whole records copied out of the input: each worker takes one chunk at a time.
struct BatchChunk: Sendable {
  var bytes: [UInt8] = []
  /// Each record's byte range in `bytes` and its line (JSON Lines: physical line; CSV: record number).
  var records: [(start: Int, end: Int, line: Int)] = []
}

/// Reads JSON Lines or CSV from a file descriptor in blocks and cuts it into chunks of whole records.
/// Memory is the block buffer plus the chunks in flight, whatever the input's size.
final class BatchInput {
  let fd: Int32
  let csv: Bool
  /// Longest record accepted (the facts-file size limit).
  let maxRecordBytes: Int
  private var buf: [UInt8] = []
  private var pos = 0
  private var eof = false
  private var started = false
  private var line = 0
  private var record = -1
  private(set) var bytesRead = 0
  /// Chunks handed back by `recycle`, reused by `nextChunk`.
  private var spare: [BatchChunk] = []

  init(fd: Int32, csv: Bool, maxRecordBytes: Int) {
    self.fd = fd
    self.csv = csv
    self.maxRecordBytes = maxRecordBytes
    buf.reserveCapacity(1 << 20)
  }

  enum Failure: Error {
    case tooLong(line: Int)
    case unreadable(String)
  }

  /// Reads another block; false at the end of the input.
  private func fill() throws(Failure) -> Bool {
    if eof { return false }
    if pos > 0 {
      buf.removeSubrange(0..<pos)
      pos = 0
    }
    let block = 1 << 20
    let old = buf.count
    buf.append(contentsOf: repeatElement(0, count: block))
    var n = 0
    buf.withUnsafeMutableBytes { b in
      repeat { n = read(fd, b.baseAddress! + old, block) } while n < 0 && errno == EINTR
    }
    if n < 0 {
      let e = String(cString: strerror(errno))
      buf.removeSubrange(old...)
      throw .unreadable(e)
    }
    buf.removeSubrange((old + n)...)
    bytesRead += n
    if n == 0 { eof = true }
    if !started && buf.count >= 3 || eof && !started {
      started = true
      if buf.count >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF { pos = 3 }  // a BOM
    }
    return n > 0
  }

  /// The next record's bytes as a range of `buf` and its line, or nil at the end.
  private func nextRecord() throws(Failure) -> (Int, Int, Int)? {
    while true {
      var scan = pos
      var inQuotes = false
      var found = -1
      while true {
        let n = buf.count
        buf.withUnsafeBufferPointer { b in
          if csv {
            var i = scan
            while i < n {
              let c = b[i]
              if c == UInt8(ascii: "\"") { inQuotes.toggle() } else if c == 0x0A && !inQuotes { found = i; break }
              i += 1
            }
            scan = i
          } else if scan < n, let p = memchr(b.baseAddress! + scan, 0x0A, n - scan) {
            found = b.baseAddress!.distance(to: p.assumingMemoryBound(to: UInt8.self))
          } else {
            scan = n
          }
        }
        if found >= 0 { break }
        if buf.count - pos > maxRecordBytes { throw .tooLong(line: line + 1) }
        let before = pos
        if !(try fill()) { break }
        scan -= before - pos  // the buffer was compacted
      }
      let start = pos
      let end = found >= 0 ? found : buf.count
      if found < 0 && start >= end { return nil }
      pos = found >= 0 ? found + 1 : end
      // Physical lines this record spans (a quoted CSV cell may hold line breaks).
      var breaks = 1
      if csv { for i in start..<end where buf[i] == 0x0A { breaks += 1 } }
      let first = line + 1
      line += breaks
      var e = end
      if e > start && buf[e - 1] == 0x0D { e -= 1 }
      // Blank lines are no records.
      var blank = true
      for i in start..<e where buf[i] != 0x20 && buf[i] != 0x09 { blank = false; break }
      if blank { continue }
      record += 1
      return (start, e, csv ? record : first)
    }
  }

  /// The header row of a CSV input (record 0), or nil for an empty input.
  func header() throws(Failure) -> [UInt8]? {
    guard let (s, e, _) = try nextRecord() else { return nil }
    return Array(buf[s..<e])
  }

  /// Up to `maxRecords` records (or about `maxBytes`), or nil at the end of the input.
  func nextChunk(maxRecords: Int, maxBytes: Int) throws(Failure) -> BatchChunk? {
    var c = spare.popLast() ?? BatchChunk()
    c.bytes.removeAll(keepingCapacity: true)
    c.records.removeAll(keepingCapacity: true)
    c.records.reserveCapacity(maxRecords)
    while c.records.count < maxRecords && c.bytes.count < maxBytes {
      guard let (s, e, l) = try nextRecord() else { break }
      let at = c.bytes.count
      c.bytes.append(contentsOf: buf[s..<e])
      c.records.append((at, c.bytes.count, l))
    }
    if c.records.isEmpty {
      spare.append(c)
      return nil
    }
    return c
  }

  /// Takes back chunks whose records are done, so that the next ones reuse their memory: fresh
  /// buffers for every chunk meant fresh pages, and their faults were a tenth of a `--select` run.
  func recycle(_ chunks: inout [BatchChunk]) {
    spare += chunks
    chunks.removeAll()
  }
}
