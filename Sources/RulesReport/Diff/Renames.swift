import RulesModel

/// When an added item is the removed one renamed and changed: the structural diff pairs them so
/// that a reviewer reads "renamed X → Y" and the node-level changes, not a removal and an addition.
enum Renames {
  /// How alike two items are, or nil when they are not alike enough to be one item renamed: at
  /// most one of their fields (outcome, source, type, deadline, …) differs, each condition keeps at
  /// least half of its leaf nodes (the expressions under `all`/`any`/`not`), and at least two
  /// fields or leaves are the same (a shared `false` flag alone is no likeness). The score counts
  /// the same fields and shared leaves: an added item is paired with the removed one that scores
  /// highest.
  static func similarity(
    _ a: RuleSetDiff.Props, _ b: RuleSetDiff.Props, _ ca: [(String, Condition?)], _ cb: [(String, Condition?)]
  ) -> Int? {
    let bmap = Dictionary(b.map { ($0.0, $0.1) }, uniquingKeysWith: { x, _ in x })
    var same = 0, differ = 0
    for (k, v) in a {
      let w = bmap[k] ?? nil
      if v == nil && w == nil { continue }
      if v == w { same += 1 } else { differ += 1 }
    }
    let akeys = Set(a.map(\.0))
    differ += b.filter { !akeys.contains($0.0) && $0.1 != nil }.count
    guard differ <= 1 else { return nil }
    var shared = 0
    for (x, y) in zip(ca, cb) {
      let lx = ConditionDiff.leaves(x.1), ly = ConditionDiff.leaves(y.1)
      let common = lx.intersection(ly).count
      guard common * 2 >= max(lx.count, ly.count) else { return nil }
      shared += common
    }
    guard ca.count == cb.count, same + shared >= 2 else { return nil }
    return same + shared
  }
}
