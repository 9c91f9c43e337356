import RulesEval
import RulesExpr
import RulesModel
import RulesReport
import RulesSource

/// Runs the interview over a line source and a writer, so tests drive it in-process.
struct AskFrontend {
  let command: AskCommand
  /// Write each answer back after the prompt (stdin is not a terminal, so nothing echoed it).
  var echo = false

  var words: AskWords { AskWords(lang: command.lang.rawValue) }

  /// The answers so far: values by fact index, in the order given, and the facts answered "don't know".
  struct Answers {
    var values: [Value?]
    var order: [Int]
    var unknown: [Int]

    mutating func set(_ i: Int, _ answer: Answer) {
      switch answer {
      case .value(let v):
        values[i] = v
        if !order.contains(i) { order.append(i) }
      case .dontKnow:
        if !unknown.contains(i) { unknown.append(i) }
      }
    }
  }

  func run(read: () -> String?, write: (String) -> Void, error: (String) -> Void) -> Int32 {
    var sources: [SourceText] = []
    func fail(_ e: DiagnosticError) -> Int32 {
      error(DiagnosticRenderer(sources: sources, color: false).render(e.diagnostics))
      return Exit.invalid
    }
    do throws(DiagnosticError) {
      let limits = LoadLimits()
      let provider = try RuleSetProvider(options: command.rules, limits: limits)
      sources = provider.sources
      // Never over a rule file: the --rules path or any file under it (compared by identity).
      let ruleFiles = command.rules.rules.map { [$0] + provider.catalog.entries.flatMap { $0.files.map(\.path) } } ?? []
      if let out = command.output ?? command.facts, let r = ruleFiles.first(where: { Terminal.sameFile(out, $0) }) {
        throw DiagnosticError(.error(.badOption, "the answers would overwrite the rules `\(r)`", at: .file("<command line>"),
                                     help: "give --output another file"))
      }
      var doc: FactsDocument?
      if let path = command.facts, Terminal.exists(path) {
        let bytes = try InputFile.read(path, maxBytes: limits.maxFileBytes)
        sources.append(SourceText(path: path, text: String(decoding: bytes, as: UTF8.self)))
        doc = try FactsDocument.parse(bytes, path: path, limits: limits.yaml)
      }
      var asOf = try command.asOf.map(Self.parseDate) ?? doc?.asOf
      if asOf == nil {
        guard let d = askDate(read: read, write: write) else {
          write(words.inputEnded + "\n")
          return Exit.undetermined
        }
        asOf = d
      }
      guard let asOf else { return Exit.undetermined }
      let (ruleSet, _) = try provider.ruleSet(on: asOf)
      var answers = Answers(values: Array(repeating: nil, count: ruleSet.facts.count), order: [], unknown: [])
      if let doc {
        let bound = try doc.bind(to: ruleSet)
        answers.values = bound.values
        answers.order = bound.given.compactMap { ruleSet.factIndex[$0.name] }
        answers.unknown = bound.unknown
      }
      let (evaluation, ended) = try interview(ruleSet, asOf: asOf, answers: &answers, read: read, write: write)
      // The decision as `eval --lang` shows it (era dates too under Japanese).
      let text = EvaluationText(color: false, explain: false, voice: Voice(language: Language(rawValue: command.lang.rawValue) ?? .en))
      write("\n" + (evaluation.decided ? words.decided : ended ? words.inputEnded : words.nothingMore) + "\n\n")
      write(text.render(evaluation))
      let file = FactsFile.render(
        asOf: asOf, facts: answers.order.compactMap { i in answers.values[i].map { (ruleSet.facts[i].name, $0) } },
        unknown: answers.unknown.map { ruleSet.facts[$0].name }, comment: words.fileComment)
      if let target = command.output ?? command.facts {
        if let problem = Terminal.writeAtomically(file, to: target) {
          error("error: \(problem)\n")
          return Exit.invalid
        }
        write("\n" + words.saved(target) + "\n")
      } else {
        write("\n" + words.answersBelow + "\n" + file)
      }
      return evaluation.decided ? Exit.ok : Exit.undetermined
    } catch {
      return fail(error)
    }
  }

