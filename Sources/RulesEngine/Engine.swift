// The pipeline modules are imported `internal`: the compiler then refuses any public declaration of this
// library that would expose one of their types, so the public API stays the types declared here.
import Foundation
internal import RulesBundle
internal import RulesEval
internal import RulesExpr
internal import RulesModel
internal import RulesSource

/// Rule sets, loaded and checked once, ready to evaluate cases. Immutable and `Sendable`: share one
/// engine between threads. Each case is evaluated against the rule-set version in effect on its date.
///
/// ```swift
/// let engine = try Engine.bundled()
/// let result = try engine.evaluate(CaseFacts(["agency.kind": "national_government", …], asOf: Day("2021-08-01")))
/// ```
public struct Engine: Sendable {
  let versions: [RuleSet]
  /// Each version's fact slots, for facts read as JSON.
  let slots: [FactSlots]
  let entries: [RuleSetCatalog.Entry]
  let series: String?

  /// The rules compiled into the library (the ISMAP interim measures, every version), loaded and checked.
  /// - Parameters:
  ///   - series: the series to choose versions from, when several apply on a date.
  ///   - overrides: constants to replace for this engine (`--set NAME=VALUE` of the CLI), by name.
  public static func bundled(series: String? = nil, overrides: [String: String] = [:]) throws(EngineError) -> Engine {
    var groups: [String: [RuleFile]] = [:]
    for f in BundledRules.files {
      let dir = f.path.split(separator: "/").dropLast().joined(separator: "/")
      groups["rules/" + dir, default: []].append(RuleFile(path: "rules/" + f.path, bytes: Array(f.text.utf8)))
    }
    let catalog = RuleSetCatalog(entries: groups.keys.sorted().map { RuleSetCatalog.entry(groups[$0]!, location: $0) })
    return try Engine(catalog: catalog, series: series, overrides: overrides)
  }

  /// Rule sets read from a folder: a rule-set folder, a folder of them (such as `rules/ismap`), or one file.
  /// Every version found is loaded and checked now, so errors in any of them are thrown here.
  public static func load(
    folder path: String, series: String? = nil, overrides: [String: String] = [:]
  ) throws(EngineError) -> Engine {
    let catalog: RuleSetCatalog
    do throws(DiagnosticError) { catalog = try RuleSetCatalog.discover(path) } catch { throw EngineError(error) }
    return try Engine(catalog: catalog, series: series, overrides: overrides)
  }

  init(catalog: RuleSetCatalog, series: String?, overrides: [String: String]) throws(EngineError) {
    var sets: [RuleSet] = []
    var problems: [Diagnostic] = []
    for entry in catalog.entries {
      switch RuleSetLoader.load(entry.files, location: entry.location, overrides: overrides) {
      case .success(let s): sets.append(s)
      case .failure(let e): problems += e.diagnostics
      }
    }
    if !problems.isEmpty { throw EngineError(DiagnosticError(problems[0], Array(problems.dropFirst()))) }
    versions = sets
    slots = sets.map { FactSlots($0) }
    entries = catalog.entries
    self.series = series
  }

  /// The ids of the rule-set versions loaded, in folder order.
  public var ruleSetIDs: [String] { versions.map(\.header.id.value) }

  /// The index in `versions` of the version in effect on `day` (an error when none is, or when several series apply).
  func version(on day: Day) throws(EngineError) -> Int {
    do throws(DiagnosticError) {
      let entry = try RuleSetCatalog(entries: entries).select(on: day.calendarDate, series: series)
      return versions.firstIndex { $0.location == entry.location }!
    } catch {
      throw EngineError(error)
    }
  }

  /// Evaluates one case with the version in effect on its date: `asOf` if given, else the facts' `as_of`,
  /// else today (in the machine's time zone).
  /// - Throws: `EngineError` when the facts cannot be read or do not fit the rule set (an undeclared
  ///   fact, a wrong type), or when no version is in effect on the date.
  public func evaluate(_ facts: CaseFacts, asOf: Day? = nil) throws(EngineError) -> CaseResult {
    let day: Day, i: Int, bound: Facts
    if facts.reading != .yaml,
       let json = try JSONFacts.read(facts.bytes, name: facts.name, orYAML: facts.reading == .jsonOrYAML) {
      // JSON without the YAML parser: the batch reader's fields, bound to the version's fact slots.
      day = asOf ?? json.asOf ?? Self.today()
      i = try version(on: day)
      bound = try json.bind(slots[i], bytes: facts.bytes, name: facts.name)
    } else {
      let doc: FactsDocument
      do throws(DiagnosticError) { doc = try FactsDocument.parse(facts.bytes, path: facts.name) } catch { throw EngineError(error) }
      day = asOf ?? doc.asOf.map(Day.init) ?? Self.today()
      i = try version(on: day)
      do throws(DiagnosticError) { bound = try doc.bind(to: versions[i]) } catch { throw EngineError(error) }
    }
    do throws(EvaluationError) {
      return CaseResult(try Program.evaluate(versions[i], facts: bound, asOf: day.calendarDate, trace: false))
    } catch {
      throw EngineError(error.diagnostic)
    }
  }

  /// Today's date in the machine's time zone.
  static func today() -> Day {
    let c = Calendar(identifier: .gregorian).dateComponents([.year, .month, .day], from: Date())
    return Day(year: c.year!, month: c.month!, day: c.day!)!
  }
}
