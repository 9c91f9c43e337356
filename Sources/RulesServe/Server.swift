import Hummingbird
import Logging
import RulesCLI
import RulesSource
#if canImport(Glibc)
import Glibc
#endif

/// What `serve` was started with. Every request limit is set here, in one place.
struct ServerSettings: Sendable {
  var host: String
  var port: Int
  var maxBody: Int
  var maxBatchBody: Int
  var token: String?
  /// A body must arrive within this, so a slow client cannot hold a worker (408).
  var bodyTimeout: Duration = .seconds(10)

  static func isLoopback(_ host: String) -> Bool {
    host == "localhost" || host == "::1" || host.hasPrefix("127.")
  }
}

/// The HTTP layer: a thin router over EvalService (the CLI's own frontends and renderers).
struct Server {
  let service: EvalService
  let settings: ServerSettings

  typealias Context = BasicRequestContext

  func router() -> Router<Context> {
    let router = Router(context: Context.self)
    router.add(middleware: RequestLog(service: service))
    router.get("/healthz") { _, _ in Self.json(.init(status: 200, body: "{\"status\": \"ok\"}\n")) }
    router.get("/openapi.json") { _, _ in
      Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
               body: .init(byteBuffer: ByteBuffer(string: OpenAPI.document)))
    }
    for asset in PageAssets.all {
      router.get(RouterPath(asset.path)) { _, _ in
        Response(status: .ok, headers: [.contentType: asset.type, .cacheControl: "no-cache"],
                 body: .init(byteBuffer: ByteBuffer(string: asset.text)))
      }
    }
    let v1 = router.group("v1").add(middleware: BearerAuth(token: settings.token))
    v1.get("rulesets") { _, _ in Self.json(service.rulesets()) }
    v1.get("rulesets/:id/facts") { _, context in
      Self.json(service.facts(id: context.parameters.get("id") ?? ""))
    }
    v1.post("eval") { request, _ in
      let body = try await BodyReader.collect(request.body, limit: settings.maxBody, timeout: settings.bodyTimeout)
      return Self.json(service.eval(body))
    }
    v1.post("batch") { request, _ in
      let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
      let job: EvalService.BatchJob
      switch service.batchCommand(query) {
      case .success(let j): job = j
      case .failure(let a): return Self.json(a)
      }
      let body = try await BodyReader.collect(request.body, limit: settings.maxBatchBody, timeout: settings.bodyTimeout)
      return await BatchStream.respond(job, body: body)
    }
    return router
  }

  func run() async throws {
    signal(SIGPIPE, SIG_IGN)
    var logger = Logger(label: "ismap-rules")
    logger.logLevel = .error
    let host = settings.host
    let app = Application(
      router: router(),
      server: .http1(configuration: .init(idleTimeout: .seconds(60))),
      configuration: .init(address: .hostname(host, port: settings.port), serverName: nil, backlog: 1024),
      onServerRunning: { channel in
        let port = channel.localAddress?.port ?? 0
        Server.log("{\"event\": \"listening\", \"host\": \"\(host)\", \"port\": \(port)}\n")
      },
      logger: logger)
    try await app.runService()
    Server.log("{\"event\": \"stopped\"}\n")
  }

  /// An answer as a JSON response, with the rule set that gave it for the log.
  static func json(_ a: EvalService.Answer) -> Response {
    var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
    if let r = a.ruleset { headers[.rulesetId] = r }
    return Response(status: .init(code: a.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: a.bytes)))
  }
}

/// Reads a request body up to a size and within a time; past either the request fails as 413 or 408.
enum BodyReader {
  struct Failure: Error {
    let status: Int
    let code: DiagnosticCode
    let message: String
    let help: String
  }

  /// Every body read in flight, watched by one clock (a timer per request would stay armed for its
  /// full 10 s after the body came, which costs memory at thousands of requests a second).
  static let deadlines = Deadlines()

