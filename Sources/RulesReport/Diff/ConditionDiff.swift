import RulesExpr
import RulesModel

/// Compares two condition trees node by node, so a diff names the node that changed
/// (`when.all[2].any[0]`) with just its old and new text.
///
/// A condition is first made a tree of `all`/`any`/`not` nodes over leaf expressions: a YAML list or
/// `all:` and an expression's `and` are both `all`, `any:` and `or` are `any`, `not:` and `not` are
/// `not`; an `all` inside an `all` (an `any` inside an `any`) is merged, and a one-item list is its
/// item. So `a and b` written as an expression or as a list is the same tree, and `x in [a, b]` is
/// `x in [b, a]`. The items of `all` and
/// `any` are matched as sets — their order never changes an answer — and what is left unmatched is
/// paired in order, a node with one of its kind (an expression with an expression, an `any` with an
/// `any`) or with one that wraps it or that it wraps; a list that keeps none of its items is shown
/// whole. A node removed in one place and added unchanged in another is reported as moved. Paths
/// count the items of this tree: removed nodes by their old position, others by their new one.
enum ConditionDiff {
  static func fields(_ a: Condition?, _ b: Condition?, root: String) -> [RuleSetDiff.Field] {
    switch (a, b) {
    case (nil, nil): return []
    case (let x?, nil): return [RuleSetDiff.Field(root, Render.condition(x), nil)]
    case (nil, let y?): return [RuleSetDiff.Field(root, nil, Render.condition(y))]
    case (let x?, let y?):
      var w = Walk()
      w.compare(Node(x), Node(y), oldPath: root, newPath: root)
      return w.result()
    }
  }

  /// The canonical keys of a condition's leaf expressions (for `Renames`).
  static func leaves(_ c: Condition?) -> Set<String> {
    func walk(_ n: Node) -> [String] { n.kind == .leaf ? [n.key] : n.items.flatMap(walk) }
    return c.map { Set(walk(Node($0))) } ?? []
  }

  /// One node of a condition: `key` is its canonical form (for matching), `text` how it is shown.
  struct Node {
    enum Kind: Equatable { case leaf, all, any, not }
    let kind: Kind
    let items: [Node]
    var key: String
    let text: String

    init(kind: Kind, items: [Node], text: String) {
      // Merge an `all` in an `all` (an `any` in an `any`); a one-item list is its item.
      let flat = items.flatMap { $0.kind == kind && kind != .not ? $0.items : [$0] }
      if (kind == .all || kind == .any) && flat.count == 1 {
        self = flat[0]
        return
      }
      self.kind = kind
      self.items = flat
      switch kind {
      case .leaf: key = text
      case .not: key = "not(" + flat[0].key + ")"
      case .all, .any: key = (kind == .all ? "all(" : "any(") + flat.map(\.key).sorted().joined(separator: "; ") + ")"
      }
      self.text = text
    }

    init(leaf text: String) {
      kind = .leaf
      items = []
      key = text
      self.text = text
    }

    init(_ c: Condition) {
      switch c {
      case .expr(let s): self.init(s.syntax)
      case .all(let xs): self.init(kind: .all, items: xs.map(Node.init), text: Render.condition(c))
      case .any(let xs): self.init(kind: .any, items: xs.map(Node.init), text: Render.condition(c))
      case .not(let x): self.init(kind: .not, items: [Node(x)], text: Render.condition(c))
      }
    }

    init(_ e: Syntax.Expr) {
      switch e.kind {
      case .binary(.and, let a, let b): self.init(kind: .all, items: [Node(a), Node(b)], text: e.description)
      case .binary(.or, let a, let b): self.init(kind: .any, items: [Node(a), Node(b)], text: e.description)
      case .unary(.not, let x): self.init(kind: .not, items: [Node(x)], text: e.description)
      default:
        self.init(leaf: e.description)
        key = Self.canonical(e)
      }
    }

