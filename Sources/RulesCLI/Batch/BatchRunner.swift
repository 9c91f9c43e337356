import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif
import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource

/// `eval --batch`: streams records through the workers in windows of chunks. Each window is read,
/// evaluated on `--jobs` threads and written in input order before the next is read, so memory is
/// bounded by the window, whatever the input's size.
struct BatchRunner {
  let command: EvalCommand
  var colorErr = false
  /// Where the lines go: a file descriptor, or (nil) the result's `output` (for tests).
  var outputFD: Int32?
  /// Progress on standard error when it is a terminal and the run is long.
  var progress = false
  /// `serve`: the request body's pipe instead of the named input, and the rule sets it loaded at start.
  var inputFD: Int32?
  var sharedProvider: RuleSetProvider?
  /// Answer `--select` without building an `Evaluation` where it can (false only in tests).
  var lean = true

  init(command: EvalCommand, colorErr: Bool = false, outputFD: Int32? = 1, progress: Bool? = nil) {
    self.command = command
    self.colorErr = colorErr
    self.outputFD = outputFD
    self.progress = progress ?? (isatty(2) == 1)
  }

  typealias Result = CommandResult

  static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

  func fail(_ diagnostics: [Diagnostic], sources: [SourceText] = [], exit: Int32 = Exit.invalid) -> Result {
    if command.format == .jsonl || command.format == .json || command.format == nil {
      return Result(errors: DiagnosticsJSON.make(diagnostics).render() + "\n", exit: exit)
    }
    return Result(errors: DiagnosticRenderer(sources: sources, color: colorErr).render(diagnostics), exit: exit)
  }

  func usage(_ message: String, help: String? = nil) -> Result {
    fail([.error(.badOption, message, at: .file("<command line>"), help: help)], exit: 64)
  }

  func run() -> Result {
    let opts = command.batch
    let input = opts.batch!
    let limits = command.limits.load
    // The options first: a bad path is a usage error before anything is read.
    var paths: [SelectPath]?
    if let s = opts.select {
      var ps: [SelectPath] = []
      for part in s.split(separator: ",", omittingEmptySubsequences: false) {
        switch SelectPath.parse(String(part).trimmingSpaces) {
        case .success(let p): ps.append(p)
        case .failure(let e): return usage("--select: " + e.message, help: e.help)
        }
      }
      paths = ps
    }
    let output: BatchSetup.Output = opts.summary ? .summary : command.format == .csv ? .csv : .jsonl
    let provider: RuleSetProvider
    let optionDate: CalendarDate?
    do throws(DiagnosticError) {
      if let shared = sharedProvider { provider = shared } else { provider = try RuleSetProvider(options: command.rules, limits: limits) }
      optionDate = try command.asOf.map(EvalFrontend.parseDate)
    } catch {
      return fail(error.diagnostics)
    }
    // Every version is loaded up front, so workers share them without locks.
    var versions: [String: Swift.Result<BatchVersion, DiagnosticError>] = [:]
    for entry in provider.catalog.entries {
      do throws(DiagnosticError) {
        let rs = try provider.load(entry)
        let (files, location, overrides) = (entry.files, entry.location, provider.overrides)
        versions[entry.location] = .success(BatchVersion(
          ruleSet: rs, digest: Digest.of(entry.files), overrides: provider.overridesInForce(rs), select: paths,
          reload: { try? RuleSetLoader.load(files, location: location, limits: limits, overrides: overrides).get() }))
      } catch {
        versions[entry.location] = .failure(error)
      }
    }
    let loaded = versions.values.compactMap { try? $0.get() }
    if loaded.isEmpty, let e = versions.values.first, case .failure(let err) = e {
      return fail(err.diagnostics, sources: provider.sources)
    }
    for p in paths ?? [] {
      guard let d = p.decision else { continue }
      if !loaded.contains(where: { $0.ruleSet.decisionIndex[d] != nil }) {
        let names = Array(Set(loaded.flatMap { $0.ruleSet.decisions.map(\.name) })).sorted()
        return usage("--select: no rule set has a decision `\(d)`",
                     help: Suggestions.didYouMean(d, in: names) ?? "decisions: " + names.joined(separator: ", "))
      }
    }
    // `--output` never replaces the batch input or a rule file it read.
    if let out = command.output {
      let ruleFiles = command.rules.rules.map { [$0] + provider.catalog.entries.flatMap { $0.files.map(\.path) } } ?? []
      if let refusal = OutputGuard.refusal(out, inputs: [input] + ruleFiles) { return Result(errors: refusal, exit: Exit.invalid) }
    }
    let name = input == "-" ? "<stdin>" : input
    let fd: Int32 = inputFD ?? (input == "-" ? 0 : open(input, O_RDONLY))
    if fd < 0 {
      return fail([.error(.unreadableFile, "cannot read `\(input)`: \(String(cString: strerror(errno)))", at: .file(input))])
    }
    defer { if fd > 0 && inputFD == nil { close(fd) } }
    let setup = BatchSetup(
      catalog: provider.catalog, series: provider.series, versions: versions, optionDate: optionDate,
      today: Terminal.today(), key: opts.key.map { Array($0.utf8) }, file: name, csvInput: opts.input == .csv,
      output: output, select: paths, trace: opts.trace, lean: lean)
    return stream(setup, fd: fd, maxRecordBytes: limits.maxFileBytes)
  }

