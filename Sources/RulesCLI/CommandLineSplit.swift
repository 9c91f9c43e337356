import ArgumentParser

/// Takes the facts files of a long `eval` command line off before ArgumentParser sees it: its
/// parsing of positional arguments grows with the square of their number (10,000 files spent most
/// of a run there). The options that take a value are read from the command's own help, so an
/// option added later is split correctly without a list to keep in step.
enum CommandLineSplit {
  /// Facts files split off the command line, in their order (empty when nothing was split).
  nonisolated(unsafe) static var files: [String] = []

  /// Below this many arguments the parser's cost does not matter and nothing is split.
  static let threshold = 64

  /// `arguments` without the program name. Returns the arguments for the parser and the files taken off.
  static func split(_ arguments: [String]) -> (arguments: [String], files: [String]) {
    guard arguments.count > threshold, arguments.first == "eval" else { return (arguments, []) }
    let valued = valueOptions(EvalCommand.self)
    var kept: [String] = [], files: [String] = []
    var i = 1
    kept.append(arguments[0])
    while i < arguments.count {
      let a = arguments[i]
      if a == "--" {
        files += arguments[(i + 1)...]
        break
      }
      if a.hasPrefix("-") && a != "-" {
        kept.append(a)
        if !a.contains("="), valued.contains(a), i + 1 < arguments.count {
          kept.append(arguments[i + 1])
          i += 1
        }
      } else {
        files.append(a)
      }
      i += 1
    }
    return (kept, files)
  }

  /// Long options that take a value, as the help shows them (`--as-of <as-of>`).
  static func valueOptions(_ command: any ParsableCommand.Type) -> Set<String> {
    var out: Set<String> = []
    for line in command.helpMessage(columns: 10_000).split(separator: "\n") {
      let words = line.split(separator: " ", omittingEmptySubsequences: true)
      for (i, w) in words.enumerated() where w.hasPrefix("--") && i + 1 < words.count && words[i + 1].hasPrefix("<") {
        out.insert(String(w.hasSuffix(",") ? w.dropLast() : w))
      }
    }
    return out
  }
}
