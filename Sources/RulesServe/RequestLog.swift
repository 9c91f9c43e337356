import HTTPTypes
import Hummingbird
import RulesCLI
import RulesSource
#if canImport(Glibc)
import Glibc
#endif

/// Outermost middleware: turns every failure into a JSON diagnostics answer (never an empty or
/// HTML error page), sets the security headers, and logs one JSON line per request to stderr.
struct RequestLog<Context: RequestContext>: RouterMiddleware {
  let service: EvalService


  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    let clock = ContinuousClock()
    let start = clock.now
    var response: Response
    do {
      response = try await next(request, context)
    } catch let f as BodyReader.Failure {
      response = Server.json(EvalService.error(f.status, f.code, f.message, help: f.help))
      // The rest of the body is not read, so the connection cannot carry another request.
      response.headers[.connection] = "close"
    } catch let e as HTTPError {
      // A path that exists answers another method with 405 and the methods it takes, not 404.
      let allowed = Server.methods(of: request.uri.path)
      let a: EvalService.Answer = switch e.status.code {
      case 404 where allowed == nil:
        EvalService.error(404, .notFound, "no such path `\(request.uri.path)`",
                          help: "the API is under /v1 (see /openapi.json); the page is at /")
      case 404, 405:
        EvalService.error(405, .methodNotAllowed, "\(request.method) is not allowed on `\(request.uri.path)`",
                          help: allowed.map { "use " + $0 })
      default: EvalService.error(e.status.code, .httpError, e.body ?? e.status.reasonPhrase)
      }
      response = Server.json(a)
      if a.status == 405, let allowed { response.headers[.allow] = allowed }
    } catch {
      response = Server.json(EvalService.error(500, .internalError, "the request failed: \(error)"))
    }
    response.headers[.contentSecurityPolicy] = Server.contentSecurityPolicy
    response.headers[.xContentTypeOptions] = "nosniff"
    response.headers[.referrerPolicy] = "no-referrer"
    let d = clock.now - start
    let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    var line = "{\"method\": \"\(request.method.rawValue)\", \"path\": "
    line += JSONQuote.quoted(request.uri.path) + ", \"status\": \(response.status.code), \"ms\": "
    line += String(Double(Int(ms * 1000)) / 1000)
    line += ", \"ruleset\": " + (response.headers[.rulesetId].map(JSONQuote.quoted) ?? "null") + "}\n"
    Self.write(line)
    return response
  }

  /// One write call per line, so lines from concurrent requests never interleave.
  static func write(_ s: String) {
    var bytes = Array(s.utf8)
    bytes.withUnsafeMutableBytes { b in _ = Glibc.write(2, b.baseAddress, b.count) }
  }
}

extension HTTPField.Name {
  /// The rule set that answered, for the log line (a response header).
  static let rulesetId = HTTPField.Name("X-Ruleset-Id")!
  static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}

extension Server {
  /// The page may load scripts and styles from this server only, never inline or from elsewhere.
  static let contentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; "
    + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

  /// The methods a path takes (for 405 and `Allow`), nil for a path the server does not have.
  static func methods(of path: String) -> String? {
    switch path {
    case "/v1/eval", "/v1/batch": return "POST"
    case "/", "/app.js", "/app.css", "/healthz", "/openapi.json", "/v1/rulesets": return "GET"
    default:
      let parts = path.split(separator: "/", omittingEmptySubsequences: false)
      return parts.count == 5 && parts[1] == "v1" && parts[2] == "rulesets" && !parts[3].isEmpty && parts[4] == "facts" ? "GET" : nil
    }
  }

  /// The log writer without a generic context, for the start and stop lines.
  static func log(_ s: String) { RequestLog<BasicRequestContext>.write(s) }
}
