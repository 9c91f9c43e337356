/// CSV records (RFC 4180) read into a `BatchRecord`: a header row of dotted fact names, then one
/// case a record. Cells are typed later by the fact they fill; an empty cell is left out (unknown).
package struct CSVRecordReader: Sendable {
  /// The header's names, as bytes.
  package let columns: [[UInt8]]

  package init(columns: [[UInt8]]) { self.columns = columns }

  /// Reads the header row.
  package static func header(_ b: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> CSVRecordReader {
    var cells: [[UInt8]] = []
    try cellsOf(b) { (cell: UnsafeBufferPointer<UInt8>, offset: Int) throws(JSONSyntaxError) in
      var c = Array(cell)
      while let l = c.last, l == 0x20 { c.removeLast() }
      while let f = c.first, f == 0x20 { c.removeFirst() }
      guard !c.isEmpty else {
        throw JSONSyntaxError(message: "a header cell is empty", offset: offset, help: "name the fact of every column, e.g. `agency.kind`")
      }
      cells.append(c)
    }
    return CSVRecordReader(columns: cells)
  }

  /// Reads one record (without its line break) into `r`, each cell named by its column.
  package func read(_ b: UnsafeBufferPointer<UInt8>, into r: inout BatchRecord) throws(JSONSyntaxError) {
    var n = 0
    let columns = self.columns
    try Self.cellsOf(b) { (cell: UnsafeBufferPointer<UInt8>, offset: Int) throws(JSONSyntaxError) in
      defer { n += 1 }
      guard n < columns.count else {
        throw JSONSyntaxError(message: "the record has more cells than the header's \(columns.count)", offset: offset,
                              help: "quote a cell that holds a comma: \"a, b\"")
      }
      guard !cell.isEmpty else { return }
      let ns = r.names.count
      r.names.append(contentsOf: columns[n])
      let vs = r.text.count
      r.text.append(contentsOf: cell)
      r.fields.append(BatchRecord.Field(
        nameStart: Int32(ns), nameEnd: Int32(r.names.count), kind: .cell, valueStart: Int32(vs),
        valueEnd: Int32(r.text.count), keyOffset: Int32(offset), valueOffset: Int32(offset)))
    }
    if n < columns.count {
      throw JSONSyntaxError(message: "the record has \(n) cells, the header \(columns.count)", offset: b.count,
                            help: "give every column a cell (an empty cell is an unknown fact)")
    }
  }

  /// Calls `body` with each cell, unquoted (`""` inside quotes is one `"`), and its byte offset.
  static func cellsOf(_ b: UnsafeBufferPointer<UInt8>,
                      _ body: (UnsafeBufferPointer<UInt8>, Int) throws(JSONSyntaxError) -> Void) throws(JSONSyntaxError) {
    var i = 0
    var unquoted: [UInt8] = []
    while true {
      let start = i
      if i < b.count, b[i] == UInt8(ascii: "\"") {
        unquoted.removeAll(keepingCapacity: true)
        i += 1
        while true {
          guard i < b.count else {
            throw JSONSyntaxError(message: "a quoted cell is not closed", offset: start, help: "end the cell with `\"`")
          }
          if b[i] == UInt8(ascii: "\"") {
            if i + 1 < b.count, b[i + 1] == UInt8(ascii: "\"") {
              unquoted.append(UInt8(ascii: "\""))
              i += 2
              continue
            }
            i += 1
            break
          }
          unquoted.append(b[i])
          i += 1
        }
        guard i == b.count || b[i] == UInt8(ascii: ",") else {
          throw JSONSyntaxError(message: "text after a quoted cell", offset: i, help: "inside quotes write a quote as `\"\"`")
        }
        try unquoted.withUnsafeBufferPointer { u throws(JSONSyntaxError) in try body(u, start) }
      } else {
        while i < b.count, b[i] != UInt8(ascii: ",") {
          if b[i] == UInt8(ascii: "\"") {
            throw JSONSyntaxError(message: "a quote inside an unquoted cell", offset: i, help: "quote the whole cell and double the quote: \"say \"\"hi\"\"\"")
          }
          i += 1
        }
        try body(UnsafeBufferPointer(rebasing: b[start..<i]), start)
      }
      if i >= b.count { return }
      i += 1  // the comma
    }
  }
}

/// Whether `b` is UTF-8 (strictly: no overlongs, no surrogates); nil, or the offset of the first bad byte.
package func firstNonUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
  guard let p = b.baseAddress else { return nil }
  var i = 0
  while i < b.count {
    if p[i] < 0x80 {
      i += 1
      continue
    }
    let n = utf8SequenceLength(p, at: i, count: b.count)
    if n == 0 { return i }
    i += n
  }
  return nil
}
