/// Hover text for every key of a rule file, in docs/rule-language.md's words.
/// Keyed by `"<shape>.<key>"`, where the shape names a list in `RuleFileKeys`; a test checks that
/// every key the loader accepts has an entry, so a new key cannot reach editors undocumented.
enum RuleFileSchemaText {
  static func lookup(_ shape: String, _ key: String) -> (title: String, description: String)? {
    table["\(shape).\(key)"]
  }

  static let texts = "Text for people: one string, or a map with `ja` and `en`."
  static let citation = "The clause this encodes: the clause label alone, or a map with `clause`, `quote`, `document`, `url`."

  static let table: [String: (title: String, description: String)] = [
    // Top level (docs/rule-language.md, "Files").
    "sections.ruleset": ("ruleset — ヘッダ", "The header: exactly one file of the rule set has it."),
    "sections.facts": ("facts — 事実", "The facts a case may give. Dotted names group them (`contract.signed_on`)."),
    "sections.constants": ("constants — 定数", "Named fixed values (dates, switches for readings)."),
    "sections.definitions": ("definitions — 定義", "Named expressions, so a condition is written once and reused."),
    "sections.tables": ("tables — 表", "Small data sets with a lookup."),
    "sections.obligations": ("obligations — 義務", "Things an agency must do, referred to by id."),
    "sections.decisions": ("decisions — 判断", "The decisions the rule set makes."),
    // Header.
    "header.id": ("id", "Unique id of this version."),
    "header.series": ("series", "Versions of one policy share a series."),
    "header.title": ("title", "The rule set's title. " + texts),
    "header.decided_on": ("decided_on — 決定日", "The date of the decision (YYYY-MM-DD)."),
    "header.effective_from": ("effective_from — 適用開始日", "The first day this version is in effect (YYYY-MM-DD)."),
    "header.effective_until": ("effective_until — 適用終了日", "Optional; the last day this version is in effect, inclusive."),
    "header.supersedes": ("supersedes", "Optional: the id of the version this one replaces."),
    "header.source": ("source — 出典", "The document this rule set encodes. " + citation),
    "header.main": ("main", "The decisions that make up the answer (they set eval's exit code)."),
    "header.description": ("description", texts),
    // Text and citations.
    "text.ja": ("ja — 日本語", "The Japanese text."),
    "text.en": ("en — English", "The English text."),
    "citation.clause": ("clause — 条項", "The clause label, e.g. `2-ⅱ 類型①-ⅰ`."),
    "citation.quote": ("quote — 引用", "The sentence of the clause this encodes, quoted."),
    "citation.document": ("document — 文書", "Optional: the document the clause is in."),
    "citation.url": ("url", "Optional: where the document is published."),
    // Facts.
    "fact.type": ("type — 型", "`bool`, `date`, `number`, `string`, `enum` (with `values`), `duration`, `list` (with `of`)."),
    "fact.values": ("values — 値", "The values an `enum` may take."),
    "fact.of": ("of", "The type of a `list`'s items."),
    "fact.optional": ("optional — 任意", "`true`: `null` is allowed and means \"known to be none\"."),
    "fact.informational": ("informational — 参考", "`true`: the rules need not use it (`check` does not warn)."),
    "fact.label": ("label — ラベル", "Text for people. " + texts),
    "fact.description": ("description — 説明", "Text for people. " + texts),
    // Constants.
    "constant.value": ("value — 値", "An expression of constants only, or the chosen value of an enum switch."),
    "constant.values": ("values", "The allowed values: an enum switch, the way to encode a reading a reviewer may flip."),
    "constant.type": ("type", "`string` to take the value as text rather than as an expression."),
    "constant.description": ("description", texts),
    "constant.label": ("label", texts),
    "constant.source": ("source", citation),
    // Definitions.
    "definitionValue.value": ("value", "The expression."),
    "definitionValue.description": ("description", texts),
    "definitionValue.label": ("label", texts),
    "definitionValue.source": ("source", citation),
    "definitionTree.all": ("all", "Every condition in the list holds."),
    "definitionTree.any": ("any", "At least one condition in the list holds."),
    "definitionTree.not": ("not", "The condition does not hold."),
    "definitionTree.description": ("description", texts),
    "definitionTree.label": ("label", texts),
    "definitionTree.source": ("source", citation),
    "condition.all": ("all", "Every condition in the list holds."),
    "condition.any": ("any", "At least one condition in the list holds."),
    "condition.not": ("not", "The condition does not hold."),
    // Tables.
    "table.key": ("key", "The column looked up."),
    "table.aliases": ("aliases", "Optional: a list column of other names for the row."),
    "table.match": ("match", "How keys are matched: `normalize`, `map`, `case`, `spaces`."),
    "table.columns": ("columns", "Each column's type."),
    "table.rows": ("rows", "The rows: maps of column names to values."),
    "table.description": ("description", texts),
    "table.source": ("source", "The table's citation. " + citation),
    "column.type": ("type", "The column's type."),
    "column.values": ("values", "The values an `enum` column may take."),
    "column.of": ("of", "The type of a `list` column's items."),
    "match.normalize": ("normalize", "`none` (default) or `nfkc`."),
    "match.map": ("map", "Characters NFKC leaves alone, replaced after NFKC (single characters)."),
    "match.case": ("case", "`sensitive` (default) or `insensitive`."),
    "match.spaces": ("spaces", "`keep` (default), `collapse` (trim, and runs of spaces or tabs become one space) or `ignore` (remove all)."),
    // Obligations.
    "obligation.text": ("text — 内容", "What must be done. " + texts),
    "obligation.title": ("title", "Another name for `text`."),
    "obligation.source": ("source — 出典", citation),
    "obligation.description": ("description", texts),
    // Decisions.
    "decision.title": ("title — 名称", texts),
    "decision.description": ("description", texts),
    "decision.hit": ("hit — ヒットポリシー", "`first` (default): the first rule that matches; `unique`: the one rule that matches; `collect`: the distinct outcomes of every matching rule."),
    "decision.rules": ("rules — ルール", "The ordered list of rules."),
    "decision.otherwise": ("otherwise", "When no rule matches: the same keys as a rule but `id`, `when` and `unless`."),
    "decision.source": ("source", citation),
    "rule.id": ("id", "Unique in its decision."),
    "rule.outcome": ("outcome — 結果", "Defaults to the id; several rules may share an outcome."),
    "rule.title": ("title", texts),
    "rule.description": ("description", texts),
    "rule.source": ("source — 出典", "The clause this rule encodes. " + citation),
    "rule.when": ("when — 条件", "A condition: an expression, a list (all must hold), or `all` / `any` / `not`."),
    "rule.unless": ("unless — 除外", "Exclusions: the rule does not apply when one holds."),
    "rule.deadline": ("deadline — 期限", "A date expression; it may be optional (`none` = no deadline)."),
    "rule.obligations": ("obligations — 義務", "Obligation ids."),
    "rule.notes": ("notes", "Notes for people: a text or a list of texts."),
    "otherwise.outcome": ("outcome", "Defaults to `none`."),
    "otherwise.title": ("title", texts),
    "otherwise.description": ("description", texts),
    "otherwise.source": ("source", citation),
    "otherwise.deadline": ("deadline", "A date expression; it may be optional (`none` = no deadline)."),
    "otherwise.obligations": ("obligations", "Obligation ids."),
    "otherwise.notes": ("notes", "Notes for people: a text or a list of texts."),
    "exclusion.id": ("id", "Unique in its rule."),
    "exclusion.when": ("when", "A condition; when it holds, the rule does not apply."),
    "exclusion.reason": ("reason — 理由", texts),
    "exclusion.source": ("source — 出典", citation),
    "exclusion.title": ("title", "Another name for `reason`."),
    "exclusion.description": ("description", texts),
  ]
}