  private func stream(_ setup: BatchSetup, fd: Int32, maxRecordBytes: Int) -> Result {
    let jobs = command.batch.jobs ?? Self.cores
    let reader = BatchInput(fd: fd, csv: setup.csvInput, maxRecordBytes: maxRecordBytes)
    var sink = Sink(fd: outputFD, path: command.output)
    if let err = sink.open() { return fail([.error(.unreadableFile, err, at: .file(command.output ?? "-"))]) }
    var csvReader: CSVRecordReader?
    do throws(BatchInput.Failure) {
      if setup.csvInput {
        guard let h = try reader.header() else {
          sink.abandon()
          return fail([.error(.emptyFile, "`\(setup.file)` has no header row", at: .file(setup.file),
                              help: "the first row names the facts, e.g. as_of,agency.kind,contract.ends_on")])
        }
        if let bad = h.withUnsafeBufferPointer({ firstNonUTF8($0) }) {
          sink.abandon()
          return fail([.error(.inputEncoding, "the file is not UTF-8 (saved as Excel's CP932 / Shift_JIS?)",
                              at: place(setup.file, line: 0, bytes: h, offset: bad), help: "save it as UTF-8 (in Excel: CSV UTF-8)")])
        }
        do throws(JSONSyntaxError) {
          csvReader = try h.withUnsafeBufferPointer { b throws(JSONSyntaxError) in try CSVRecordReader.header(b) }
        } catch {
          sink.abandon()
          return fail([.error(.csvSyntax, "header: " + error.message, at: place(setup.file, line: 0, bytes: h, offset: error.offset),
                              help: error.help)])
        }
      }
    } catch {
      sink.abandon()
      return fail([failure(error, setup.file)])
    }
    if setup.output == .csv, let p = setup.select {
      var o = ByteOutput(capacity: 256)
      SelectPlan.csvHeader(p, into: &o)
      sink.write(o.bytes)
    }
    let window = jobs * 2
    // Small chunks when lines are large (full JSON is about 5 KB a case, 15 KB with traces), and smaller
    // as --jobs grows: the output of a window and the workers' buffers stay under about 8 MiB in all.
    let lineBytes = setup.trace ? 16 << 10 : 5 << 10
    let perChunk = setup.select != nil || setup.output == .summary
      ? 2048 : max(16, min(setup.trace ? 64 : 256, (8 << 20) / (lineBytes * (window + jobs))))
    // The window holds at most about 16 MiB of input, whatever --jobs, so memory stays flat.
    let chunkBytes = max(64 << 10, (16 << 20) / window)
    #if canImport(Glibc)
    // Output buffers (a chunk's lines, up to a few MB) from the kernel and back on free: with glibc's
    // sliding threshold they came from the workers' heaps instead, and peak memory crept up with the
    // input's length (51 → 43 MB over 10^5 full lines at --jobs 2, 56 → 43 MB at --jobs 8).
    // Not for `--select` and `--summary`, whose output is small: there every chunk's buffers would be
    // mapped afresh, and the page faults cost a tenth of a side-by-side run (4,900 → 24,600 faults).
    if outputFD != nil && setup.select == nil && setup.output != .summary {
      _ = glibcMallopt(-3 /* M_MMAP_THRESHOLD, malloc.h */, 256 << 10)
    }
    #endif
    var workers = (0..<jobs).map { _ in BatchWorker(setup: setup, csvReader: csvReader, failFast: command.batch.failFast) }
    var stats = BatchStats()
    let clock = ContinuousClock()
    let started = clock.now
    var lastDraw = started
    var stopped = false
    var fatal: Diagnostic?
    while !stopped {
      var chunks: [BatchChunk] = []
      do throws(BatchInput.Failure) {
        while chunks.count < window, let c = try reader.nextChunk(maxRecords: perChunk, maxBytes: chunkBytes) { chunks.append(c) }
      } catch {
        fatal = failure(error, setup.file)
      }
      if chunks.isEmpty { break }
      let results = Self.process(chunks, workers: &workers)
      for r in results {
        stats.merge(r.stats)
        if let stop = r.stopAt {
          sink.write(r.out[..<stop])
          stopped = true
          break
        }
        sink.write(r.out[...])
      }
      reader.recycle(&chunks)
      if fatal != nil { break }
      if progress, clock.now - started > .seconds(1), clock.now - lastDraw > .milliseconds(200) {
        lastDraw = clock.now
        drawProgress(stats, bytes: reader.bytesRead, total: fileSize(fd), elapsed: clock.now - started)
      }
    }
    if let fatal {
      sink.abandon()
      if progress { Terminal.error("\r\u{1B}[K") }
      return fail([fatal])
    }
    if setup.output == .summary { sink.write(Array(BatchSummaryText.render(stats).utf8)[...]) }
    if let err = sink.finish() { return fail([.error(.unreadableFile, err, at: .file(command.output ?? "-"))]) }
    let seconds = Double((clock.now - started).components.attoseconds) / 1e18 + Double((clock.now - started).components.seconds)
    let rate = seconds > 0 ? Int(Double(stats.cases) / seconds) : 0
    var errors = progress ? "\r\u{1B}[K" : ""
    errors += "eval --batch: \(stats.cases) cases: \(stats.decided) decided, \(stats.undetermined) undetermined, "
      + "\(stats.failed) failed (\(String(format1: seconds)) s, \(rate) cases/s)\n"
    let code = stats.failed > 0 ? Exit.invalid : stats.undetermined > 0 ? Exit.undetermined : Exit.ok
    return Result(output: sink.collected, errors: errors, exit: code)
  }

