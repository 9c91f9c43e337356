import RulesExpr
import RulesModel
import RulesSource
import RulesYAML

/// The lints `ismap-rules check` runs on a loaded rule set, beyond the loader's own errors.
/// Each finding is a diagnostic at the place to fix; see docs/review.md, "check".
package enum RuleSetLint {
  package struct Options: Sendable {
    /// Evaluations tried per pair of rules when looking for a witness.
    package var searchBudget = 20_000
    /// Largest number of fact sets tried when proving a rule shadowed.
    package var exhaustiveLimit = 4_096
    /// Evaluations for the whole rule set; past it the semantic lints stop (a huge rule set is
    /// checked in bounded time, with fewer findings).
    package var totalBudget = 400_000
    package init() {}
  }

  /// Lints `ruleSet`. `loadDiagnostics` are the loader's (a decision with an error in or under it
  /// gets no semantic lint); `usedFacts` the facts some expression reads.
  package static func run(
    _ ruleSet: RuleSet, loadDiagnostics: [Diagnostic], usedFacts: Set<Int>, options: Options = .init()
  ) -> [Diagnostic] {
    let ctx = LintContext(ruleSet, loadDiagnostics: loadDiagnostics)
    var out: [Diagnostic] = []
    out += missingSources(ruleSet)
    out += nearDuplicateOutcomes(ruleSet)
    out += unusedFacts(ruleSet, usedFacts: usedFacts)
    out += pastDeadlines(ctx)
    out += monthOverflows(ctx)
    out += hitPolicyLints(ctx, options: options)
    return out
  }

  // MARK: Citations and unused facts

  static func missingSources(_ rs: RuleSet) -> [Diagnostic] {
    var out: [Diagnostic] = []
    var sharedSeen: Set<String> = []
    for d in rs.decisions {
      for r in d.rules {
        for x in r.unless where x.shared && x.source == nil && sharedSeen.insert(x.id.value).inserted {
          out.append(.warning(.missingSource, "shared exclusion `\(x.id.value)` cites no `source`",
                              at: SourceRange(file: x.range.file, start: x.range.start, end: x.range.start),
                              help: "add `source: {clause: …, quote: …}` naming the clause it encodes"))
        }
        if r.source == nil {
          out.append(.warning(.missingSource, "rule `\(r.id.value)` of `\(d.name)` cites no `source`", at: r.id.range,
                              help: "add `source: {clause: …, quote: …}` naming the clause it encodes"))
        }
        for x in r.unless where x.source == nil && !x.shared {
          out.append(.warning(.missingSource, "exclusion `\(x.id.value)` of rule `\(r.id.value)` cites no `source`",
                              at: x.id.range, help: "add `source: {clause: …, quote: …}` naming the clause it encodes"))
        }
      }
    }
    for o in rs.obligations where o.source == nil {
      out.append(.warning(.missingSource, "obligation `\(o.id)` cites no `source`", at: o.range,
                          help: "add `source: {clause: …, quote: …}` naming the clause it encodes"))
    }
    return out
  }

  static func unusedFacts(_ rs: RuleSet, usedFacts: Set<Int>) -> [Diagnostic] {
    rs.facts.enumerated().compactMap { i, f in
      guard !f.informational, !usedFacts.contains(i) else { return nil }
      return .warning(.unusedFact, "fact `\(f.name)` is declared but no rule, definition or deadline uses it",
                      at: f.range, help: "use it, remove it, or mark it `informational: true` if it is only recorded")
    }
  }

  // MARK: Deadlines

  /// A deadline (or one branch of an `if`/`??` in it) that is the same date for every case and
  /// falls before the rule set was decided.
  static func pastDeadlines(_ ctx: LintContext) -> [Diagnostic] {
    let rs = ctx.ruleSet
    var out: [Diagnostic] = []
    func leaves(_ e: TypedExpr) -> [TypedExpr] {
      switch e.kind {
      case .conditional(_, let a, let b), .coalesce(let a, let b): return leaves(a) + leaves(b)
      default: return [e]
      }
    }
    for d in rs.decisions {
      for r in d.rules + (d.otherwise.map { [$0] } ?? []) {
        guard let slot = r.deadline else { continue }
        for leaf in leaves(slot.typed) {
          guard case .date(let day)? = ConstantFolder.fold(leaf, in: rs), day < rs.header.decidedOn else { continue }
          let text = slot.excerpt(leaf.range)
          let shown = text == day.description ? "`\(text)`" : "`\(text)` (\(day))"
          out.append(.warning(
            .deadlineBeforeDecision,
            "the deadline of rule `\(r.id.value)` is \(shown), before the rule set was decided on \(rs.header.decidedOn)",
            at: slot.sourceRange(leaf.range, in: ctx.sources),
            help: "every case this rule decides is already past its deadline; check the date"))
        }
      }
    }
    return out
  }

  // MARK: Month arithmetic

  /// Days of the month a month shift misses for some month: a date to show in the message.
  static let overflowProbes: [CalendarDate] = [
    (2020, 2, 29), (2021, 1, 31), (2021, 3, 31), (2021, 5, 31), (2021, 8, 31), (2021, 10, 31), (2021, 12, 31),
    (2021, 1, 30), (2021, 1, 29),
  ].compactMap { CalendarDate(year: $0.0, month: $0.1, day: $0.2) }

  static func monthOverflows(_ ctx: LintContext) -> [Diagnostic] {
    let rs = ctx.ruleSet
    var out: [Diagnostic] = []
    var seen: Set<SourceRange> = []
    for slot in ctx.ruleSet.allSlots {
      slot.typed.visit { e in
        let date: TypedExpr, length: TypedExpr, subtract: Bool
        switch e.kind {
        case .arithmetic(.dateAdd, let a, let b): (date, length, subtract) = (a, b, false)
        case .arithmetic(.dateSubtract, let a, let b): (date, length, subtract) = (a, b, true)
        case .call(.add, let args) where args.count == 2 || (args.count == 3 && ConstantFolder.fold(args[2], in: rs) == .string("none")):
          (date, length, subtract) = (args[0], args[1], false)
        default: return
        }
        guard case .duration(let p)? = ConstantFolder.fold(length, in: rs), CalendarDate.monthArithmeticCanOverflow(p)
        else { return }
        let site = slot.sourceRange(e.range, in: ctx.sources)
        guard seen.insert(site).inserted else { return }
        let text = slot.excerpt(e.range)
        let help = subtract
          ? "choose a rounding with `add(…, round: down)` or `round: up`, or use `period_end(…)` for a legal period"
          : "choose a rounding: `add(…, \(p), round: down)` or `round: up`, or use `period_end(…)` for a legal period"
        if case .date(let d)? = ConstantFolder.fold(date, in: rs) {
          // The same date every time: it either exists or never does.
          do throws(DateArithmeticError) {
            _ = subtract ? try d.subtracting(p) : try d.adding(p)
          } catch {
            out.append(.warning(.monthOverflow, "`\(text)` has no answer: \(error.message)", at: site, help: help))
          }
          return
        }
        let example = overflowProbes.first { d in
          (try? (subtract ? d.subtracting(p) : d.adding(p))) == nil
        }
        let eg = example.map { " (e.g. \($0) \(subtract ? "-" : "+") \(p))" } ?? ""
        out.append(.warning(.monthOverflow, "`\(text)` can land on a day that does not exist\(eg), and no rounding is chosen",
                            at: site, help: help))
      }
    }
    return out
  }

  // MARK: Hit policies

  static func hitPolicyLints(_ ctx: LintContext, options: Options) -> [Diagnostic] {
    let rs = ctx.ruleSet
    var out: [Diagnostic] = []
    let values = BoundaryValues(rs, slots: rs.allSlots)
    var budget = options.totalBudget
    for (di, d) in rs.decisions.enumerated() where ctx.trusted.contains(di) {
      switch d.hit {
      case .unique: out += uniqueOverlaps(d, ctx, values, options, &budget)
      case .first: out += shadowedRules(d, ctx, options, &budget)
      case .collect: break
      }
    }
    return out
  }

  static func uniqueOverlaps(
    _ d: Decision, _ ctx: LintContext, _ values: BoundaryValues, _ options: Options, _ total: inout Int
  ) -> [Diagnostic] {
    let rs = ctx.ruleSet
    var out: [Diagnostic] = []
    var reported: Set<Int> = []
    for j in d.rules.indices {
      for i in 0..<j where !reported.contains(j) && total > 0 {
        let (a, b) = (d.rules[i], d.rules[j])
        let reads = Reads([a, b], in: rs)
        let dates = reads.asOf ? values.asOfDates : [rs.header.effectiveFrom]
        var search = WitnessSearch(ruleSet: rs, values: values, budget: min(options.searchBudget, total))
        defer { total -= min(options.searchBudget, total) - max(0, search.budget) }
        for asOf in dates {
          guard let w = search.find(match: [a, b], asOf: asOf, knownFacts: reads.knownFacts) else {
            if search.budget < 0 { break }
            continue
          }
          let given = w.enumerated().compactMap { f, v in v.map { "\(rs.facts[f].name) = \(show($0))" } }
          var witness = given.isEmpty ? "with no facts given" : "e.g. " + given.joined(separator: ", ")
          if reads.asOf { witness += ", as of \(asOf)" }
          out.append(.error(
            .uniqueOverlap,
            "rules `\(a.id.value)` and `\(b.id.value)` of `unique` decision `\(d.name)` can both match: \(witness)",
            at: b.id.range,
            help: "make the conditions exclusive (a condition or an exclusion), or use `hit: first` if the order decides",
            notes: [.note("rule `\(a.id.value)` is here", at: a.id.range)]))
          reported.insert(j)
          break
        }
      }
    }
    return out
  }

  static func show(_ v: Value) -> String {
    switch v {
    case .string(let s): return "\"\(s)\""
    case .list(let xs): return "[" + xs.map(show).joined(separator: ", ") + "]"
    case .none: return "null"
    default: return v.description
    }
  }

  /// A rule under `first` that can never be the one chosen: an earlier rule with no exclusions
  /// whose conditions are a subset of its conditions (so it matches whenever this one does), or —
  /// when every fact involved has few, exact values — earlier rules matching in every case it does.
  static func shadowedRules(_ d: Decision, _ ctx: LintContext, _ options: Options, _ total: inout Int) -> [Diagnostic] {
    let rs = ctx.ruleSet
    var out: [Diagnostic] = []
    for j in d.rules.indices.dropFirst() {
      let b = d.rules[j]
      guard let bw = b.when else { continue }
      if let a = d.rules[..<j].first(where: { a in
        guard a.unless.isEmpty, let aw = a.when else { return false }
        return aw.conjuncts.isSubset(of: bw.conjuncts)
      }) {
        let why = a.when?.conjuncts.isEmpty == true ? "always matches" : "has no exclusions and its conditions are all among this rule's"
        out.append(.warning(
          .shadowedRule,
          "rule `\(b.id.value)` of `\(d.name)` can never apply: the earlier rule `\(a.id.value)` \(why), and `hit: first` takes it",
          at: b.id.range, help: "move this rule above `\(a.id.value)`, narrow `\(a.id.value)`, or remove this rule",
          notes: [.note("rule `\(a.id.value)` is here", at: a.id.range)]))
        continue
      }
      let earlier = Array(d.rules[..<j])
      let reads = Reads(earlier + [b], in: rs)
      guard !reads.asOf, total > 0,
        let space = WitnessSearch.exhaustive(rs, facts: reads.facts, knownFacts: reads.knownFacts,
                                             limit: options.exhaustiveLimit)
      else { continue }
      let program = Program.compiled(rs)
      var scratch = program.makeScratch()
      var everMatches = false
      var always: Set<Int>? = nil  // earlier rules matching in every case `b` matches
      var shadowed = true
      for a in space {
        total -= j + 1
        if total < 0 {
          shadowed = false
          break
        }
        scratch.begin(a, asOf: rs.header.effectiveFrom)
        guard let v = try? program.verdict(of: b, &scratch) else {
          shadowed = false
          break
        }
        guard v.state == .matched else {
          if v.state == .unknown { shadowed = false }
          continue
        }
        everMatches = true
        var hits: Set<Int> = []
        for (k, r) in earlier.enumerated() {
          if let x = try? program.verdict(of: r, &scratch), x.state == .matched { hits.insert(k) }
        }
        if hits.isEmpty {
          shadowed = false
          break
        }
        always = always.map { $0.intersection(hits) } ?? hits
      }
      guard shadowed, everMatches else { continue }
      let by: [Rule]
      // One earlier rule in every case, or no single one but together they cover it.
      if let k = always?.min() { by = [earlier[k]] } else { by = earlier }
      let names = by.map { "`\($0.id.value)`" }.joined(separator: ", ")
      out.append(.warning(
        .shadowedRule,
        by.count == 1
          ? "rule `\(b.id.value)` of `\(d.name)` can never apply: the earlier rule \(names) matches in every case it does, and `hit: first` takes it"
          : "rule `\(b.id.value)` of `\(d.name)` can never apply: in every case it matches, an earlier rule (\(names)) matches first",
        at: b.id.range, help: "reorder the rules, narrow the earlier ones, or remove this rule",
        notes: by.count == 1 ? [.note("rule \(names) is here", at: by[0].id.range)] : []))
    }
    return out
  }
}

