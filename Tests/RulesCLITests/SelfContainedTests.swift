import Foundation
import Testing

/// The repository documents itself: no tracked file names a file outside it or a path of some
/// machine, and every clause label the ISMAP rules cite is in the clause key of docs/ismap-source.md.
@Suite struct SelfContainedTests {
  /// Names of files that live outside the repository, and machine paths. Built from parts, so this
  /// file does not match itself.
  static let forbidden: [String] = [
    "../" + "shared", "DOMAIN" + ".md", "PLATFORM" + ".md", "STYLE" + ".md",
    "/" + "work/", "/" + "home/", "/" + "Users/", "/" + "root/", "C:" + "\\Users",
  ]

  /// The tracked files (`git ls-files`), or, without git, every file under the package root that is
  /// not hidden or a build folder.
  static func trackedFiles() -> [String] {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["git", "-C", packageRoot, "ls-files", "-z"]
    let pipe = Pipe()
    p.standardOutput = pipe
    p.standardError = FileHandle.nullDevice
    if (try? p.run()) != nil {
      let data = pipe.fileHandleForReading.readDataToEndOfFile()
      p.waitUntilExit()
      if p.terminationStatus == 0 {
        return String(decoding: data, as: UTF8.self).split(separator: "\0").map(String.init)
      }
    }
    var out: [String] = []
    let fm = FileManager.default
    guard let walker = fm.enumerator(atPath: packageRoot) else { return [] }
    while let rel = walker.nextObject() as? String {
      let name = (rel as NSString).lastPathComponent
      if name.hasPrefix(".") || name.hasPrefix(".build") || name == "Package.resolved" {
        walker.skipDescendants()
        continue
      }
      var isDir: ObjCBool = false
      if fm.fileExists(atPath: packageRoot + "/" + rel, isDirectory: &isDir), !isDir.boolValue { out.append(rel) }
    }
    return out
  }

  @Test func noFileNamesAFileOutsideTheRepositoryOrAMachinePath() throws {
    let files = Self.trackedFiles()
    #expect(files.count > 100, "found only \(files.count) files")
    var found: [String] = []
    for rel in files {
      guard let data = FileManager.default.contents(atPath: packageRoot + "/" + rel), !data.contains(0) else { continue }
      let text = String(decoding: data, as: UTF8.self)
      for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        for f in Self.forbidden where line.contains(f) { found.append("\(rel):\(n + 1): `\(f)`") }
      }
    }
    #expect(found.isEmpty, "restate what is needed in docs/ instead:\n\(found.joined(separator: "\n"))")
  }

  /// Every clause label of rules/ismap (`clause:` or `source: LABEL`; each part of `A; B` and
  /// `A / B`) is a label of the key.
  @Test func everyClauseLabelIsInTheKey() throws {
    let key = try String(contentsOfFile: packageRoot + "/docs/ismap-source.md", encoding: .utf8)
    // The key's labels: the first cell of each table row, as code.
    var labels: Set<String> = []
    for line in key.split(separator: "\n") where line.hasPrefix("| `") {
      let cell = line.dropFirst(2).prefix { $0 != "|" }.trimmingCharacters(in: .whitespaces)
      for part in cell.components(separatedBy: " / ") where part.hasPrefix("`") && part.hasSuffix("`") {
        labels.insert(String(part.dropFirst().dropLast()))
      }
    }
    #expect(labels.contains("2-ⅱ 類型①-ⅰ ¶4"))
    var used: [String: String] = [:]  // label → first file using it
    let fm = FileManager.default
    let root = packageRoot + "/rules/ismap"
    for rel in (fm.enumerator(atPath: root)?.allObjects as? [String] ?? []).sorted() where rel.hasSuffix(".yaml") {
      let text = try String(contentsOfFile: root + "/" + rel, encoding: .utf8)
      for line in text.split(separator: "\n") {
        // `clause: LABEL` in a citation map, or the short form `source: LABEL`.
        let r: Range<Substring.Index>
        if let c = line.range(of: "clause:") {
          r = c
        } else if let c = line.range(of: "source:"), !line[c.upperBound...].trimmingCharacters(in: .whitespaces).isEmpty,
          !line[c.upperBound...].trimmingCharacters(in: .whitespaces).hasPrefix("{")
        {
          r = c
        } else {
          continue
        }
        var value = line[r.upperBound...].trimmingCharacters(in: .whitespaces)
        // In a flow mapping the value ends at the next `, key:` or `}`.
        if let end = value.range(of: ", quote:") ?? value.range(of: ", document:") ?? value.range(of: ", url:") {
          value = String(value[..<end.lowerBound])
        }
        if value.hasSuffix("}") { value = String(value.dropLast()).trimmingCharacters(in: .whitespaces) }
        for part in value.components(separatedBy: "; ").flatMap({ $0.components(separatedBy: " / ") }) {
          let label = part.trimmingCharacters(in: .whitespaces)
          if used[label] == nil { used[label] = rel }
        }
      }
    }
    #expect(used.count > 30, "found only \(used.count) labels")
    let missing = used.keys.filter { !labels.contains($0) }.sorted().map { "`\($0)` (rules/ismap/\(used[$0]!))" }
    #expect(missing.isEmpty, "add to the clause key of docs/ismap-source.md §2:\n\(missing.joined(separator: "\n"))")
  }
}
