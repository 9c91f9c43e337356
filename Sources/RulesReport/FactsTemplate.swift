import RulesExpr
import RulesModel

/// A facts file to fill in by hand (`ismap-rules template`): every declared fact, grouped by its
/// first name part in declaration order, commented out under its label, type, allowed values and
/// description. A fact left commented out stays unknown; uncommenting one and writing its value
/// gives a file that evaluates as written.
package enum FactsTemplate {
  package static func render(_ rs: RuleSet, lang: String) -> String {
    let ja = lang == "ja"
    func t(_ j: String, _ e: String) -> String { ja ? j : e }
    var out = "# " + t("事実ファイルの雛形", "Facts template") + ": \(rs.header.id.value)"
    if let title = rs.header.title { out += " — " + title.text(lang) }
    out += "\n# " + t("確認できた事実の行頭の # を外し、値を書いてください。# のままの事実は「不明」として扱われます。",
                      "Uncomment each fact you know and write its value; a fact left commented out stays unknown.")
    out += "\n# " + t("日付は YYYY-MM-DD で書きます（例: 2023-03-31）。", "Write dates as YYYY-MM-DD (e.g. 2023-03-31).")
    out += "\n\n# " + t("評価日", "Evaluation date") + "\n# as_of: YYYY-MM-DD\n"
    out += "\n# " + t("尋ねられても答えられない事実（質問に再び出ません）", "Facts you were asked and cannot answer (never asked again)")
    out += "\n# unknown: [fact, …]\n"
    var group: String?
    for f in rs.facts {
      let head = f.name.split(separator: ".").first.map(String.init) ?? f.name
      if head != group {
        out += "\n# --- \(head) ---\n"
        group = head
      }
      out += "\n"
      var kind = ja ? japaneseType(f.type) : EvaluationJSON.typeName(f.type)
      if f.optional { kind += t("、省略可能（null = なし）", ", optional (null = there is none)") }
      if f.informational { kind += t("、参考情報（判定には使わない）", ", informational (not used to decide)") }
      out += "# " + (f.label.map { $0.text(lang) + " — " } ?? "") + kind + "\n"
      if let d = f.description { out += "#   " + d.text(lang) + "\n" }
      let values = f.enumValues
      if !values.isEmpty {
        out += "#   " + t("値", "values") + ": "
        out += values.map { v in f.valueLabels[v].map { "\(v) (\($0.text(lang)))" } ?? v }.joined(separator: ", ") + "\n"
      }
      out += "# \(f.name): \n"
    }
    return out
  }

  /// The type in words an official reads, with how to write it.
  static func japaneseType(_ t: ExprType) -> String {
    switch t {
    case .bool: return "はい/いいえ（true / false）"
    case .date: return "日付"
    case .number: return "数値"
    case .string: return "文字列"
    case .duration: return "期間（例: 1 year）"
    case .enumeration: return "選択（下の値のいずれか）"
    case .list(let x): return japaneseType(x) + "の一覧（[a, b]）"
    case .optional(let x): return japaneseType(x)
    default: return EvaluationJSON.typeName(t)
    }
  }
}
