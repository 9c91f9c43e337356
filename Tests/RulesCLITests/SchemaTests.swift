import Foundation
import RulesModel
import RulesReport
import Testing
@testable import RulesCLI

/// `ismap-rules schema`: the committed schemas are what the binary emits, every key is documented,
/// and the facts schema follows the chosen version. (Validation with a real JSON Schema validator
/// runs in `make schema-check`, Tests/schema/validate.py.)
@Suite struct SchemaTests {
  static func facts(_ args: [String]) throws -> CommandResult {
    SchemaFrontend.facts(try SchemaCommand.Facts.parse(args))
  }

  static func committed(_ name: String) -> String? {
    try? String(contentsOfFile: packageRoot + "/docs/schema/" + name, encoding: .utf8)
  }

  @Test func committedRuleSchemaIsWhatTheBinaryEmits() {
    #expect(Self.committed("rules.schema.json") == RuleFileSchema.make().render() + "\n",
            "docs/schema/rules.schema.json is stale: run `make schemas`")
  }

  @Test func committedFactsSchemasAreWhatTheBinaryEmitsOnePerSeries() throws {
    let series = RuleSetProvider.bundled.series
    #expect(!series.isEmpty)
    for s in series {
      let r = try Self.facts(["--series", s])
      #expect(r.exit == 0, "\(r.errors)")
      #expect(Self.committed("facts.\(s).schema.json") == r.output, "docs/schema/facts.\(s).schema.json is stale: run `make schemas`")
    }
    let files = try FileManager.default.contentsOfDirectory(atPath: packageRoot + "/docs/schema").sorted()
    #expect(files == (["rules.schema.json"] + series.map { "facts.\($0).schema.json" }).sorted())
  }

  @Test func everyKeyTheLoaderAcceptsHasHoverText() {
    #expect(RuleFileSchema.undocumented == [],
            "give these keys hover text in RuleFileSchemaText (rule-language.md's words), then run `make schemas`")
  }

  /// The rule schema's closed mappings list exactly the loader's keys.
  @Test func ruleSchemaKeysAreTheLoaders() throws {
    let text = RuleFileSchema.make().render()
    let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let top = try #require(json["properties"] as? [String: Any])
    #expect(Set(top.keys) == Set(RuleFileKeys.sections.keys))
    #expect(json["additionalProperties"] as? Bool == false)
    let defs = try #require(json["$defs"] as? [String: Any])
    let rule = try #require(defs["rule"] as? [String: Any])
    #expect(Set((rule["properties"] as? [String: Any] ?? [:]).keys) == Set(RuleFileKeys.rule.keys))
    #expect(rule["required"] as? [String] == RuleFileKeys.rule.required)
    let decision = try #require(defs["decision"] as? [String: Any])
    let hit = try #require((decision["properties"] as? [String: Any])?["hit"] as? [String: Any])
    #expect(hit["enum"] as? [String] == ["first", "unique", "collect"])
  }

  /// Nested groups with the ja/en label as title; `null` only where optional; dates as format + pattern.
  @Test func factsSchemaDescribesEachFact() throws {
    let r = try Self.facts(["--as-of", "2021-08-01"])
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
    let props = try #require(json["properties"] as? [String: Any])
    #expect(props["as_of"] != nil && props["unknown"] != nil)
    let agency = try #require(props["agency"] as? [String: Any])
    let kind = try #require((agency["properties"] as? [String: Any])?["kind"] as? [String: Any])
    #expect(kind["title"] as? String == "機関の種別 / Kind of agency")
    #expect(kind["enum"] as? [String] == ["national_government", "independent_administrative_agency", "designated_corporation", "other"])
    let contract = try #require((props["contract"] as? [String: Any])?["properties"] as? [String: Any])
    let multiYear = try #require(contract["multi_year"] as? [String: Any])
    #expect(multiYear["type"] as? String == "boolean")
    let signed = try #require(contract["signed_on"] as? [String: Any])
    #expect(signed["type"] as? [String] == ["string", "null"])
    #expect(signed["format"] as? String == "date")
    #expect(signed["pattern"] as? String == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    // Flat keys validate too, but are not offered as completions.
    let flat = try #require(props["contract.signed_on"] as? [String: Any])
    #expect(flat["doNotSuggest"] as? Bool == true)
  }

  @Test func factsSchemaFollowsTheVersionInEffect() throws {
    let old = try Self.facts(["--as-of", "2020-08-01"])
    let new = try Self.facts([])
    #expect(old.exit == 0 && new.exit == 0)
    #expect(old.output.contains("ismap-interim-2020-06-30"))
    #expect(new.output.contains("ismap-interim-2021-07-06"))
  }

  /// Any rule set: a fact without a label is titled by its name; a required date is not nullable.
  @Test func factsSchemaOfAnotherRuleSet() throws {
    let r = try Self.facts(["--rules", fixture("small")])
    #expect(r.exit == 0, "\(r.errors)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(r.output.utf8)) as? [String: Any])
    let props = try #require(json["properties"] as? [String: Any])
    let application = try #require((props["application"] as? [String: Any])?["properties"] as? [String: Any])
    let filed = try #require(application["filed_on"] as? [String: Any])
    #expect(filed["title"] as? String == "application.filed_on")
    #expect(filed["type"] as? String == "string")
    let cost = try #require((props["project"] as? [String: Any]).flatMap { $0["properties"] as? [String: Any] }?["cost"] as? [String: Any])
    #expect(cost["type"] as? String == "number")
  }

  /// Enum values with words get them as completion documentation (`enumDescriptions`) and in the hover text.
  @Test func enumValueLabelsReachTheSchema() throws {
    let entry = try RuleSetCatalog.discover(fixture("small")).entries[0]
    let set = try RuleSetLoader.load(entry.files, location: entry.location).get()
    let labels = ["applicant.kind": ["ngo": LocalizedText(ja: "非営利団体", en: "NGO")]]
    let text = FactsSchema.make(set, valueLabels: labels).render()
    let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let applicant = try #require((json["properties"] as? [String: Any])?["applicant"] as? [String: Any])
    let kind = try #require((applicant["properties"] as? [String: Any])?["kind"] as? [String: Any])
    #expect(kind["enum"] as? [String] == ["company", "ngo", "person"])
    #expect(kind["enumDescriptions"] as? [String] == ["", "非営利団体 / NGO", ""])
    #expect((kind["description"] as? String)?.contains("ngo = 非営利団体 / NGO") == true)
  }

  @Test(arguments: [
    (["--series", "ismap-interim-measurs"], "unknown-series", "did you mean `ismap-interim-measures`?"),
    (["--as-of", "2021/07/06"], "bad-date", "2021-07-06"),
    (["--as-of", "2019-01-01"], "no-version-in-effect", "choose a later `as_of`"),
    (["--rules", "no/such/folder"], "unreadable-file", "no/such/folder"),
  ])
  func badArgumentsAreExplained(args: [String], code: String, hint: String) throws {
    let r = try Self.facts(args)
    #expect(r.exit == 2)
    #expect(r.output.isEmpty)
    #expect(r.errors.contains("error[\(code)]"), "\(r.errors)")
    #expect(r.errors.contains(hint), "\(r.errors)")
  }
}
