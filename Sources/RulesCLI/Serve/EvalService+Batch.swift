import ArgumentParser
import RulesReport
import RulesSource

extension EvalService {
  /// The `eval --batch` options a request may set (as query parameters); nothing names a file.
  package static let batchOptions = ["input", "select", "key", "as_of", "trace", "fail_fast"]

  /// Parses the request's batch options as `eval --batch` would; a bad one is a 422 answer.
  package func batchCommand(_ query: [(String, String)]) -> Result<BatchJob, Answer> {
    var args = ["--batch", Self.requestName, "--jobs", "1"]
    for (k, v) in query {
      switch k {
      case "input", "select", "key": args += ["--" + k, v]
      case "as_of": args += ["--as-of", v]
      case "trace", "fail_fast":
        guard v == "true" || v == "false" else {
          return .failure(Self.error(422, .badOption, "`\(k)` must be true or false, not `\(v)`", help: "write \(k)=true or \(k)=false"))
        }
        if v == "true" { args.append(k == "trace" ? "--trace" : "--fail-fast") }
      default:
        return .failure(Self.error(422, .badOption, "unknown query parameter `\(k)`",
                                   help: Suggestions.didYouMean(k, in: Self.batchOptions) ?? "allowed: " + Self.batchOptions.joined(separator: ", ")))
      }
    }
    do {
      let command = try EvalCommand.parse(args)
      try command.validate()
      return .success(BatchJob(command: command, service: self))
    } catch {
      return .failure(Self.error(422, .badOption, EvalCommand.message(for: error)))
    }
  }

  /// One `eval --batch` run over a request body: reads `input`, writes lines to `output` (both
  /// pipes the server owns) and returns the run's error answer, if it failed as a whole.
  package struct BatchJob: @unchecked Sendable {
    let command: EvalCommand
    let service: EvalService

    /// Blocks until the input ends; call it on a thread of its own. The caller closes both descriptors.
    package func run(input: Int32, output: Int32) -> Answer? {
      var runner = BatchRunner(command: command, outputFD: output, progress: false)
      runner.inputFD = input
      runner.sharedProvider = service.provider
      let r = runner.run()
      // Lines were written; a run-wide failure (exit 2 before any line, or 64) carries JSON diagnostics.
      if r.exit == 64 || (r.exit == Exit.invalid && r.errors.hasPrefix("{")) { return Answer(status: 422, body: r.errors) }
      return nil
    }
  }
}