/// Two versions of one series whose effective periods overlap: an explicit `effective_until` on
/// or after a later version's `effective_from`, or two versions starting the same day. A version
/// without `effective_until` runs until the next one starts; that is not an overlap.
package enum SeriesLint {
  package struct Version: Sendable {
    package let location: String
    package let id: String
    package let series: String
    package let effectiveFrom: CalendarDate
    package let effectiveUntil: CalendarDate?
    /// Where `effective_from` and `effective_until` are written.
    package let fromRange: SourceRange
    package let untilRange: SourceRange?

    package init(location: String, id: String, series: String, effectiveFrom: CalendarDate, effectiveUntil: CalendarDate?,
                fromRange: SourceRange, untilRange: SourceRange?) {
      self.location = location
      self.id = id
      self.series = series
      self.effectiveFrom = effectiveFrom
      self.effectiveUntil = effectiveUntil
      self.fromRange = fromRange
      self.untilRange = untilRange
    }
  }

  package static func overlaps(_ versions: [Version]) -> [Diagnostic] {
    var out: [Diagnostic] = []
    let bySeries = Dictionary(grouping: versions, by: \.series)
    for series in bySeries.keys.sorted() {
      let vs = bySeries[series]!.sorted { ($0.effectiveFrom, $0.location) < ($1.effectiveFrom, $1.location) }
      for (i, a) in vs.enumerated() {
        for b in vs[(i + 1)...] {
          if a.effectiveFrom == b.effectiveFrom {
            out.append(.warning(
              .overlappingVersions,
              "`\(b.id)` and `\(a.id)` of series `\(series)` both take effect on \(b.effectiveFrom)",
              at: b.fromRange, help: "give one of them a later `effective_from`, or make them one version",
              notes: [.note("`\(a.id)` takes effect here", at: a.fromRange)]))
          } else if let until = a.effectiveUntil, until >= b.effectiveFrom {
            let dayBefore = b.effectiveFrom.adding(days: -1).map(\.description) ?? "the day before"
            out.append(.warning(
              .overlappingVersions,
              "`\(a.id)` is in effect until \(until), but `\(b.id)` of the same series `\(series)` takes effect on \(b.effectiveFrom)",
              at: a.untilRange ?? a.fromRange,
              help: "end `\(a.id)` on \(dayBefore), or leave out `effective_until`: a version runs until the next one starts",
              notes: [.note("`\(b.id)` takes effect here", at: b.fromRange)]))
          }
        }
      }
    }
    return out
  }
}

extension SeriesLint {
  /// The versions among catalog entries, with where their dates are written (read from the header again).
  package static func versions(_ entries: [RuleSetCatalog.Entry]) -> [Version] {
    entries.compactMap { e in
      guard let id = e.id, let series = e.series, let from = e.effectiveFrom else { return nil }
      for f in e.files {
        guard let doc = try? YAMLParser.parse(f.bytes, path: f.path), let h = doc.root?["ruleset"],
          let fromNode = h["effective_from"]
        else { continue }
        return Version(location: e.location, id: id, series: series, effectiveFrom: from, effectiveUntil: e.effectiveUntil,
                       fromRange: fromNode.range, untilRange: h["effective_until"]?.range)
      }
      return nil
    }
  }
}
