/// "Did you mean" suggestions by edit distance, bounded so that far-off names are not offered.
package enum Suggestions {
  /// The closest candidate to `name`, if it is within a distance a typo could explain.
  package static func closest<S: Sequence>(to name: String, in candidates: S) -> String? where S.Element == String {
    allClosest(to: name, in: candidates).first
  }

  /// Every candidate at the smallest distance (sorted): when two are just as close, neither is
  /// a better guess than the other, so both are offered.
  package static func allClosest<S: Sequence>(to name: String, in candidates: S) -> [String] where S.Element == String {
    let limit = max(1, min(4, name.count / 3 + 1))
    let needle = name.lowercased()
    let length = needle.unicodeScalars.count
    var best: [String] = []
    var bestDistance = Int.max
    for c in candidates {
      // Cheap length test first: a long pool of far-off names costs no edit distances.
      if abs(c.unicodeScalars.count - length) > limit { continue }
      let d = distance(needle, c.lowercased(), limit: limit)
      guard d <= limit, d <= bestDistance else { continue }
      if d < bestDistance { best = [] }
      bestDistance = d
      if !best.contains(c) { best.append(c) }
    }
    return best.sorted()
  }

  /// `did you mean `x`?`, `did you mean `x` or `y`?`, or nil.
  package static func didYouMean<S: Sequence>(_ name: String, in candidates: S) -> String? where S.Element == String {
    let all = allClosest(to: name, in: candidates)
    guard !all.isEmpty else { return nil }
    let quoted = all.prefix(5).map { "`\($0)`" }
    let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
    return "did you mean \(list)?"
  }

  /// Damerau–Levenshtein (optimal string alignment) distance, giving up past `limit`.
  package static func distance(_ a: String, _ b: String, limit: Int = .max) -> Int {
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    if abs(x.count - y.count) > limit { return limit + 1 }
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var prev2 = [Int](repeating: 0, count: y.count + 1)
    var prev = Array(0...y.count)
    var cur = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      cur[0] = i
      var rowMin = cur[0]
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
        if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] { v = min(v, prev2[j - 2] + 1) }
        cur[j] = v
        rowMin = min(rowMin, v)
      }
      if rowMin > limit { return limit + 1 }
      (prev2, prev, cur) = (prev, cur, prev2)
    }
    return prev[y.count]
  }
}
