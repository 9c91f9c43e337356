/// Collects diagnostics instead of stopping at the first, up to a cap (a broken file must
/// not produce a million lines).
package struct DiagnosticSet: Sendable {
  package private(set) var diagnostics: [Diagnostic] = []
  package private(set) var dropped = 0
  package let cap: Int

  package init(cap: Int = 200) { self.cap = cap }

  package var containsError: Bool { diagnostics.contains { $0.severity == .error } }
  package var isEmpty: Bool { diagnostics.isEmpty }
  /// No more diagnostics are kept: skip costly help text (did-you-mean) for the rest.
  package var isFull: Bool { diagnostics.count >= cap }

  package mutating func insert(_ d: Diagnostic) {
    guard diagnostics.count < cap else {
      dropped += 1
      return
    }
    diagnostics.append(d)
  }

  package mutating func formUnion(_ ds: [Diagnostic]) {
    for d in ds { insert(d) }
  }

  /// Diagnostics in file, then position order, errors before warnings at one place.
  package var sorted: [Diagnostic] {
    diagnostics.enumerated().sorted { a, b in
      let x = a.element, y = b.element
      if x.range.file != y.range.file { return x.range.file < y.range.file }
      if x.range.start != y.range.start { return x.range.start < y.range.start }
      if x.severity != y.severity { return x.severity < y.severity }
      return a.offset < b.offset
    }.map(\.element)
  }

  /// Throws when any error was collected.
  package func throwOnError() throws(DiagnosticError) {
    if let e = DiagnosticError(sorted) { throw e }
  }
}