  static func parseDate(_ s: String) throws(DiagnosticError) -> CalendarDate {
    do throws(DateParseError) { return try CalendarDate.parseWritten(s) } catch {
      throw DiagnosticError(.error(.badDate, "--as-of: " + error.message, at: .file("<command line>"), help: error.help))
    }
  }

  /// Asks for the evaluation date; an empty answer is today. Nil when input ends.
  func askDate(read: () -> String?, write: (String) -> Void) -> CalendarDate? {
    write(words.asOfQuestion + "\n  " + words.dateHint + "\n")
    while true {
      write(words.prompt)
      guard let line = read() else {
        if echo { write("\n") }
        return nil
      }
      if echo { write(line + "\n") }
      if AnswerReader.normalize(line).isEmpty { return Terminal.today() }
      switch CalendarDate.readWritten(line) {
      case .success(let d): return d
      case .failure(let p): write("  ! " + words.badDate(line, p) + "\n")
      }
    }
  }

  /// Asks until the main decisions are decided, no question is left, or input ends (`ended`).
  func interview(_ ruleSet: RuleSet, asOf: CalendarDate, answers: inout Answers, read: () -> String?,
                 write: (String) -> Void) throws(DiagnosticError) -> (Evaluation, ended: Bool) {
    let reader = AnswerReader(words: words)
    var asked = 0
    while true {
      let facts = Facts(values: answers.values, given: answers.order.map { (ruleSet.facts[$0].name, answers.values[$0]!) },
                        path: command.output ?? command.facts ?? "answers", unknown: answers.unknown)
      let e: Evaluation
      do throws(EvaluationError) { e = try Program.evaluate(ruleSet, facts: facts, asOf: asOf) } catch {
        throw DiagnosticError(error.diagnostic)
      }
      guard !e.decided, let q = Questions.of(e).first else { return (e, false) }
      asked += 1
      write("\n" + show(q, number: asked, ruleSet: ruleSet, reader: reader))
      while true {
        write(words.prompt)
        guard let line = read() else {
          if echo { write("\n") }
          return (e, true)
        }
        if echo { write(line + "\n") }
        switch reader.read(line, for: q.fact) {
        case .success(let a):
          answers.set(q.factIndex, a)
        case .failure(let why):
          write("  ! " + why.message + "\n")
          continue
        }
        break
      }
    }
  }

  /// The question: label and fact, description, why it is asked, and the choices or what to type.
  func show(_ q: Question, number: Int, ruleSet: RuleSet, reader: AnswerReader) -> String {
    let lang = command.lang.rawValue
    let f = q.fact
    var out = words.question(number) + ": " + (f.label.map { "\($0.text(lang)) [\(f.name)]" } ?? f.name) + "\n"
    if let d = f.description { out += "  " + d.text(lang) + "\n" }
    if let need = q.neededBy.first {
      let title = ruleSet.decisionIndex[need.decision].flatMap { ruleSet.decisions[$0].title }.map { $0.text(lang) }
      out += "  \(words.why): " + (title.map { "\($0) (\(need.decision))" } ?? need.decision)
      if let c = need.source { out += " — \(c.clause)" }
      out += "\n"
    }
    let choices = reader.choices(for: f)
    for (i, c) in choices.enumerated() { out += "  \(i + 1). \(c.shown)\n" }
    if choices.isEmpty {
      var hint: String
      switch f.type {
      case .date: hint = words.dateHint
      case .number: hint = words.numberHint
      case .duration: hint = words.durationHint
      case .list: hint = words.listHint
      default: hint = words.textHint
      }
      if f.optional { hint += " / " + words.noneValue }
      out += "  " + hint + "\n"
    }
    out += "  ?. " + words.dontKnow + "\n"
    return out
  }
}
