import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource

/// Counts over a run (merged from every chunk), and the `--summary` table when asked.
struct BatchStats {
  var decided = 0, undetermined = 0, failed = 0
  /// `--summary`: decision → outcome → status → count, and decision → deadline month → count.
  var table: [String: [String: [String: Int]]] = [:]
  var months: [String: [String: Int]] = [:]
  var decisionOrder: [String] = []

  var cases: Int { decided + undetermined + failed }

  mutating func merge(_ o: BatchStats) {
    decided += o.decided
    undetermined += o.undetermined
    failed += o.failed
    for d in o.decisionOrder where !decisionOrder.contains(d) { decisionOrder.append(d) }
    for (d, outcomes) in o.table {
      for (out, statuses) in outcomes {
        for (s, n) in statuses { table[d, default: [:]][out, default: [:]][s, default: 0] += n }
      }
    }
    for (d, ms) in o.months {
      for (m, n) in ms { months[d, default: [:]][m, default: 0] += n }
    }
  }

  mutating func add(_ e: Evaluation) {
    for i in e.ruleSet.main {
      let r = e.results[i]
      if !decisionOrder.contains(r.name) { decisionOrder.append(r.name) }
      let outcome = r.determined ? (r.hit == .collect ? r.outcomes.joined(separator: "+") : r.outcome ?? "(none)") : "?"
      table[r.name, default: [:]][outcome.isEmpty ? "(none)" : outcome, default: [:]][r.status.rawValue, default: 0] += 1
      if let d = r.deadline {
        let m = String(d.description.prefix(7))
        months[r.name, default: [:]][m, default: 0] += 1
      }
    }
  }
}

/// What a worker made of one chunk: its output bytes in input order, its counts, and, with
/// --fail-fast, where the first failed line's output ends.
struct ChunkResult {
  var out: [UInt8] = []
  var stats = BatchStats()
  var stopAt: Int?
}

/// Reads, binds, evaluates and writes the records of a chunk. Each worker has its own, so the
/// buffers are reused from record to record with no locking.
struct BatchWorker {
  let setup: BatchSetup
  let csvReader: CSVRecordReader?
  let failFast: Bool
  var record = BatchRecord()
  var memo: [CalendarDate: Result<BatchVersion, DiagnosticError>] = [:]
  /// Versions by evaluation day, direct-mapped, so the memo is not hashed for every record.
  var dayCache = [(CalendarDate, BatchVersion)?](repeating: nil, count: dayCacheSize)
  static let dayCacheSize = 4096
  var scratch = BatchEvaluation.Scratch()
  /// The full path's own rule sets, programs and scratch (BatchWorker+Full.swift).
  private var full = BatchFullPath()
  var out = ByteOutput()
  private var owned: [ObjectIdentifier: Own?] = [:]
  private var lastOwn: (ObjectIdentifier, Own?)?
  static let asOfName = Array("as_of".utf8)
  /// The lean path's one-pass reader of JSON lines (`oneLean`).
  var scanner = JSONLineScanner()
  /// Whether `oneLean` may take a record: JSON Lines in, `--select` paths all answered from the scratch.
  let leanLines: Bool
  /// The evaluation day of the last line `oneLean` took, with its version and this worker's own.
  var leanLast: (asOf: CalendarDate, version: BatchVersion, own: Own)?

  init(setup: BatchSetup, csvReader: CSVRecordReader?, failFast: Bool) {
    self.setup = setup
    self.csvReader = csvReader
    self.failFast = failFast
    leanLines = setup.lean && setup.output != .summary && csvReader == nil
      && setup.select.map(SelectAnswers.canAnswer) == true
  }

  mutating func process(_ chunk: BatchChunk) -> ChunkResult {
    var result = ChunkResult()
    out.bytes.removeAll(keepingCapacity: true)
    chunk.bytes.withUnsafeBufferPointer { all in
      for (s, e, line) in chunk.records {
        let bytes = UnsafeBufferPointer(rebasing: all[s..<e])
        let ok = one(bytes, line: line, stats: &result.stats)
        if !ok && failFast {
          result.stopAt = out.bytes.count
          break
        }
      }
    }
    result.out = out.bytes
    return result
  }

