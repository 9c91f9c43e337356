// libFuzzer target: the YAML layer (libyaml events → YAMLNode tree, limits, duplicate keys,
// aliases) and the facts reader on top of it. `make fuzz` builds it with -DFUZZING; a normal
// build gives a replayer: `FuzzYAML FILE…` runs each file through the same code.
import FuzzSupport
import FuzzShim
import RulesEval
import RulesSource
import RulesYAML

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzYAML(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  // On a large stack, as the CLI runs (LargeStack): the limits allow more nesting than 8 MiB holds.
  let bytes = Array(UnsafeBufferPointer(start: data, count: size))
  LargeStack.run { fuzzYAMLBody(bytes) }
  return 0
}

func fuzzYAMLBody(_ bytes: [UInt8]) {
  var limits = YAMLLimits()
  limits.maxNodes = 100_000
  if let doc = try? YAMLParser.parse(bytes, path: "fuzz.yaml", limits: limits) {
    // Walk what came back (positions must be sane) and read it as a facts file.
    var stack = doc.root.map { [$0] } ?? []
    while let n = stack.popLast() {
      precondition(n.range.start.line >= 1 && n.range.start.column >= 1, "bad position \(n.range)")
      switch n.kind {
      case .scalar: break
      case .sequence(let items): stack += items
      case .mapping(let pairs): for p in pairs { stack += [p.key, p.value] }
      }
    }
    _ = try? FactsDocument.from(doc, path: "fuzz.yaml")
  }
}

#if !FUZZING
@main enum FuzzYAMLReplay {
  static func main() { FuzzReplay.run(fuzzYAML) }
}
#endif
