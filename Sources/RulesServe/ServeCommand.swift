import ArgumentParser
import Dispatch
import RulesCLI
import RulesSource
#if canImport(Glibc)
import Glibc
#endif

/// `ismap-rules serve`: the JSON API and the interview page over HTTP (docs/serve.md).
package struct ServeCommand: ParsableCommand {
  package static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract: "Serve the JSON API (/v1) and the interview page (/) over HTTP.",
    discussion: """
      Rules are loaded once at start (the bundled ones by default). With ISMAP_RULES_TOKEN set in the \
      environment every /v1 call needs `Authorization: Bearer <token>`. SIGTERM or SIGINT stops accepting \
      connections and lets requests in flight finish. One JSON line per request is logged to standard error.
      """)

  @Option(help: "A rule-set file or folder, or a folder of rule sets (default: the bundled rules).") var rules: String?
  @Option(help: "The series to use when the rules hold several.") var series: String?
  @Option(help: "Address to listen on (loopback by default).") var host = "127.0.0.1"
  @Option(help: "Port to listen on (0: any free port, printed at start).") var port = 8080
  @Option(help: "Largest /v1/eval body, in bytes.") var maxBody = 1 << 20
  @Option(help: "Largest /v1/batch body, in bytes.") var maxBatchBody = 64 << 20

  package init() {}

  package func validate() throws {
    if !(0...65535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
    if maxBody < 1 || maxBatchBody < 1 { throw ValidationError("--max-body and --max-batch-body must be positive") }
  }

  package func run() throws {
    let service: EvalService
    do throws(DiagnosticError) {
      service = try EvalService(rules: rules, series: series)
    } catch {
      printError(EvalService.render(error, rules: rules))
      throw ExitCode(2)
    }
    let token = getenv("ISMAP_RULES_TOKEN").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
    if token == nil && !ServerSettings.isLoopback(host) {
      printError("warning: serving on \(host), reachable from other machines, with no ISMAP_RULES_TOKEN: "
                 + "anyone who can reach it can call the API. Set ISMAP_RULES_TOKEN in the environment.\n")
    }
    let settings = ServerSettings(host: host, port: port, maxBody: maxBody, maxBatchBody: maxBatchBody, token: token)
    let failed = ServerRun.block(service: service, settings: settings)
    if let failed {
      printError("error: cannot serve on \(host):\(port): \(failed)\n")
      throw ExitCode(2)
    }
  }

  func printError(_ s: String) {
    _ = s.utf8CString.withUnsafeBufferPointer { b in write(2, b.baseAddress, b.count - 1) }
  }
}

/// Runs the async server from the synchronous command and waits for it to stop.
enum ServerRun {
  static func block(service: EvalService, settings: ServerSettings) -> String? {
    final class Box: @unchecked Sendable { var error: String? }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    Task {
      do {
        try await Server(service: service, settings: settings).run()
      } catch {
        box.error = String(describing: error)
      }
      done.signal()
    }
    done.wait()
    return box.error
  }
}
