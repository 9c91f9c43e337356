/// Bounds on what the YAML layer accepts, so hostile input cannot exhaust time or memory.
/// Defaults are listed in the README ("Limits") and can be changed by CLI flags.
package struct YAMLLimits: Sendable, Hashable {
  /// Deepest nesting of lists and mappings.
  package var maxDepth = 64
  /// Nodes that aliases may expand to, in all (defends against "billion laughs").
  package var maxAliasNodes = 10_000
  /// Longest scalar, in bytes.
  package var maxScalarBytes = 1 << 20
  /// Nodes in one file.
  package var maxNodes = 1_000_000

  package init() {}
}
