#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs work on a thread with a large stack (reserved address space; only touched pages cost memory).
///
/// Every nesting the input can express is bounded (README, "Limits"), but the bounds multiply
/// (definitions × expression height × condition depth), and unoptimised or sanitised builds spend
/// up to ~20 KB of stack per expression level in the checker, so 8 MiB main-thread and 512 KiB
/// worker stacks are not enough at the limits. The CLI and the fuzz targets run through this.
package enum LargeStack {
  package static let defaultSize = 512 << 20

  private final class Box {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
  }

  /// Runs `body` on a new thread with a `size`-byte stack and waits for it; runs it in place
  /// when no thread can be started.
  package static func run(size: Int = defaultSize, _ body: @escaping () -> Void) {
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, size)
    #if canImport(Glibc)
    var thread = pthread_t()
    #else
    var thread: pthread_t?
    #endif
    let started = pthread_create(&thread, &attributes, { raw in
      Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue().body()
      return nil
    }, box)
    if started != 0 {
      Unmanaged<Box>.fromOpaque(box).takeRetainedValue().body()
      return
    }
    #if canImport(Glibc)
    pthread_join(thread, nil)
    #else
    pthread_join(thread!, nil)
    #endif
  }
}