  /// One record; false when it failed (its error line is written).
  private mutating func one(_ bytes: UnsafeBufferPointer<UInt8>, line: Int, stats: inout BatchStats) -> Bool {
    if leanLines, let ok = oneLean(bytes, line: line, stats: &stats) { return ok }
    var key = JSON.null
    do throws(RecordError) {
      record.reset(line: line)
      do throws(JSONSyntaxError) {
        if let csv = csvReader {
          if let bad = firstNonUTF8(bytes) {
            throw JSONSyntaxError(message: "the file is not UTF-8 (saved as Excel's CP932 / Shift_JIS?)", offset: bad,
                                  help: "save it as UTF-8 (in Excel: CSV UTF-8)", encoding: true)
          }
          try csv.read(bytes, into: &record)
        } else {
          try JSONRecordReader().read(bytes, into: &record)
        }
      } catch {
        throw RecordError(error.encoding ? .inputEncoding : (csvReader == nil ? .jsonSyntax : .csvSyntax),
                          error.message, file: setup.file, line: line,
                          column: scalarColumn(bytes, offset: error.offset), help: error.help)
      }
      var asOfField = -1, keyField = -1
      for (n, f) in record.fields.enumerated() {
        if record.nameIs(f, Self.asOfName) { asOfField = n } else if let k = setup.key, record.nameIs(f, k) { keyField = n }
      }
      if keyField >= 0 {
        let f = record.fields[keyField]
        key = Self.key(f.kind, record.valueString(f))
      }
      let asOf: CalendarDate, source: String
      if let d = setup.optionDate {
        (asOf, source) = (d, "option")
      } else if asOfField >= 0 {
        let f = record.fields[asOfField]
        // `YYYY-MM-DD` straight from the bytes; any other text goes through the date parser.
        let quick = f.kind == .string || f.kind == .cell ? FactSlots.isoDate(record.value(f)) : nil
        guard f.kind == .string || f.kind == .cell, let d = quick ?? (try? CalendarDate.parse(record.valueString(f))) else {
          let message = (try? CalendarDate.parse(record.valueString(f))) == nil && (f.kind == .string || f.kind == .cell)
            ? "`as_of` `\(record.valueString(f))` is not a date" : "`as_of` must be a date (YYYY-MM-DD)"
          throw RecordError(.badDate, message, file: setup.file, line: line,
                            column: scalarColumn(bytes, offset: Int(f.valueOffset)), help: "write the date as \"2021-08-01\"")
        }
        (asOf, source) = (d, "facts")
      } else {
        (asOf, source) = (setup.today, "today")
      }
      let version: BatchVersion
      switch self.version(on: asOf) {
      case .success(let v): version = v
      case .failure(let e): throw RecordError(relocated(e.diagnostics[0], line: line))
      }
      if setup.lean, setup.output != .summary, let own = own(version) {
        // The lean path: facts into the scratch's slots, answers from its records, no `Evaluation`.
        let program = own.program, answers = own.answers
        let i = scratch.index(for: program)
        scratch.spaces[i].beginBound(asOf: asOf)
        try own.slots.bind(record, skip: (asOfField, keyField), bytes: bytes, file: setup.file,
                           into: &scratch.spaces[i])
        do throws(EvaluationError) { try program.decide(&scratch.spaces[i]) } catch { throw RecordError(error.diagnostic) }
        let decided = program.decided(&scratch.spaces[i])
        if decided { stats.decided += 1 } else { stats.undetermined += 1 }
        if setup.output == .csv {
          answers.csv(&scratch.spaces[i], line: line, key: key, asOf: asOf, asOfSource: source, decided: decided,
                      digest: version.digest, into: &out)
        } else {
          answers.json(&scratch.spaces[i], line: line, key: key, asOf: asOf, asOfSource: source, decided: decided,
                       digest: version.digest, into: &out)
        }
        return true
      }
      try full.write(record, skip: (asOfField, keyField), bytes: bytes, shared: version, setup: setup, line: line,
                     key: key, asOf: asOf, asOfSource: source, stats: &stats, out: &out)
      return true
    } catch {
      stats.failed += 1
      switch setup.output {
      case .summary: break
      case .jsonl: BatchLine.error(error.diagnostic, line: line, key: key, into: &out)
      case .csv: SelectPlan.csvError(error.diagnostic, columns: setup.select?.count ?? 0, line: line, key: key, into: &out)
      }
      return false
    }
  }

  /// The rule-set version in effect on `asOf`, remembered.
  mutating func version(on asOf: CalendarDate) -> Result<BatchVersion, DiagnosticError> {
    let slot = asOf.dayNumber & (Self.dayCacheSize - 1)
    if let (d, v) = dayCache[slot], d == asOf { return .success(v) }
    let chosen = memo[asOf] ?? setup.version(on: asOf)
    if memo.count < 4096 { memo[asOf] = chosen }
    if case .success(let v) = chosen { dayCache[slot] = (asOf, v) }
    return chosen
  }

  /// This worker's own program, fact slots and column writer for `version`'s lean path (nil: its
  /// `--select` needs a full evaluation). Own copies, not the version's: objects shared between
  /// threads made every retain of a closure context or array a contended atomic, and `--jobs 2`
  /// took 75 % more CPU than `--jobs 1` for the same lines.
  mutating func own(_ version: BatchVersion) -> Own? {
    let id = ObjectIdentifier(version)
    if let (k, o) = lastOwn, k == id { return o }
    let o: Own?
    if let known = owned[id] {
      o = known
    } else {
      if let plan = version.select, version.answers != nil {
        let program = Program(version.ruleSet)
        o = SelectAnswers(plan: plan, ruleSet: version.ruleSet, program: program).map {
          Own(program: program, slots: FactSlots(version.ruleSet, program: program), answers: $0,
              space: scratch.index(for: program))
        }
      } else {
        o = nil
      }
      owned[id] = o
    }
    lastOwn = (id, o)
    return o
  }

  final class Own {
    let program: Program
    let slots: FactSlots
    let answers: SelectAnswers
    let lines: LineBinder
    /// The index of the program's space in the worker's scratch.
    let space: Int
    init(program: Program, slots: FactSlots, answers: SelectAnswers, space: Int) {
      self.program = program
      self.slots = slots
      self.answers = answers
      self.space = space
      lines = LineBinder(slots)
    }
  }

  /// A diagnostic about the whole run (no version in effect), placed at this record.
  private func relocated(_ d: Diagnostic, line: Int) -> Diagnostic {
    guard [DiagnosticCode.noVersionInEffect, .ambiguousSeries, .unknownSeries].contains(d.code) else { return d }
    let p = SourcePosition(line: line, column: 1)
    return Diagnostic(d.severity, d.code, d.message, at: SourceRange(file: setup.file, start: p, end: p), help: d.help)
  }
}
