import Foundation
internal import RulesSource

/// One value of a fact, for facts given as a dictionary.
/// A fact left out of the dictionary is unknown; `.null` means known to be none.
public enum FactValue: Sendable, Hashable {
  /// Known to be none (the rule file must declare the fact `optional`).
  case null
  /// A yes/no fact.
  case bool(Bool)
  /// A number or an amount.
  case number(Double)
  /// Text or an enum value (such as `saas`).
  case string(String)
  /// A date.
  case date(Day)
  /// A list fact.
  case list([FactValue])
  /// A group of facts under a common prefix: `["contract": .group(["ends_on": …])]` is `contract.ends_on`.
  case group([String: FactValue])
}

extension FactValue: ExpressibleByBooleanLiteral, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
  ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
  /// `true` or `false`.
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  /// Text; a `YYYY-MM-DD` string is read as a date where the fact is declared a date.
  public init(stringLiteral value: String) { self = .string(value) }
  /// A whole number.
  public init(integerLiteral value: Int) { self = .number(Double(value)) }
  /// A number.
  public init(floatLiteral value: Double) { self = .number(value) }
  /// A list.
  public init(arrayLiteral elements: FactValue...) { self = .list(elements) }
  /// A group of facts.
  public init(dictionaryLiteral elements: (String, FactValue)...) {
    self = .group(Dictionary(elements, uniquingKeysWith: { _, b in b }))
  }
  /// `nil` is `.null`: known to be none.
  public init(nilLiteral: ()) { self = .null }
}

/// The facts of one case, from JSON or YAML text, a dictionary, or any `Encodable` value.
/// They are read (and their errors found) when the case is evaluated, against the rule-set version in effect.
public struct CaseFacts: Sendable {
  let bytes: [UInt8]
  /// JSON (an object: the text starts with `{`) is read without the YAML parser.
  let reading: JSONFacts.Reading
  /// The name used in diagnostics (`file` of an `EngineDiagnostic`).
  public let name: String

  /// Facts as JSON or YAML text (a mapping of fact names, dotted or nested, to values; an optional `as_of`).
  /// Text that starts with `{` is read as JSON, without the YAML parser (YAML in flow style still reads).
  public init(text: String, name: String = "<facts>") {
    bytes = Array(text.utf8)
    reading = JSONFacts.looksLikeJSON(bytes) ? .jsonOrYAML : .yaml
    self.name = name
  }

  /// Facts as JSON or YAML bytes (UTF-8).
  public init(bytes: some Sequence<UInt8>, name: String = "<facts>") {
    self.bytes = Array(bytes)
    reading = JSONFacts.looksLikeJSON(self.bytes) ? .jsonOrYAML : .yaml
    self.name = name
  }

  /// Facts as a dictionary of fact names (dotted, such as `contract.ends_on`, or grouped) to values.
  /// `asOf` becomes the case's `as_of`.
  public init(_ facts: [String: FactValue], asOf: Day? = nil, name: String = "<facts>") {
    var all = facts
    if let asOf { all["as_of"] = .date(asOf) }
    var out = ""
    FactValue.group(all).writeJSON(into: &out)
    bytes = Array(out.utf8)
    reading = .json
    self.name = name
  }

    /// Facts as JSON or YAML data (UTF-8); data that starts with `{` is read as JSON, as `init(text:)` does.
    public init(data: Data, name: String = "<facts>") {
      bytes = Array(data)
      reading = JSONFacts.looksLikeJSON(bytes) ? .jsonOrYAML : .yaml
      self.name = name
    }

    /// Facts as JSON (UTF-8), read as JSON only: text that is not valid JSON is an error at its line and
    /// column (`json-syntax`, or `input-encoding` for bytes that are not UTF-8), never read as YAML.
    public init(json: Data, name: String = "<facts>") {
      bytes = Array(json)
      reading = .json
      self.name = name
    }

    /// Facts from any `Encodable` value whose JSON encoding is a facts mapping: property names are fact
    /// names (nest structs for dotted names), `nil` optionals are left out (unknown), dates are
    /// `Day` values or `YYYY-MM-DD` strings.
    public init(encoding value: some Encodable, name: String = "<facts>") throws(EngineError) {
      do {
        bytes = Array(try JSONEncoder().encode(value))
        reading = .json
      } catch {
        throw EngineError([EngineDiagnostic(
          severity: .error, code: DiagnosticCode.factsEncoding.rawValue, message: "the facts cannot be encoded as JSON: \(error)",
          file: name, line: 1, column: 1, help: "encode fact values as strings, numbers, booleans, lists or nested objects")])
      }
      self.name = name
    }
}

extension FactValue {
  /// JSON text, keys sorted so that the same facts give the same bytes.
  func writeJSON(into out: inout String) {
    switch self {
    case .null: out += "null"
    case .bool(let b): out += b ? "true" : "false"
    case .number(let n):
      if n == n.rounded(), abs(n) < 1e15 { out += String(Int64(n)) } else { out += "\(n)" }
    case .string(let s): JSONQuote.append(s, to: &out)
    case .date(let d): JSONQuote.append(d.description, to: &out)
    case .list(let xs):
      out += "["
      for (i, x) in xs.enumerated() {
        if i > 0 { out += "," }
        x.writeJSON(into: &out)
      }
      out += "]"
    case .group(let kv):
      out += "{"
      for (i, k) in kv.keys.sorted().enumerated() {
        if i > 0 { out += "," }
        JSONQuote.append(k, to: &out)
        out += ":"
        kv[k]!.writeJSON(into: &out)
      }
      out += "}"
    }
  }
}