    /// A leaf's key: its text, with the literal list of `x in [...]` as a set.
    static func canonical(_ e: Syntax.Expr) -> String {
      if case .binary(let op, let x, let list) = e.kind, op == .in_ || op == .notIn, case .list(let items) = list.kind {
        return x.description + (op == .in_ ? " in [" : " not in [") + items.map(\.description).sorted().joined(separator: ", ") + "]"
      }
      return e.description
    }
  }

  struct Walk {
    var changed: [RuleSetDiff.Field] = []
    var removed: [(path: String, node: Node)] = []
    var added: [(path: String, node: Node)] = []

    mutating func compare(_ x: Node, _ y: Node, oldPath: String, newPath: String) {
      if x.key == y.key { return }
      switch (x.kind, y.kind) {
      case (.all, .all): list(x, y, "all", oldPath, newPath)
      case (.any, .any): list(x, y, "any", oldPath, newPath)
      case (.not, .not): compare(x.items[0], y.items[0], oldPath: oldPath + ".not", newPath: newPath + ".not")
      default:
        // `a` → `a and b`: the node gained items (or, the other way round, lost them).
        if let label = Self.label(y.kind), let k = y.items.firstIndex(where: { $0.key == x.key }) {
          for (j, item) in y.items.enumerated() where j != k { added.append(("\(newPath).\(label)[\(j)]", item)) }
        } else if let label = Self.label(x.kind), let k = x.items.firstIndex(where: { $0.key == y.key }) {
          for (i, item) in x.items.enumerated() where i != k { removed.append(("\(oldPath).\(label)[\(i)]", item)) }
        } else {
          changed.append(RuleSetDiff.Field(newPath, x.text, y.text))
        }
      }
    }

    static func label(_ k: Node.Kind) -> String? {
      switch k {
      case .all: return "all"
      case .any: return "any"
      default: return nil
      }
    }

    mutating func list(_ x: Node, _ y: Node, _ label: String, _ oldPath: String, _ newPath: String) {
      let xs = x.items, ys = y.items
      var usedNew = [Bool](repeating: false, count: ys.count)
      var unmatchedOld: [Int] = []
      for (i, item) in xs.enumerated() {
        if let j = ys.indices.first(where: { !usedNew[$0] && ys[$0].key == item.key }) {
          usedNew[j] = true
        } else {
          unmatchedOld.append(i)
        }
      }
      var unmatchedNew = ys.indices.filter { !usedNew[$0] }
      // Nothing in common: the node was rewritten, and is shown whole.
      if unmatchedOld.count == xs.count {
        changed.append(RuleSetDiff.Field(newPath, x.text, y.text))
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
        let k = xs[i].kind, key = xs[i].key
        if let n = unmatchedNew.firstIndex(where: { ys[$0].kind == k })
          ?? unmatchedNew.firstIndex(where: { ys[$0].key.contains(key) || key.contains(ys[$0].key) })
        {
          pairs.append((i, unmatchedNew.remove(at: n)))
        } else {
          leftOld.append(i)
        }
      }
      for (i, j) in pairs { compare(xs[i], ys[j], oldPath: oldAt(i), newPath: newAt(j)) }
      for i in leftOld { removed.append((oldAt(i), xs[i])) }
      for j in unmatchedNew { added.append((newAt(j), ys[j])) }
    }

    /// Changed nodes, then moved, removed and added ones.
    func result() -> [RuleSetDiff.Field] {
      var out = changed
      var addedLeft = added
      for r in removed {
        if let k = addedLeft.firstIndex(where: { $0.node.key == r.node.key }) {
          let a = addedLeft.remove(at: k)
          out.append(RuleSetDiff.Field(a.path, nil, nil, note: "moved from \(r.path): \(a.node.text)"))
        } else {
          out.append(RuleSetDiff.Field(r.path, r.node.text, nil))
        }
      }
      for a in addedLeft { out.append(RuleSetDiff.Field(a.path, nil, a.node.text)) }
      return out
    }
  }
}
