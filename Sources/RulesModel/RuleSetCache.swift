import Foundation

/// A value guarded by a lock, for the few caches shared between threads.
package final class LockedBox<T>: @unchecked Sendable {
  private let lock = NSLock()
  private var value: T

  package init(_ value: T) { self.value = value }

  package func update<R>(_ f: (inout T) -> R) -> R {
    lock.lock()
    defer { lock.unlock() }
    return f(&value)
  }
}

/// Holds what a later stage derives from a rule set once (the evaluation stage's compiled
/// program), so every copy of the rule set shares it. The model does not know its type.
package final class RuleSetCache: Sendable {
  private let box = LockedBox<(any Sendable)?>(nil)

  package init() {}

  /// The cached value, made by `make` on first use.
  package func value<T: Sendable>(_ make: () -> T) -> T {
    if let v = box.update({ $0 }) as? T { return v }
    // Built outside the lock: compiling may take a while, and a rare second build is harmless.
    let v = make()
    return box.update { current in
      if let c = current as? T { return c }
      current = v
      return v
    }
  }
}
