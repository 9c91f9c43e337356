import Foundation
import Testing
@testable import RulesCLI

/// `eval FILE…` with no option runs without ArgumentParser (`EvalSettings.plain`, RootCommand.main);
/// it must behave exactly as the parsed command does.
@Suite struct PlainEvalTests {
  @Test(arguments: [
    (["eval", "a.yaml"], ["a.yaml"]),
    (["eval", "a.yaml", "b.yaml"], ["a.yaml", "b.yaml"]),
    (["eval", "help"], ["help"]),
    (["eval", ""], [""]),
    (["eval"], nil),
    (["eval", "-"], nil),
    (["eval", "a.yaml", "--format", "json"], nil),
    (["eval", "--help"], nil),
    (["eval", "-h"], nil),
    (["eval", "a.yaml", "--"], nil),
    (["check", "rules"], nil),
    (["--generate-completion-script", "bash"], nil),
    ([], nil),
  ] as [([String], [String]?)])
  func onlyThePlainShapeSkipsTheParser(arguments: [String], files: [String]?) {
    #expect(EvalSettings.plainFiles(arguments) == files)
  }

  /// The settings the parser gives `eval FILE` are `plain`, field by field (limits included).
  @Test func plainSettingsAreTheParsersDefaults() throws {
    let parsed = try EvalCommand.parse(["x.yaml"]).settings
    #expect(String(reflecting: parsed) == String(reflecting: EvalSettings.plain))
  }

  /// The real binary: the same output, errors and exit code as through the parser (`--format text`
  /// changes nothing but forces the parser), for a decided case, several files, a missing file, a
  /// broken facts file and an undetermined case, in English and Japanese.
  @Test(arguments: ["en", "ja"])
  func binaryMatchesTheParsedCommand(lang: String) throws {
    guard binaryPath != nil else { return }
    let dir = NSTemporaryDirectory() + "plain-eval-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let broken = dir + "/broken.yaml", partial = dir + "/partial.yaml"
    try "as_of: 2022-10-01\nagency: [unclosed\n".write(toFile: broken, atomically: true, encoding: .utf8)
    try "as_of: 2022-10-01\n".write(toFile: partial, atomically: true, encoding: .utf8)
    let example = packageRoot + "/examples/multi-year-contract.yaml"
    let lines: [[String]] = [[example], [example, packageRoot + "/examples/large-migration.yaml"], [dir + "/missing.yaml"],
                             [broken], [partial], [example, broken]]
    let env = ["LANG": lang == "ja" ? "ja_JP.UTF-8" : "C", "NO_COLOR": "1"]
    for files in lines {
      let plain = try run(["eval"] + files, env), parsed = try run(["eval", "--format", "text"] + files, env)
      #expect(plain.exit == parsed.exit, "\(files)")
      #expect(plain.stdout == parsed.stdout, "\(files)")
      #expect(plain.stderr == parsed.stderr, "\(files)")
    }
  }

  /// The binary with exactly `environment` (the locale must not leak into tests running alongside).
  func run(_ args: [String], _ environment: [String: String]) throws -> (exit: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: binaryPath!)
    p.arguments = args
    p.environment = environment
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
  }
}
