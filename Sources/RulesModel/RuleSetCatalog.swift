#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import RulesExpr
import RulesSource
import RulesYAML

/// The rule sets found under a path (or bundled), and the choice of the version in effect on a date.
package struct RuleSetCatalog {
  /// One rule set's files, found but not yet loaded.
  package struct Entry: Sendable {
    package let location: String
    package let files: [RuleFile]
    /// Read from the header without a full load, for choosing a version.
    package let id: String?
    package let series: String?
    package let effectiveFrom: CalendarDate?
    package let effectiveUntil: CalendarDate?
  }

  package let entries: [Entry]

  package init(entries: [Entry]) { self.entries = entries }

  /// Finds rule sets under `path`: a file, a rule-set folder, or a folder of rule-set folders.
  package static func discover(_ path: String, maxFileBytes: Int = InputFile.defaultMaxBytes) throws(DiagnosticError)
    -> RuleSetCatalog
  {
    if !InputFile.isDirectory(path) {
      let bytes = try InputFile.read(path, maxBytes: maxFileBytes)
      return RuleSetCatalog(entries: [entry([RuleFile(path: path, bytes: bytes)], location: path)])
    }
    var found: [Entry] = []
    var visited = 0
    func walk(_ dir: String, depth: Int) throws(DiagnosticError) {
      visited += 1
      guard depth < 16, visited < 10_000 else { return }
      guard let names = InputFile.list(dir) else {
        throw DiagnosticError(.error(.unreadableFile, "cannot list folder `\(dir)`", at: .file(dir)))
      }
      let yaml = names.filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.hasPrefix(".") }
      var files: [RuleFile] = []
      for n in yaml {
        let p = dir == "." ? n : dir + "/" + n
        guard !InputFile.isDirectory(p) else { continue }
        files.append(RuleFile(path: p, bytes: try InputFile.read(p, maxBytes: maxFileBytes)))
      }
      if !files.isEmpty { found.append(entry(files, location: dir)) }
      for n in names where !n.hasPrefix(".") {
        let p = dir + "/" + n
        if InputFile.isDirectory(p) { try walk(p, depth: depth + 1) }
      }
    }
    try walk(path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path, depth: 0)
    if found.isEmpty {
      throw DiagnosticError(.error(.noRuleset, "`\(path)` holds no rule files (.yaml or .yml)", at: .file(path),
                                   help: "point `--rules` at a rule-set folder, e.g. `rules/ismap`"))
    }
    return RuleSetCatalog(entries: found)
  }

  /// Reads id, series and dates from the header with a quick parse; errors wait for the full load.
  package static func entry(_ files: [RuleFile], location: String) -> Entry {
    // Parse only the file that holds the header: a top-level `ruleset:` key starts a line.
    let marker = Array("ruleset:".utf8)
    // Line by line with memchr: every bundled file is scanned at each start.
    func hasHeader(_ b: [UInt8]) -> Bool {
      b.withUnsafeBufferPointer { p in
        guard let base = p.baseAddress else { return false }
        var i = 0
        while i + marker.count <= p.count {
          if p[i] == marker[0], p[i..<i + marker.count].elementsEqual(marker) { return true }
          guard let nl = memchr(base + i, 0x0A, p.count - i) else { return false }
          i = base.distance(to: nl.assumingMemoryBound(to: UInt8.self)) + 1
        }
        return false
      }
    }
    for f in files where hasHeader(f.bytes) {
      guard let doc = try? YAMLParser.parse(f.bytes, path: f.path), let h = doc.root?["ruleset"] else { continue }
      func date(_ k: String) -> CalendarDate? { h[k]?.scalar.flatMap { try? CalendarDate.parse(Substring($0.value)) } }
      return Entry(location: location, files: files, id: h["id"]?.scalar?.value, series: h["series"]?.scalar?.value,
                   effectiveFrom: date("effective_from"), effectiveUntil: date("effective_until"))
    }
    return Entry(location: location, files: files, id: nil, series: nil, effectiveFrom: nil, effectiveUntil: nil)
  }

  /// Every series in the catalog.
  package var series: [String] { Array(Set(entries.compactMap(\.series))).sorted() }

  /// The entry in effect on `date`: in `series` if given; else the only series with a version in effect.
  package func select(on date: CalendarDate, series wanted: String?) throws(DiagnosticError) -> Entry {
    let headerless = entries.filter { $0.series == nil }
    // A set without a readable header cannot be dated: its load reports why. A single version with a
    // header is held to its effective period like one of several.
    if series.isEmpty && !headerless.isEmpty { return entries[0] }
    // A lone version whose period is inverted: its load reports `bad-period` at the header.
    if entries.count == 1, let from = entries[0].effectiveFrom, let until = entries[0].effectiveUntil, until < from {
      return entries[0]
    }
    var pool = entries.filter { $0.series != nil }
    if let wanted {
      pool = pool.filter { $0.series == wanted }
      if pool.isEmpty {
        throw DiagnosticError(.error(.unknownSeries, "no rule set has series `\(wanted)`", at: .file("<command line>"),
                                     help: Suggestions.didYouMean(wanted, in: series) ?? "series here: \(series.joined(separator: ", "))"))
      }
    }
    let inEffect = pool.filter { e in
      guard let from = e.effectiveFrom, from <= date else { return false }
      return e.effectiveUntil.map { date <= $0 } ?? true
    }
    let bySeries = Dictionary(grouping: inEffect, by: { $0.series! })
    if bySeries.count > 1 {
      throw DiagnosticError(.error(
        .ambiguousSeries, "several series apply on \(date): \(bySeries.keys.sorted().joined(separator: ", "))",
        at: .file("<command line>"), help: "choose one with `--series`"))
    }
    guard let (_, versions) = bySeries.first,
      let best = versions.max(by: { ($0.effectiveFrom!, $0.location) < ($1.effectiveFrom!, $1.location) })
    else {
      let earliest = pool.compactMap(\.effectiveFrom).min()
      throw DiagnosticError(.error(
        .noVersionInEffect, "no rule set is in effect on \(date)", at: .file(pool.first?.location ?? "rules"),
        help: earliest.map { "the earliest date covered is \($0); choose a later `as_of`" }))
    }
    return best
  }
}
