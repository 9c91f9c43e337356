#if canImport(Glibc)
import Glibc
#endif
import RulesCLI

// Runs the command on a thread with a 512 MiB stack (reserved, not used: only touched pages cost
// memory). Every nesting the input can express is bounded by a limit (README, "Limits"), but the
// bounds multiply (definitions × expression depth × condition depth), and an unoptimised build
// spends kilobytes of stack per level; the main thread's 8 MiB is not enough for all of them.
nonisolated func runCommand(_: UnsafeMutableRawPointer?) -> UnsafeMutableRawPointer? {
  RootCommand.main()
  return nil
}

var attributes = pthread_attr_t()
pthread_attr_init(&attributes)
pthread_attr_setstacksize(&attributes, 512 << 20)
var thread = pthread_t()
if pthread_create(&thread, &attributes, runCommand, nil) == 0 {
  pthread_join(thread, nil)
} else {
  RootCommand.main()  // no thread: run here, with the default stack
}
