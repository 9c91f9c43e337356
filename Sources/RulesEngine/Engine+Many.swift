import Dispatch
import Foundation

extension Engine {
  /// Evaluates many cases on all cores (or `jobs` threads), each with the version in effect on its date.
  /// Results come back in the order of `cases`; a case that cannot be read or evaluated gives its
  /// `EngineError` in its place, and the others go on.
  public func evaluate(
    _ cases: some Collection<CaseFacts>, asOf: Day? = nil, jobs: Int? = nil
  ) -> [Result<CaseResult, EngineError>] {
    let input = Array(cases)
    let workers = max(1, min(jobs ?? ProcessInfo.processInfo.activeProcessorCount, input.count))
    var results = [Result<CaseResult, EngineError>?](repeating: nil, count: input.count)
    if workers == 1 {
      for i in input.indices { results[i] = one(input[i], asOf: asOf) }
    } else {
      results.withUnsafeMutableBufferPointer { buffer in
        // Each worker writes only its own indices (i ≡ worker mod workers), so the writes never overlap.
        nonisolated(unsafe) let out = buffer
        DispatchQueue.concurrentPerform(iterations: workers) { w in
          var i = w
          while i < input.count {
            out[i] = one(input[i], asOf: asOf)
            i += workers
          }
        }
      }
    }
    return results.map { $0! }
  }

  private func one(_ facts: CaseFacts, asOf: Day?) -> Result<CaseResult, EngineError> {
    do throws(EngineError) { return .success(try evaluate(facts, asOf: asOf)) } catch { return .failure(error) }
  }
}
