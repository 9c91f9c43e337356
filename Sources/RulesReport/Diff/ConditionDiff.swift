import RulesModel

/// Compares two condition trees node by node, so a diff names the node that changed
/// (`when.all[2].any[0]`) with just its old and new text.
///
/// Trees are compared in canonical form (`Render.normalized`). The items of `all:` and `any:` are
/// matched as sets — their order never changes an answer — and what is left unmatched is paired
/// in order, a node with one of its kind (an expression with an expression, an `any` with an `any`)
/// or with one that wraps it or that it wraps. A node removed in one place and
/// added unchanged in another is reported as moved. Paths count the items of the canonical tree:
/// removed nodes by their old position, others by their new one.
enum ConditionDiff {
  static func fields(_ a: Condition?, _ b: Condition?, root: String) -> [RuleSetDiff.Field] {
    switch (a, b) {
    case (nil, nil): return []
    case (let x?, nil): return [RuleSetDiff.Field(root, Render.condition(x), nil)]
    case (nil, let y?): return [RuleSetDiff.Field(root, nil, Render.condition(y))]
    case (let x?, let y?):
      var w = Walk()
      w.compare(Render.normalized(x), Render.normalized(y), oldPath: root, newPath: root)
      return w.result()
    }
  }

  struct Walk {
    var changed: [RuleSetDiff.Field] = []
    var removed: [(path: String, text: String)] = []
    var added: [(path: String, text: String)] = []

    mutating func compare(_ x: Condition, _ y: Condition, oldPath: String, newPath: String) {
      if x.description == y.description { return }
      switch (x, y) {
      case (.all(let xs), .all(let ys)): list(xs, ys, "all", oldPath, newPath, whole: (x, y))
      case (.any(let xs), .any(let ys)): list(xs, ys, "any", oldPath, newPath, whole: (x, y))
      case (.not(let p), .not(let q)): compare(p, q, oldPath: oldPath + ".not", newPath: newPath + ".not")
      default: changed.append(RuleSetDiff.Field(newPath, x.description, y.description))
      }
    }

    static func kind(_ c: Condition) -> Int {
      switch c {
      case .expr: return 0
      case .all: return 1
      case .any: return 2
      case .not: return 3
      }
    }

    mutating func list(
      _ xs: [Condition], _ ys: [Condition], _ label: String, _ oldPath: String, _ newPath: String, whole: (Condition, Condition)
    ) {
      var usedNew = [Bool](repeating: false, count: ys.count)
      var unmatchedOld: [Int] = []
      for (i, x) in xs.enumerated() {
        let text = x.description
        if let j = ys.indices.first(where: { !usedNew[$0] && ys[$0].description == text }) {
          usedNew[j] = true
        } else {
          unmatchedOld.append(i)
        }
      }
      var unmatchedNew = ys.indices.filter { !usedNew[$0] }
      // Nothing in common: the node was rewritten, and is shown whole.
      if unmatchedOld.count == xs.count {
        changed.append(RuleSetDiff.Field(newPath, whole.0.description, whole.1.description))
        return
      }
      func oldAt(_ i: Int) -> String { "\(oldPath).\(label)[\(i)]" }
      func newAt(_ j: Int) -> String { "\(newPath).\(label)[\(j)]" }
      // Pair what is left in order, each node with one of the same kind (an `any` with an `any`),
      // or with a node that wraps it or that it wraps (`a` → `any(a; b)`); a node with no partner
      // was removed or added.
      var pairs: [(Int, Int)] = []
      var leftOld: [Int] = []
      for i in unmatchedOld {
        let k = Self.kind(xs[i]), text = xs[i].description
        if let n = unmatchedNew.firstIndex(where: { Self.kind(ys[$0]) == k })
          ?? unmatchedNew.firstIndex(where: { ys[$0].description.contains(text) || text.contains(ys[$0].description) })
        {
          pairs.append((i, unmatchedNew.remove(at: n)))
        } else {
          leftOld.append(i)
        }
      }
      for (i, j) in pairs { compare(xs[i], ys[j], oldPath: oldAt(i), newPath: newAt(j)) }
      for i in leftOld { removed.append((oldAt(i), xs[i].description)) }
      for j in unmatchedNew { added.append((newAt(j), ys[j].description)) }
    }

    /// Changed nodes, then moved, removed and added ones.
    func result() -> [RuleSetDiff.Field] {
      var out = changed
      var addedLeft = added
      for r in removed {
        if let k = addedLeft.firstIndex(where: { $0.text == r.text }) {
          let a = addedLeft.remove(at: k)
          out.append(RuleSetDiff.Field(a.path, nil, nil, note: "moved from \(r.path): \(a.text)"))
        } else {
          out.append(RuleSetDiff.Field(r.path, r.text, nil))
        }
      }
      for a in addedLeft { out.append(RuleSetDiff.Field(a.path, nil, a.text)) }
      return out
    }
  }
}