  /// Runs each chunk on a worker, with worker `j`'s own buffers. Each worker takes the next chunk not
  /// yet taken, so a worker whose thread the machine holds back (another process on its core) does not
  /// leave the others waiting for its share at the end of the window.
  static func process(_ chunks: [BatchChunk], workers: inout [BatchWorker]) -> [ChunkResult] {
    let jobs = min(workers.count, chunks.count)
    var results = [ChunkResult](repeating: ChunkResult(), count: chunks.count)
    if jobs == 1 {
      for k in chunks.indices { results[k] = workers[0].process(chunks[k]) }
      return results
    }
    let next = Atomic<Int>(0)
    results.withUnsafeMutableBufferPointer { rp in
      workers.withUnsafeMutableBufferPointer { wp in
        nonisolated(unsafe) let r = rp, w = wp
        DispatchQueue.concurrentPerform(iterations: jobs) { j in
          while true {
            let k = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard k < chunks.count else { break }
            r[k] = w[j].process(chunks[k])
          }
        }
      }
    }
    return results
  }

  private func failure(_ f: BatchInput.Failure, _ file: String) -> Diagnostic {
    switch f {
    case .tooLong(let line):
      return .error(.limitFileSize, "line \(line) is longer than \(command.limits.maxFileBytes) bytes",
                    at: SourceRange(file: file, start: .init(line: line, column: 1), end: .init(line: line, column: 1)),
                    help: "one case a line; raise the limit with `--max-file-bytes`")
    case .unreadable(let e):
      return .error(.unreadableFile, "cannot read `\(file)`: \(e)", at: .file(file))
    }
  }

