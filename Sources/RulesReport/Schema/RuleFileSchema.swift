import RulesModel

/// The JSON Schema of rule files (`ismap-rules schema rules`). Every mapping's keys come from
/// `RuleFileKeys`, the lists the loader checks, and each mapping rejects other keys, as the loader
/// does. Expressions are strings: the schema does not parse them (`check` does).
package enum RuleFileSchema {
  typealias B = SchemaBuilder

  /// Every mapping the schema describes: its name in `$defs` and hover text, and its keys.
  static let shapes: [(name: String, shape: RuleFileKeys.Shape)] = [
    ("sections", RuleFileKeys.sections), ("header", RuleFileKeys.header), ("text", RuleFileKeys.text),
    ("citation", RuleFileKeys.citation), ("fact", RuleFileKeys.fact), ("enumValue", RuleFileKeys.enumValue), ("constant", RuleFileKeys.constant),
    ("definitionValue", RuleFileKeys.definitionValue), ("definitionTree", RuleFileKeys.definitionTree),
    ("condition", RuleFileKeys.condition), ("table", RuleFileKeys.table), ("column", RuleFileKeys.column),
    ("match", RuleFileKeys.match), ("obligation", RuleFileKeys.obligation), ("decision", RuleFileKeys.decision), ("outcomeText", RuleFileKeys.outcomeText),
    ("rule", RuleFileKeys.rule), ("otherwise", RuleFileKeys.otherwise), ("exclusion", RuleFileKeys.exclusion), ("sharedExclusion", RuleFileKeys.sharedExclusion), ("allowEntry", RuleFileKeys.allowEntry), ("obligationRef", RuleFileKeys.obligationRef),
  ]

  /// Keys without hover text (a test keeps this empty).
  package static var undocumented: [String] {
    shapes.flatMap { s in s.shape.keys.filter { RuleFileSchemaText.lookup(s.name, $0) == nil }.map { "\(s.name).\($0)" } }
  }

  /// The schema document.
  package static func make() -> JSON {
    let sectionValues: [String: JSON] = [
      "ruleset": B.ref("header"),
      "facts": section("fact"), "constants": section("constant"), "definitions": section("definition"),
      "tables": section("table"), "obligations": section("obligation"), "exclusions": section("sharedExclusion"),
      "decisions": section("decision"),
    ]
    let top = mapping("sections", RuleFileKeys.sections, sectionValues)
    return B.adding(
      .object([
        ("$schema", .string(B.dialect)),
        ("$id", .string("rules.schema.json")),
        ("title", .string("ismap-rules rule file / ルールファイル")),
        ("description", .string("A YAML file of a rule set (docs/rule-language.md). Expressions are checked by `ismap-rules check`, not by this schema.")),
      ]),
      Array(objectBody(top)) + [("$defs", .object(definitions))])
  }

  /// A section: a mapping of names to entries of one kind, or empty.
  static func section(_ entry: String) -> JSON {
    .object([
      ("type", .array([.string("object"), .string("null")])),
      ("propertyNames", B.ref("name")),
      ("additionalProperties", B.ref(entry)),
    ])
  }

  /// An object with exactly `shape`'s keys, each documented; `values` gives each key's schema.
  static func mapping(_ name: String, _ shape: RuleFileKeys.Shape, _ values: [String: JSON]) -> JSON {
    let props: [(String, JSON)] = shape.keys.map { k in
      let text = RuleFileSchemaText.lookup(name, k)
      return (k, B.documented(values[k] ?? .object([]), title: text?.title, description: text?.description))
    }
    var kv: [(String, JSON)] = [("type", .string("object")), ("properties", .object(props)),
                                ("additionalProperties", .bool(false))]
    if !shape.required.isEmpty { kv.append(("required", B.strings(shape.required))) }
    return .object(kv)
  }

  private static func objectBody(_ j: JSON) -> [(String, JSON)] {
    if case .object(let kv) = j { return kv }
    return []
  }

  static var typeName: JSON { .object([("enum", B.strings(RuleFileKeys.factTypes))]) }

  /// A fact or column type: `enum` needs `values`, `list` needs `of` (and `values` for a list of enum).
  static func typed(_ name: String, _ shape: RuleFileKeys.Shape, extra: [String: JSON]) -> JSON {
    var values: [String: JSON] = ["type": B.ref("typeName"), "of": B.ref("typeName"),
                                  "values": B.arrayOf(B.ref("enumValue"), minItems: 1)]
    values.merge(extra) { $1 }
    func when(_ key: String, _ value: String, require: String) -> JSON {
      .object([("if", .object([("properties", .object([(key, .object([("const", .string(value))]))])), ("required", B.strings([key]))])),
               ("then", .object([("required", B.strings([require]))]))])
    }
    return B.adding(mapping(name, shape, values), [
      ("allOf", .array([when("type", "enum", require: "values"), when("type", "list", require: "of"),
                        when("of", "enum", require: "values")])),
    ])
  }

  static var definitions: [(String, JSON)] {
    let expression = B.documented(.object([("type", B.scalarTypes)]), title: "expression — 式",
                                  description: "An expression (docs/rule-language.md, \"Expressions\"); `check` parses and type-checks it.")
    let date = B.documented(.object([("type", .string("string")), ("format", .string("date")), ("pattern", .string(B.datePattern))]),
                            title: nil, description: "A date, YYYY-MM-DD.")
    let name = B.documented(.object([("type", .string("string")), ("pattern", .string("^[A-Za-z0-9_.-]+$"))]),
                            title: nil, description: "A name: ASCII letters, digits, `_`, `-` and `.`.")
    let names = B.anyOf([B.ref("name"), B.arrayOf(B.ref("name"))])
    let textMap = B.adding(mapping("text", RuleFileKeys.text, ["ja": .object([("type", B.scalarTypes)]),
                                                               "en": .object([("type", B.scalarTypes)])]),
                           [("minProperties", .number(1))])
    let text = B.anyOf([.object([("type", B.scalarTypes)]), textMap])
    let citation = B.anyOf([.object([("type", B.scalarTypes)]),
                            mapping("citation", RuleFileKeys.citation, ["clause": B.ref("scalar"), "quote": B.ref("scalar"),
                                                                        "document": B.ref("scalar"), "url": B.ref("scalar")])])
    let treeValues: [String: JSON] = ["all": B.arrayOf(B.ref("condition")), "any": B.arrayOf(B.ref("condition")),
                                      "not": B.ref("condition")]
    let tree = B.adding(mapping("condition", RuleFileKeys.condition, treeValues),
                        [("minProperties", .number(1)), ("maxProperties", .number(1))])
    let condition = B.anyOf([B.ref("expression"), B.arrayOf(B.ref("condition")), tree])
    let documentation: [String: JSON] = ["description": B.ref("text"), "label": B.ref("text"), "source": B.ref("citation"),
                                         "title": B.ref("text"), "allow": B.arrayOf(B.ref("allowEntry"))]
    func with(_ more: [String: JSON]) -> [String: JSON] { documentation.merging(more) { $1 } }

    let fact = B.anyOf([B.ref("typeName"), typed("fact", RuleFileKeys.fact, extra: with([
      "optional": B.type("boolean"), "informational": B.type("boolean")]))])
    let constant = B.anyOf([B.ref("expression"), mapping("constant", RuleFileKeys.constant, with([
      "value": B.ref("expression"), "values": B.arrayOf(B.ref("scalar"), minItems: 1), "type": B.type("string")]))])
    let definitionTree = B.adding(mapping("definitionTree", RuleFileKeys.definitionTree, with(treeValues)), [
      ("anyOf", .array(RuleFileKeys.condition.keys.map { .object([("required", B.strings([$0]))]) })),
    ])
    let definition = B.anyOf([B.ref("expression"),
                              mapping("definitionValue", RuleFileKeys.definitionValue, with(["value": B.ref("expression")])),
                              definitionTree])
    let column = B.anyOf([B.ref("typeName"), typed("column", RuleFileKeys.column, extra: [:])])
    let match = mapping("match", RuleFileKeys.match, [
      "normalize": .object([("enum", B.strings(RuleFileKeys.matchNormalize))]),
      "map": .object([("type", .string("object")), ("propertyNames", .object([("minLength", .number(1)), ("maxLength", .number(1))])),
                      ("additionalProperties", B.ref("scalar"))]),
      "case": .object([("enum", B.strings(RuleFileKeys.matchCase))]),
      "spaces": .object([("enum", B.strings(KeyMatch.Spaces.allCases.map(\.rawValue)))]),
    ])
    let table = mapping("table", RuleFileKeys.table, with([
      "key": B.ref("scalar"), "aliases": B.ref("scalar"), "match": match,
      "columns": .object([("type", .string("object")), ("additionalProperties", B.ref("column"))]),
      "rows": B.arrayOf(B.type("object")),
    ]))
    let obligation = mapping("obligation", RuleFileKeys.obligation, with(["text": B.ref("text"), "due": B.ref("expression")]))
    let allowEntry = mapping("allowEntry", RuleFileKeys.allowEntry, [
      "lint": .object([("enum", B.strings(LintAllowance.lints.map(\.rawValue)))]), "reason": B.ref("text")])
    let obligationRef = B.anyOf([B.ref("name"), mapping("obligationRef", RuleFileKeys.obligationRef, [
      "id": B.ref("name"), "due": B.ref("expression")])])
    let sharedExclusion = mapping("sharedExclusion", RuleFileKeys.sharedExclusion, with([
      "when": B.ref("condition"), "reason": B.ref("text")]))
    let ruleValues = with([
      "id": B.ref("name"), "outcome": B.ref("name"), "when": B.ref("condition"),
      "unless": B.arrayOf(B.anyOf([B.ref("name"), B.ref("exclusion")])), "deadline": B.ref("expression"),
      "obligations": B.anyOf([B.ref("obligationRef"), B.arrayOf(B.ref("obligationRef"))]),
      "notes": B.anyOf([B.ref("text"), B.arrayOf(B.ref("text"))]),
    ])
    let exclusion = mapping("exclusion", RuleFileKeys.exclusion, with([
      "id": B.ref("name"), "when": B.ref("condition"), "reason": B.ref("text")]))
    let decision = mapping("decision", RuleFileKeys.decision, with([
      "hit": .object([("enum", B.strings(HitPolicy.allCases.map(\.rawValue))), ("default", .string(HitPolicy.first.rawValue))]),
      "rules": B.arrayOf(B.ref("rule")), "otherwise": mapping("otherwise", RuleFileKeys.otherwise, ruleValues),
      "outcomes": .object([("type", .string("object")), ("propertyNames", B.ref("name")),
                           ("additionalProperties", mapping("outcomeText", RuleFileKeys.outcomeText, documentation))]),
    ]))
    let header = mapping("header", RuleFileKeys.header, with([
      "id": B.ref("name"), "series": B.ref("name"), "decided_on": B.ref("date"), "effective_from": B.ref("date"),
      "effective_until": B.ref("date"), "supersedes": B.ref("name"), "main": B.ref("names"),
    ]))
    return [
      ("scalar", .object([("type", B.scalarTypes)])),
      ("enumValue", B.anyOf([B.ref("scalar"), mapping("enumValue", RuleFileKeys.enumValue, [
        "value": B.ref("scalar"), "label": B.ref("text"), "description": B.ref("text")])])), ("name", name), ("names", names), ("date", date),
      ("text", text), ("citation", citation), ("expression", expression), ("condition", condition),
      ("typeName", typeName), ("fact", fact), ("constant", constant), ("definition", definition),
      ("column", column), ("table", table), ("obligation", obligation), ("obligationRef", obligationRef), ("allowEntry", allowEntry),
      ("sharedExclusion", sharedExclusion), ("exclusion", exclusion),
      ("rule", mapping("rule", RuleFileKeys.rule, ruleValues)), ("decision", decision), ("header", header),
    ]
  }
}
