import Foundation
import RulesModel
import RulesSource

/// Reads a rule set as it was at a git revision, written `REV:path` (`HEAD~1:rules/ismap/2021-07-06`),
/// through the `git` command: `git ls-tree` lists the files, `git show REV:file` reads each.
enum GitSource {
  /// Splits `REV:path` at the first colon; nil when there is none or either side is empty.
  static func split(_ spec: String) -> (rev: String, path: String)? {
    guard let colon = spec.firstIndex(of: ":") else { return nil }
    let rev = String(spec[..<colon]), path = String(spec[spec.index(after: colon)...])
    guard !rev.isEmpty else { return nil }
    return (rev, path)
  }

  /// The one rule set under `path` at `rev`. `directory` is where git runs (paths are relative to it).
  static func entry(_ spec: String, rev: String, path: String, directory: String?) throws(DiagnosticError) -> RuleSetCatalog.Entry {
    let site = SourceRange.file("<command line>")
    func fail(_ message: String, help: String? = nil) -> DiagnosticError {
      DiagnosticError(.error(.gitSource, message, at: site, help: help))
    }
    // The revision first, for a clear message (a shallow clone lacks older commits).
    let verify = run(["rev-parse", "--verify", "--quiet", rev + "^{commit}"], in: directory)
    switch verify {
    case .failure(let e): throw fail("cannot read `\(spec)`: \(e)", help: "install git, or give OLD and NEW as files or folders")
    case .success(let r) where r.status != 0:
      let why = r.errorText.isEmpty ? "git has no revision `\(rev)`" : r.errorText
      throw fail("cannot read `\(spec)`: \(why)", help: "check the revision; a shallow clone may lack it (`git fetch --unshallow`)")
    default: break
    }
    let listing = run(["-c", "core.quotepath=off", "ls-tree", "-r", "-z", "--name-only", "--full-name", rev, "--",
                       path.isEmpty ? "." : path], in: directory)
    let names: [String]
    switch listing {
    case .failure(let e): throw fail("cannot read `\(spec)`: \(e)")
    case .success(let r):
      guard r.status == 0 else { throw fail("cannot list `\(spec)`: \(r.errorText)") }
      names = r.output.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
        .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }
    }
    // Files directly inside one folder make one rule set, as on disk.
    var groups: [String: [String]] = [:]
    for n in names {
      let base = n.split(separator: "/").last.map(String.init) ?? n
      guard !base.hasPrefix(".") else { continue }
      groups[n.split(separator: "/").dropLast().joined(separator: "/"), default: []].append(n)
    }
    guard !groups.isEmpty else {
      throw fail("`\(path)` holds no rule files (.yaml or .yml) at revision `\(rev)`",
                 help: "paths are relative to the current folder; check it with `git ls-tree \(rev) -- \(path)`")
    }
    guard groups.count == 1, let (_, files) = groups.first else {
      throw fail("`\(spec)` holds \(groups.count) rule sets (\(groups.keys.sorted().joined(separator: ", "))); name one folder")
    }
    var ruleFiles: [RuleFile] = []
    for f in files.sorted() {
      switch run(["show", rev + ":" + f], in: directory) {
      case .failure(let e): throw fail("cannot read `\(rev):\(f)`: \(e)")
      case .success(let r):
        guard r.status == 0 else { throw fail("cannot read `\(rev):\(f)`: \(r.errorText)") }
        ruleFiles.append(RuleFile(path: rev + ":" + f, bytes: r.output))
      }
    }
    return RuleSetCatalog.entry(ruleFiles, location: spec)
  }

  struct Output {
    let status: Int32
    let output: [UInt8]
    let errorText: String
  }

  /// Runs `git ARGS` and collects its output; a failure means git could not be started.
  static func run(_ args: [String], in directory: String?) -> Result<Output, GitError> {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["git"] + args
    var env = ProcessInfo.processInfo.environment
    env["GIT_TERMINAL_PROMPT"] = "0"
    env["LC_ALL"] = "C"
    p.environment = env
    if let directory { p.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    do { try p.run() } catch { return .failure(GitError(message: "cannot start git: \(error.localizedDescription)")) }
    // Read stderr on another thread so neither pipe fills while the other is read.
    let errData = LockedData()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData.set(err.fileHandleForReading.readDataToEndOfFile())
      group.leave()
    }
    let data = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    let errText = String(decoding: errData.get(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    if p.terminationStatus == 127 && errText.contains("git") && !errText.hasPrefix("fatal") {
      return .failure(GitError(message: "git is not installed (or not on PATH)"))
    }
    return .success(Output(status: p.terminationStatus, output: [UInt8](data), errorText: errText))
  }

  struct GitError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
  }

  final class LockedData: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
  }
}
