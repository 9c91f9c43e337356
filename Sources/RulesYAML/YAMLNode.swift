import RulesSource

/// A YAML node with its source range. Scalars are not typed here: the rule language decides
/// what a scalar means from where it stands (so `no` is text unless a bool is expected).
public struct YAMLNode: Sendable {
  public enum Kind: Sendable {
    case scalar(YAMLScalar)
    case sequence([YAMLNode])
    case mapping([YAMLPair])
  }

  public let kind: Kind
  public let range: SourceRange
  /// An explicit tag such as `!!str`, if one was written.
  public let tag: String?

  public init(_ kind: Kind, range: SourceRange, tag: String? = nil) {
    self.kind = kind
    self.range = range
    self.tag = tag
  }

  public var scalar: YAMLScalar? {
    if case .scalar(let s) = kind { return s }
    return nil
  }

  public var sequence: [YAMLNode]? {
    if case .sequence(let s) = kind { return s }
    return nil
  }

  public var mapping: [YAMLPair]? {
    if case .mapping(let m) = kind { return m }
    return nil
  }

  /// The value under `key` in a mapping.
  public subscript(key: String) -> YAMLNode? {
    mapping?.first { $0.key.scalar?.value == key }?.value
  }

  /// What kind of node this is, in words for messages ("a list", "a mapping", "text").
  public var kindName: String {
    switch kind {
    case .scalar(let s): return s.isNull ? "an empty value" : "`\(s.value.prefix(40))`"
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    }
  }
}

/// A mapping entry. Keys are scalars (the parser rejects others).
public struct YAMLPair: Sendable {
  public let key: YAMLNode
  public let value: YAMLNode
  public var name: String { key.scalar?.value ?? "" }

  public init(key: YAMLNode, value: YAMLNode) {
    self.key = key
    self.value = value
  }
}

/// A scalar's text and how it was written.
public struct YAMLScalar: Hashable, Sendable {
  public enum Style: Sendable, Hashable { case plain, singleQuoted, doubleQuoted, literal, folded }
  public let value: String
  public let style: Style

  public init(_ value: String, style: Style) {
    self.value = value
    self.style = style
  }

  /// A plain `null`, `~` or empty value (YAML's null); quoted text is never null.
  public var isNull: Bool {
    style == .plain && (value.isEmpty || value == "null" || value == "~" || value == "Null" || value == "NULL")
  }

  public var isQuoted: Bool { style == .singleQuoted || style == .doubleQuoted }
}

/// One parsed YAML file.
public struct YAMLDocument: Sendable {
  public let source: SourceText
  /// Nil for an empty file (or one with only comments).
  public let root: YAMLNode?

  /// A document read by another reader (`serve` reads JSON bodies itself).
  public init(source: SourceText, root: YAMLNode?) {
    self.source = source
    self.root = root
  }
}
