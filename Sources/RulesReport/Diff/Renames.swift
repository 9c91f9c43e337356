import RulesModel

/// When an added item is the removed one renamed and changed: the structural diff pairs them so
/// that a reviewer reads "renamed X → Y" and the node-level changes, not a removal and an addition.
enum Renames {
  /// An added item's fields, looked up by name (made once per item).
  struct Like {
    let props: RuleSetDiff.Props
    let fields: [String: String?]
    init(_ props: RuleSetDiff.Props) {
      self.props = props
      fields = Dictionary(props.map { ($0.0, $0.1) }, uniquingKeysWith: { x, _ in x })
    }
  }

  /// The leaf expressions of each condition of an item, computed once per item.
  static func leaves(_ conditions: [(String, Condition?)]) -> [Set<String>] {
    conditions.map { ConditionDiff.leaves($0.1) }
  }

  /// How alike two items are, or nil when they are not alike enough to be one item renamed: at
  /// most one of their fields (outcome, source, type, deadline, …) differs, each condition keeps at
  /// least half of its leaf nodes (the expressions under `all`/`any`/`not`), and at least two
  /// fields or leaves are the same (a shared `false` flag alone is no likeness). The score counts
  /// the same fields and shared leaves: an added item is paired with the removed one that scores
  /// highest. `ca` and `cb` are the leaves of each condition (`leaves`).
  static func similarity(_ a: RuleSetDiff.Props, _ b: Like, _ ca: [Set<String>], _ cb: [Set<String>]) -> Int? {
    let bmap = b.fields
    var same = 0, differ = 0
    for (k, v) in a {
      let w = bmap[k] ?? nil
      if v == nil && w == nil { continue }
      if v == w { same += 1 } else { differ += 1 }
    }
    let akeys = Set(a.map(\.0))
    differ += b.props.filter { !akeys.contains($0.0) && $0.1 != nil }.count
    guard differ <= 1 else { return nil }
    var shared = 0
    for (lx, ly) in zip(ca, cb) {
      let common = lx.intersection(ly).count
      guard common * 2 >= max(lx.count, ly.count) else { return nil }
      shared += common
    }
    guard ca.count == cb.count, same + shared >= 2 else { return nil }
    return same + shared
  }
}
