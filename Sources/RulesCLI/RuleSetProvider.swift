import RulesBundle
import RulesExpr
import RulesModel
import RulesSource

/// Finds and loads rule sets (from a path or the bundled copy) and picks the version for a date.
/// Loaded sets are cached, so a batch of cases loads each version once.
final class RuleSetProvider {
  let catalog: RuleSetCatalog
  let limits: LoadLimits
  let overrides: [String: String]
  let series: String?
  private var loaded: [String: RuleSet] = [:]

  convenience init(options: RulesOptions, limits: LoadLimits) throws(DiagnosticError) {
    try self.init(rules: options.rules, series: options.series, overrides: options.overrides, limits: limits)
  }

  /// `rules`: `--rules` (nil: the bundled rules); `overrides`: the `--set name=value` arguments.
  init(rules: String?, series: String?, overrides: [String], limits: LoadLimits) throws(DiagnosticError) {
    self.limits = limits
    self.overrides = try RulesOptions.overrideMap(overrides)
    self.series = series
    if let path = rules {
      catalog = try RuleSetCatalog.discover(path, maxFileBytes: limits.maxFileBytes)
    } else {
      catalog = Self.bundled
    }
  }

  /// The rules compiled into the binary, grouped by folder.
  static var bundled: RuleSetCatalog {
    var groups: [String: [RuleFile]] = [:]
    for f in BundledRules.files {
      let dir = f.path.lastIndex(of: "/").map { String(f.path[..<$0]) } ?? ""
      groups["rules/" + dir, default: []].append(RuleFile(path: "rules/" + f.path, bytes: Array(f.text.utf8)))
    }
    return RuleSetCatalog(entries: groups.keys.sorted().map { RuleSetCatalog.entry(groups[$0]!, location: $0) })
  }

  /// The version in effect on `date`, loaded and checked.
  func ruleSet(on date: CalendarDate) throws(DiagnosticError) -> (RuleSet, [RuleFile]) {
    let entry = try catalog.select(on: date, series: series)
    return (try load(entry), entry.files)
  }

  func load(_ entry: RuleSetCatalog.Entry) throws(DiagnosticError) -> RuleSet {
    if let s = loaded[entry.location] { return s }
    switch RuleSetLoader.load(entry.files, location: entry.location, limits: limits, overrides: overrides) {
    case .success(let s):
      loaded[entry.location] = s
      return s
    case .failure(let e): throw e
    }
  }

  /// The `--set` values as `ruleSet` holds them, sorted by name (for the output's `overrides`).
  func overridesInForce(_ ruleSet: RuleSet) -> [(String, Value)] {
    overrides.keys.sorted().compactMap { name in
      ruleSet.constantIndex[name].map { (name, ruleSet.constants[$0].value) }
    }
  }

  /// Sources of every entry, for quoting lines in messages.
  var sources: [SourceText] {
    catalog.entries.flatMap { $0.files.map { SourceText(path: $0.path, text: String(decoding: $0.bytes, as: UTF8.self)) } }
  }
}
