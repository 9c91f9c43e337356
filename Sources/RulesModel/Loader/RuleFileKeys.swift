/// The keys the loader accepts in each mapping of a rule file, and the ones it requires.
/// The loader checks keys against these lists and `schema rules` writes them into the JSON Schema,
/// so an editor's completion and squiggles cannot drift from what `check` accepts.
package enum RuleFileKeys {
  /// The keys of one kind of mapping.
  package struct Shape: Sendable {
    package let keys: [String]
    package let required: [String]
    init(_ keys: [String], required: [String] = []) {
      precondition(required.allSatisfy(keys.contains))
      self.keys = keys
      self.required = required
    }
  }

  /// Top-level keys of a rule file.
  package static let sections = Shape(["ruleset", "facts", "constants", "definitions", "tables", "obligations", "exclusions", "decisions"])
  package static let header = Shape(
    ["id", "series", "title", "decided_on", "effective_from", "effective_until", "supersedes", "source", "main", "description"],
    required: ["id", "series", "decided_on", "effective_from", "main"])
  /// A text for people: one string, or these.
  package static let text = Shape(["ja", "en"])
  /// A citation: the clause alone, or these.
  package static let citation = Shape(["clause", "quote", "document", "url"], required: ["clause"])
  package static let fact = Shape(["type", "values", "of", "optional", "informational", "label", "description"],
                                 required: ["type"])
  /// One of an enum's `values` written as a mapping, to give it words.
  package static let enumValue = Shape(["value", "label", "description"], required: ["value"])
  /// The types a fact or table column may have.
  package static let factTypes = ["bool", "date", "number", "string", "enum", "duration", "list"]
  package static let constant = Shape(["value", "values", "type", "description", "label", "source"], required: ["value"])
  /// A definition written as `value:`.
  package static let definitionValue = Shape(["value", "description", "label", "source", "allow"], required: ["value"])
  /// A definition written as a condition tree.
  package static let definitionTree = Shape(["all", "any", "not", "description", "label", "source", "allow"])
  /// A condition tree: exactly one of these.
  package static let condition = Shape(["all", "any", "not"])
  package static let table = Shape(["key", "aliases", "match", "columns", "rows", "description", "source"],
                                  required: ["key", "columns", "rows"])
  package static let column = Shape(["type", "values", "of"], required: ["type"])
  package static let match = Shape(["normalize", "map", "case", "spaces"])
  package static let matchNormalize = ["none", "nfkc"]
  package static let matchCase = ["sensitive", "insensitive"]
  package static let obligation = Shape(["text", "title", "source", "description", "due"])
  /// A rule's reference to an obligation with its own due date (`{id: x, due: EXPR}`).
  package static let obligationRef = Shape(["id", "due"], required: ["id"])
  package static let decision = Shape(["title", "description", "hit", "rules", "otherwise", "source", "outcomes"],
                                     required: ["rules"])
  /// The title and description of one of a decision's outcomes (`outcomes: {ID: …}`).
  package static let outcomeText = Shape(["title", "description"])
  package static let rule = Shape(
    ["id", "outcome", "title", "description", "source", "when", "unless", "deadline", "obligations", "notes", "allow"],
    required: ["id", "when"])
  package static let otherwise = Shape(["outcome", "title", "description", "source", "deadline", "obligations", "notes", "allow"])
  package static let exclusion = Shape(["id", "when", "reason", "source", "title", "description", "allow"], required: ["id", "when"])
  /// An entry of the top-level `exclusions:`, named by rules' `unless:`.
  package static let sharedExclusion = Shape(["when", "reason", "source", "title", "description", "allow"], required: ["when"])
  /// An `allow:` entry: a lint acknowledged, and why.
  package static let allowEntry = Shape(["lint", "reason"], required: ["lint", "reason"])
}
