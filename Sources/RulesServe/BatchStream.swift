import Dispatch
import Hummingbird
import RulesCLI
#if canImport(Glibc)
import Glibc
#endif

/// `POST /v1/batch`: runs `eval --batch` itself (BatchRunner) between two pipes, on threads of its
/// own (it blocks), and streams its lines into the response as they are written.
enum BatchStream {
  enum Event: Sendable {
    case data(ByteBuffer)
    /// The run ended; a run-wide failure (a bad option) carries its answer.
    case end(EvalService.Answer?)
  }

  static func respond(_ job: EvalService.BatchJob, body: [UInt8]) async -> Response {
    var input: [Int32] = [0, 0], output: [Int32] = [0, 0]
    guard pipe(&input) == 0 else { return Server.json(EvalService.error(503, .busy, "cannot start a batch run now")) }
    guard pipe(&output) == 0 else {
      close(input[0]); close(input[1])
      return Server.json(EvalService.error(503, .busy, "cannot start a batch run now"))
    }
    let (inR, inW, outR, outW) = (input[0], input[1], output[0], output[1])
    let (events, continuation) = AsyncStream<Event>.makeStream(bufferingPolicy: .bufferingNewest(1 << 16))
    final class Box: @unchecked Sendable { var answer: EvalService.Answer? }
    let box = Box()
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      // Feeds the body; a run that stops early (--fail-fast) closes its end, and EPIPE ends this.
      body.withUnsafeBytes { b in
        var off = 0
        while off < b.count {
          let n = write(inW, b.baseAddress! + off, b.count - off)
          if n <= 0 { if errno == EINTR { continue } else { break } }
          off += n
        }
      }
      close(inW)
    }
    DispatchQueue.global().async {
      box.answer = job.run(input: inR, output: outW)
      close(outW)
      close(inR)
      done.signal()
    }
    DispatchQueue.global().async {
      var buffer = [UInt8](repeating: 0, count: 64 << 10)
      while true {
        let n = buffer.withUnsafeMutableBytes { read(outR, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        continuation.yield(.data(ByteBuffer(bytes: buffer[0..<n])))
      }
      close(outR)
      done.wait()
      continuation.yield(.end(box.answer))
      continuation.finish()
    }
    final class Iterator: @unchecked Sendable { var it: AsyncStream<Event>.Iterator
      init(_ it: AsyncStream<Event>.Iterator) { self.it = it } }
    let iterator = Iterator(events.makeAsyncIterator())
    let ndjson: HTTPFields = [.contentType: "application/x-ndjson; charset=utf-8"]
    switch await iterator.it.next() {
    case .end(let a?):
      return Server.json(a)
    case .end(nil), .none:
      return Response(status: .ok, headers: ndjson, body: .init())
    case .data(let first):
      return Response(status: .ok, headers: ndjson, body: .init { writer in
        try await writer.write(first)
        while let e = await iterator.it.next() {
          if case .data(let more) = e { try await writer.write(more) }
        }
        try await writer.finish(nil)
      })
    }
  }
}
