/// Bounds on what the YAML layer accepts, so hostile input cannot exhaust time or memory.
/// Defaults are listed in the README ("Limits") and can be changed by CLI flags.
public struct YAMLLimits: Sendable, Hashable {
  /// Deepest nesting of lists and mappings.
  public var maxDepth = 64
  /// Nodes that aliases may expand to, in all (defends against "billion laughs").
  public var maxAliasNodes = 10_000
  /// Longest scalar, in bytes.
  public var maxScalarBytes = 1 << 20
  /// Nodes in one file.
  public var maxNodes = 1_000_000

  public init() {}
}
