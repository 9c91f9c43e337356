/// `eval --batch --summary`: for each main decision, an outcome × status table and the deadlines by month.
enum BatchSummaryText {
  static let statuses = ["active", "expired", "none", "undetermined"]

  static func render(_ s: BatchStats) -> String {
    var out = "cases: \(s.cases) (decided \(s.decided), undetermined \(s.undetermined), failed \(s.failed))\n"
    for d in s.decisionOrder {
      let rows = s.table[d] ?? [:]
      let names = rows.keys.sorted()
      let w = max(12, (names.map(\.count).max() ?? 0) + 4)
      out += "\n" + pad(d, w) + statuses.map { lpad($0, 13) }.joined() + lpad("total", 9) + "\n"
      var totals = [Int](repeating: 0, count: statuses.count)
      for n in names {
        let counts = statuses.map { rows[n]?[$0] ?? 0 }
        for (i, c) in counts.enumerated() { totals[i] += c }
        out += pad("  " + n, w) + counts.map { lpad(String($0), 13) }.joined() + lpad(String(counts.reduce(0, +)), 9) + "\n"
      }
      out += pad("  total", w) + totals.map { lpad(String($0), 13) }.joined() + lpad(String(totals.reduce(0, +)), 9) + "\n"
      if let ms = s.months[d], !ms.isEmpty {
        out += "\n  \(d): deadlines by month\n"
        for m in ms.keys.sorted() { out += "    " + m + lpad(String(ms[m]!), 9) + "\n" }
      }
    }
    return out
  }

  static func pad(_ s: String, _ w: Int) -> String { s + String(repeating: " ", count: max(1, w - s.count)) }
  static func lpad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(1, w - s.count)) + s }
}
