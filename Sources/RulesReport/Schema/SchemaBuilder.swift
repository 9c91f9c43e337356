import RulesModel

/// Small constructors for JSON Schema (2020-12) documents, shared by the rule-file and facts schemas.
/// They use only keywords that mean the same in draft-07, since the YAML language server in
/// today's editors validates with draft-07 semantics (docs/editors.md).
enum SchemaBuilder {
  static let dialect = "https://json-schema.org/draft/2020-12/schema"

  /// The strict ISO date the loader reads (`CalendarDate.parse`).
  static let datePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

  /// A YAML scalar that the loader reads as text: YAML may present `1`, `true` or `2021` to a
  /// schema validator as a number or a boolean, and the loader takes them as written.
  static let scalarTypes: JSON = .array([.string("string"), .string("number"), .string("boolean")])

  static func ref(_ name: String) -> JSON { .object([("$ref", .string("#/$defs/" + name))]) }

  static func type(_ t: String) -> JSON { .object([("type", .string(t))]) }

  static func anyOf(_ xs: [JSON]) -> JSON { .object([("anyOf", .array(xs))]) }

  static func arrayOf(_ item: JSON, minItems: Int? = nil) -> JSON {
    var kv: [(String, JSON)] = [("type", .string("array")), ("items", item)]
    if let minItems { kv.append(("minItems", .number(Double(minItems)))) }
    return .object(kv)
  }

  static func strings(_ xs: [String]) -> JSON { .array(xs.map(JSON.string)) }

  /// `schema` with `title` and `description` put first (hover text), replacing any it had.
  static func documented(_ schema: JSON, title: String?, description: String?) -> JSON {
    guard case .object(let kv) = schema else { return schema }
    var head: [(String, JSON)] = []
    if let title { head.append(("title", .string(title))) }
    if let description { head.append(("description", .string(description))) }
    return .object(head + kv.filter { $0.0 != "title" && $0.0 != "description" })
  }

  /// `schema` with more keywords appended.
  static func adding(_ schema: JSON, _ more: [(String, JSON)]) -> JSON {
    guard case .object(let kv) = schema else { return schema }
    return .object(kv + more)
  }
}
