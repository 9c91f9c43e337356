#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small thread-safe cache that forgets the least recently used entry past `capacity`, so a
/// client sending ever new keys cannot grow the server's memory.
final class LRUCache<Key: Hashable, Value>: @unchecked Sendable {
  private let capacity: Int
  private var values: [Key: (value: Value, used: UInt64)] = [:]
  private var clock: UInt64 = 0
  private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

  init(capacity: Int) {
    self.capacity = max(1, capacity)
    pthread_mutex_init(lock, nil)
  }

  deinit {
    pthread_mutex_destroy(lock)
    lock.deallocate()
  }

  var count: Int { locked { values.count } }

  /// The cached value for `key`, else `make()`'s (cached when it succeeds). `make` runs outside
  /// the lock, so a slow load never holds up other keys; two requests may both make a missing value.
  func get<E: Error>(_ key: Key, make: () throws(E) -> Value) throws(E) -> Value {
    if let v: Value = locked({
      guard let hit = values[key] else { return nil }
      clock += 1
      values[key] = (hit.value, clock)
      return hit.value
    }) { return v }
    let v = try make()
    locked {
      clock += 1
      values[key] = (v, clock)
      if values.count > capacity, let oldest = values.min(by: { $0.value.used < $1.value.used })?.key {
        values[oldest] = nil
      }
    }
    return v
  }

  private func locked<T>(_ body: () -> T) -> T {
    pthread_mutex_lock(lock)
    defer { pthread_mutex_unlock(lock) }
    return body()
  }
}