  static func collect(_ body: RequestBody, limit: Int, timeout: Duration) async throws -> [UInt8] {
    let reader = Task { () async throws -> [UInt8] in
      var out: [UInt8] = []
      for try await var chunk in body {
        if out.count + chunk.readableBytes > limit {
          throw Failure(status: 413, code: .bodyTooLarge, message: "the body is over \(limit) bytes",
                        help: "send less, or start the server with a larger --max-body / --max-batch-body")
        }
        out += chunk.readBytes(length: chunk.readableBytes) ?? []
      }
      return out
    }
    let ticket = deadlines.add(ContinuousClock.now + timeout) { reader.cancel() }
    let result = await withTaskCancellationHandler { await reader.result } onCancel: { reader.cancel() }
    if deadlines.remove(ticket) {
      throw Failure(status: 408, code: .bodyTimeout, message: "the body did not arrive within \(timeout)",
                    help: "send the whole body at once")
    }
    return try result.get()
  }
}

/// Deadlines checked four times a second by one task, which cancels the reads that are past theirs.
final class Deadlines: @unchecked Sendable {
  private struct Entry {
    let deadline: ContinuousClock.Instant
    let cancel: @Sendable () -> Void
    var expired = false
  }

  private var entries: [UInt64: Entry] = [:]
  private var next: UInt64 = 0
  private var watching = false
  private let lock = Lock()

  /// Registers a deadline; `cancel` runs once it passes (outside the lock).
  func add(_ deadline: ContinuousClock.Instant, cancel: @escaping @Sendable () -> Void) -> UInt64 {
    let (ticket, start) = lock.withLock { () -> (UInt64, Bool) in
      next += 1
      entries[next] = Entry(deadline: deadline, cancel: cancel)
      defer { watching = true }
      return (next, !watching)
    }
    if start { Task.detached { await self.watch() } }
    return ticket
  }

  /// Forgets a deadline; true when it had passed.
  func remove(_ ticket: UInt64) -> Bool {
    lock.withLock { entries.removeValue(forKey: ticket)?.expired ?? false }
  }

  private func watch() async {
    while true {
      try? await Task.sleep(for: .milliseconds(250))
      let now = ContinuousClock.now
      let due = lock.withLock { () -> [@Sendable () -> Void] in
        var due: [@Sendable () -> Void] = []
        for (k, e) in entries where !e.expired && e.deadline <= now {
          entries[k]?.expired = true
          due.append(e.cancel)
        }
        return due
      }
      for cancel in due { cancel() }
    }
  }
}

/// `Authorization: Bearer <token>` on /v1 when the server has a token.
struct BearerAuth<Context: RequestContext>: RouterMiddleware {
  let token: String?

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
    guard let token else { return try await next(request, context) }
    let given = request.headers[.authorization] ?? ""
    guard given.hasPrefix("Bearer "), Self.same(Array(given.utf8.dropFirst(7)), Array(token.utf8)) else {
      var r = Server.json(EvalService.error(401, .unauthorized, given.isEmpty ? "this call needs a token" : "the token is wrong",
                                            help: "send `Authorization: Bearer <token>` with the server's ISMAP_RULES_TOKEN"))
      r.headers[.wwwAuthenticate] = "Bearer"
      return r
    }
    return try await next(request, context)
  }

  /// Compares in time that does not depend on where the first difference is.
  static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    var diff = UInt8(a.count == b.count ? 0 : 1)
    for i in 0..<max(a.count, b.count) { diff |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0) }
    return diff == 0
  }
}

/// A mutex (pthread, so it works on every platform the package builds for).
final class Lock: @unchecked Sendable {
  private let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)

  init() { pthread_mutex_init(m, nil) }

  deinit {
    pthread_mutex_destroy(m)
    m.deallocate()
  }

  func withLock<T>(_ body: () throws -> T) rethrows -> T {
    pthread_mutex_lock(m)
    defer { pthread_mutex_unlock(m) }
    return try body()
  }
}
