#if canImport(Glibc)
import Glibc
#endif
import RulesSource

/// Runs files through a fuzz entry point, for replaying a corpus or a crash without libFuzzer.
package enum FuzzReplay {
  package static func run(_ entry: (UnsafePointer<UInt8>, Int) -> CInt) {
    let paths = CommandLine.arguments.dropFirst()
    if paths.isEmpty {
      print("usage: \(CommandLine.arguments[0]) FILE… (a libFuzzer build is made by `make fuzz`)")
      return
    }
    for p in paths {
      guard let bytes = try? InputFile.read(p, maxBytes: 64 << 20) else { continue }
      let data = bytes.isEmpty ? [0] : bytes
      _ = data.withUnsafeBufferPointer { entry($0.baseAddress!, bytes.count) }
    }
    print("replayed \(paths.count) inputs")
  }
}
