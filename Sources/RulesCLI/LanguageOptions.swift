import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import RulesReport

extension Language: ExpressibleByArgument {}
extension DateStyle: ExpressibleByArgument {}

/// `--lang` and `--dates`: the language and date style of human output.
struct LanguageOptions: ParsableArguments {
  @Option(help: "Language of human output: ja, en or both (default: Japanese under a ja_* locale in LC_ALL, LC_MESSAGES or LANG, else English).")
  var lang: Language?

  @Option(help: "Dates in human output: iso (2024-03-31), wareki (令和6年3月31日) or both (default: both in Japanese, iso in English).")
  var dates: DateStyle?

  /// The voice to speak in; `environment` gives the locale when `--lang` is not given.
  func voice(environment: (String) -> String?) -> Voice { Self.voice(lang: lang, dates: dates, environment: environment) }

  static func voice(lang: Language?, dates: DateStyle?, environment: (String) -> String?) -> Voice {
    Voice(language: lang ?? language(environment: environment), dates: dates)
  }

  /// The language the locale asks for: the first set of LC_ALL, LC_MESSAGES, LANG (POSIX order);
  /// Japanese for `ja` or `ja_*`, English for anything else. Reads no locale database.
  static func language(environment: (String) -> String?) -> Language {
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
      guard let v = environment(name), !v.isEmpty else { continue }
      return v == "ja" || v.hasPrefix("ja_") || v.hasPrefix("ja.") ? .ja : .en
    }
    return .en
  }

  /// This process's environment.
  static func processEnvironment(_ name: String) -> String? {
    getenv(name).map { String(cString: $0) }
  }
}
