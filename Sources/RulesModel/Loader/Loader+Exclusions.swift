import RulesExpr
import RulesSource
import RulesYAML

/// Exclusions (written in a rule's `unless:` or shared under the top-level `exclusions:`) and
/// `allow:` lists.
extension RuleSetLoader {
  static let sharedExclusionKeys = RuleFileKeys.sharedExclusion.keys

  /// One item of a rule's `unless:`: a map (its own exclusion) or a plain name (a shared one).
  func unlessItem(_ node: YAMLNode) -> Exclusion? {
    if let s = node.scalar, !s.isNull {
      return sharedExclusion(named: s.value, at: node)
    }
    guard let ef = r.fields(node, "an exclusion", allowed: Self.exclusionKeys, required: RuleFileKeys.exclusion.required,
                            nearby: Self.aroundExclusion),
      let idn = ef["id"], let eid = r.name(idn, "an exclusion id"), let c = ef["when"].flatMap({ condition($0) })
    else { return nil }
    return Exclusion(id: Located(eid, at: idn.range), when: c,
                     reason: (ef["reason"] ?? ef["title"]).flatMap { personText($0, "`reason`") },
                     source: ef["source"].flatMap { r.citation($0) }, allow: allowList(ef["allow"]), range: node.range)
  }

  /// A shared exclusion, checked on its first use; later uses reuse it and add what it reads to the
  /// decision that uses it, so decisions are still ordered by what they read.
  private func sharedExclusion(named name: String, at ref: YAMLNode) -> Exclusion? {
    if sharedExclusionNodes == nil {
      sharedExclusionNodes = Dictionary((sections["exclusions"] ?? []).map { ($0.key.scalar?.value ?? "", $0) },
                                        uniquingKeysWith: { a, _ in a })
    }
    guard let entry = sharedExclusionNodes?[name] else {
      let known = (sections["exclusions"] ?? []).compactMap { $0.key.scalar?.value }
      r.error(.unknownExclusion, "no shared exclusion is named `\(name)`", at: ref,
              help: Suggestions.didYouMean(name, in: known)
                ?? "declare it under the top-level `exclusions:`, or write it here as `{id: \(name), when: …}`")
      return nil
    }
    guard case .decision(let d) = owner else { return nil }
    if let done = sharedExclusions[name] {
      if done.exclusion == nil { failed.decisions.insert(d) }  // its error was reported at its first use
      decisionReads[d, default: []].formUnion(done.reads)
      decisionDefs[d, default: []].formUnion(done.definitions)
      return done.exclusion.map { relocated($0, to: ref) }
    }
    let readsBefore = decisionReads[d] ?? [], defsBefore = decisionDefs[d] ?? []
    var exclusion: Exclusion?
    if let f = r.fields(entry.value, "shared exclusion `\(name)`", allowed: Self.sharedExclusionKeys, required: RuleFileKeys.sharedExclusion.required,
                        nearby: Self.aroundExclusion),
      let c = f["when"].flatMap({ condition($0) })
    {
      exclusion = Exclusion(
        id: Located(name, at: entry.key.range), when: c,
        reason: (f["reason"] ?? f["title"]).flatMap { personText($0, "`reason`") },
        source: f["source"].flatMap { r.citation($0) }, allow: allowList(f["allow"]), shared: true,
        range: SourceRange(file: entry.key.range.file, start: entry.key.range.start, end: entry.value.range.end))
    }
    sharedExclusions[name] = SharedExclusion(
      exclusion: exclusion, reads: (decisionReads[d] ?? []).subtracting(readsBefore),
      definitions: (decisionDefs[d] ?? []).subtracting(defsBefore))
    return exclusion.map { relocated($0, to: ref) }
  }

  /// The shared exclusion as one rule uses it: its id points at the reference, its range at the declaration.
  private func relocated(_ x: Exclusion, to ref: YAMLNode) -> Exclusion {
    Exclusion(id: Located(x.id.value, at: ref.range), when: x.when, reason: x.reason, source: x.source,
              allow: x.allow, shared: true, range: x.range)
  }

  /// Names under `exclusions:` that no rule uses are reported: a shared exclusion nobody names does nothing.
  func reportUnusedSharedExclusions() {
    for (key, _) in sections["exclusions"] ?? [] {
      guard let name = r.name(key, "an exclusion name"), sharedExclusions[name] == nil else { continue }
      r.diagnostics.insert(.warning(.unusedExclusion, "shared exclusion `\(name)` is named by no rule", at: key.range,
                                    help: "add `\(name)` to the `unless:` list of the rules it limits, or remove it"))
    }
  }

  /// `allow: [{lint: CODE, reason: TEXT}]`; a reason is required so each acknowledgement says why.
  func allowList(_ node: YAMLNode?) -> [LintAllowance] {
    guard let node else { return [] }
    guard let items = node.sequence else {
      r.error(.expectedList, "`allow` must be a list of `{lint: CODE, reason: TEXT}`", at: node)
      return []
    }
    var out: [LintAllowance] = []
    for item in items {
      guard let f = r.fields(item, "an `allow` entry", allowed: RuleFileKeys.allowEntry.keys, required: RuleFileKeys.allowEntry.required),
        let ln = f["lint"], let code = r.name(ln, "a lint code"), let rn = f["reason"],
        let reason = r.text(rn, "`reason`")
      else { continue }
      let names = LintAllowance.lints.map(\.rawValue)
      guard let lint = DiagnosticCode(rawValue: code), LintAllowance.lints.contains(lint) else {
        r.error(.unknownLint, "`\(code)` is not a lint that `allow` can acknowledge", at: ln,
                help: Suggestions.didYouMean(code, in: names) ?? "one of: \(names.joined(separator: ", "))")
        continue
      }
      if reason.both.allSatisfy(\.isWhitespace) {
        r.error(.missingKey, "an `allow` entry needs a `reason` that says why the finding is accepted", at: rn)
        continue
      }
      out.append(LintAllowance(lint: Located(lint, at: ln.range), reason: reason))
    }
    return out
  }
}

/// A shared exclusion after its first check: nil when it had errors.
struct SharedExclusion {
  let exclusion: Exclusion?
  let reads: Set<Int>
  let definitions: Set<Int>
}