  private func place(_ file: String, line: Int, bytes: [UInt8], offset: Int) -> SourceRange {
    let col = bytes.withUnsafeBufferPointer { scalarColumn($0, offset: offset) }
    let p = SourcePosition(line: line, column: col)
    return SourceRange(file: file, start: p, end: p)
  }

  private func fileSize(_ fd: Int32) -> Int? {
    var st = stat()
    guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
    return Int(st.st_size)
  }

  private func drawProgress(_ s: BatchStats, bytes: Int, total: Int?, elapsed: Duration) {
    let secs = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = secs > 0 ? Int(Double(s.cases) / secs) : 0
    var line = "\r"
    if let total, total > 0 {
      let width = 30
      let filled = min(width, bytes * width / total)
      line += "[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled) + "] "
        + "\(min(100, bytes * 100 / total))% "
    }
    line += "\(s.cases) cases, \(s.failed) failed, \(rate) cases/s"
    Terminal.error(line + "\u{1B}[K")
  }
}

#if canImport(Glibc)
/// glibc's `mallopt` (malloc.h is not part of the Glibc module).
@_silgen_name("mallopt")
private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif

/// Where batch output goes: standard output, a file written atomically (`--output`), or memory (tests).
struct Sink {
  let fd: Int32?
  let path: String?
  private var outFD: Int32 = -1
  private var tmp: String?
  private(set) var collected = ""
  private var failed: String?

  init(fd: Int32?, path: String?) {
    self.fd = fd
    self.path = path
  }

  mutating func open() -> String? {
    if let path {
      let t = path + ".tmp-\(getpid())"
      unlink(t)
      outFD = Glibc.open(t, O_WRONLY | O_CREAT | O_EXCL, 0o644)
      guard outFD >= 0 else { return "cannot write `\(path)`: \(String(cString: strerror(errno)))" }
      tmp = t
    } else if let fd {
      outFD = fd
    }
    return nil
  }

  mutating func write(_ bytes: [UInt8]) { write(bytes[...]) }

  mutating func write(_ bytes: ArraySlice<UInt8>) {
    guard failed == nil, !bytes.isEmpty else { return }
    guard outFD >= 0 else {
      collected += String(decoding: bytes, as: UTF8.self)
      return
    }
    bytes.withUnsafeBufferPointer { b in
      var off = 0
      while off < b.count {
        let n = Glibc.write(outFD, b.baseAddress! + off, b.count - off)
        if n <= 0 {
          if errno == EINTR { continue }
          failed = String(cString: strerror(errno))
          return
        }
        off += n
      }
    }
  }

  /// Drops a half-written `--output` file.
  mutating func abandon() {
    if let tmp {
      close(outFD)
      unlink(tmp)
      self.tmp = nil
    }
  }

  mutating func finish() -> String? {
    guard let tmp, let path else { return failed.map { "cannot write the output: \($0)" } }
    defer { self.tmp = nil }
    let ok = failed == nil && fsync(outFD) == 0
    close(outFD)
    guard ok, rename(tmp, path) == 0 else {
      unlink(tmp)
      return "cannot write `\(path)`: \(failed ?? String(cString: strerror(errno)))"
    }
    return nil
  }
}

extension String {
  var trimmingSpaces: String {
    String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
  }

  /// One decimal place, without Foundation.
  init(format1 x: Double) {
    let t = Int((x * 10).rounded())
    self = "\(t / 10).\(t % 10)"
  }
}
