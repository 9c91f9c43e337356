import RulesSource

/// A YAML node with its source range. Scalars are not typed here: the rule language decides
/// what a scalar means from where it stands (so `no` is text unless a bool is expected).
package struct YAMLNode: Sendable {
  package enum Kind: Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode])
    case mapping([YAMLPair])
  }

  package let kind: Kind
  package let range: SourceRange
  /// An explicit tag such as `!!str`, if one was written.
  package let tag: String?

  package init(_ kind: Kind, range: SourceRange, tag: String? = nil) {
    self.kind = kind
    self.range = range
    self.tag = tag
  }

  package var scalar: YAMLScalar? {
    if case .scalar(let s) = kind { return s }
    return nil
  }

  package var sequence: [YAMLNode]? {
    if case .sequence(let s) = kind { return s }
    return nil
  }

  package var mapping: [YAMLPair]? {
    if case .mapping(let m) = kind { return m }
    return nil
  }

  /// The value under `key` in a mapping.
  package subscript(key: String) -> YAMLNode? {
    mapping?.first { $0.key.scalar?.value == key }?.value
  }

  /// What kind of node this is, in words for messages ("a list", "a mapping", "text").
  package var kindName: String {
    switch kind {
    case .scalar(let s): return s.isNull ? "an empty value" : "`\(s.value.prefix(40))`"
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    }
  }
}

/// A mapping entry. Keys are scalars (the parser rejects others).
package struct YAMLPair: Sendable {
  package let key: YAMLNode
  package let value: YAMLNode
  package var name: String { key.scalar?.value ?? "" }

  package init(key: YAMLNode, value: YAMLNode) {
    self.key = key
    self.value = value
  }
}

/// A scalar's text and how it was written.
package struct YAMLScalar: Hashable, Sendable {
  package enum Style: Sendable, Hashable { case plain, singleQuoted, doubleQuoted, literal, folded }
  package let value: String
  package let style: Style

  package init(_ value: String, style: Style) {
    self.value = value
    self.style = style
  }

  /// A plain `null`, `~` or empty value (YAML's null); quoted text is never null.
  package var isNull: Bool {
    style == .plain && (value.isEmpty || value == "null" || value == "~" || value == "Null" || value == "NULL")
  }

  package var isQuoted: Bool { style == .singleQuoted || style == .doubleQuoted }
}

/// One parsed YAML file.
package struct YAMLDocument: Sendable {
  package let source: SourceText
  /// Nil for an empty file (or one with only comments).
  package let root: YAMLNode?

  /// A document read by another reader (`serve` reads JSON bodies itself).
  package init(source: SourceText, root: YAMLNode?) {
    self.source = source
    self.root = root
  }
}
