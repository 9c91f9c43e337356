import RulesSource
import Testing
@testable import RulesYAML

@Suite struct YAMLParserTests {
  func parse(_ s: String) throws -> YAMLDocument { try YAMLParser.parse(s, path: "t.yaml") }

  func error(_ s: String, limits: YAMLLimits = .init()) -> Diagnostic? {
    do {
      _ = try YAMLParser.parse(s, path: "t.yaml", limits: limits)
      return nil
    } catch {
      return error.diagnostics.first
    }
  }

  @Test func positionsAreOneBasedScalarColumns() throws {
    let doc = try parse("a:\n  b: 日本語 x\n  c: [1, 2]\n")
    let b = try #require(doc.root?["a"]?["b"])
    #expect(b.range.start == SourcePosition(line: 2, column: 6))
    #expect(b.scalar?.value == "日本語 x")
    let c = try #require(doc.root?["a"]?["c"]?.sequence)
    #expect(c[1].range.start == SourcePosition(line: 3, column: 10))
  }

  @Test func scalarsKeepTheirStyleAndAreNotTyped() throws {
    let doc = try parse("a: no\nb: '2021-07-06'\nc: 2021-07-06\nd: null\ne: ~\nf:\n")
    #expect(doc.root?["a"]?.scalar == YAMLScalar("no", style: .plain))
    #expect(doc.root?["b"]?.scalar?.style == .singleQuoted)
    #expect(doc.root?["c"]?.scalar?.value == "2021-07-06")
    #expect(doc.root?["d"]?.scalar?.isNull == true)
    #expect(doc.root?["e"]?.scalar?.isNull == true)
    #expect(doc.root?["f"]?.scalar?.isNull == true)
    #expect(YAMLScalar("null", style: .doubleQuoted).isNull == false)
  }

  @Test(arguments: [
    ("a: 1\nb: 2\na: 3\n", "duplicate-key", 3, 1),
    ("x: {a: 1, a: 2}\n", "duplicate-key", 1, 11),
    ("a:\n\tb: 1\n", "yaml-syntax", 2, 1),
    ("a: [1, 2\n", "yaml-syntax", 2, 1),
    ("a: 1\n---\nb: 2\n", "yaml-multiple-documents", 2, 1),
    ("a: *nope\n", "yaml-alias", 1, 4),
    ("a: &x [1, *x]\n", "yaml-alias", 1, 11),
  ] as [(String, String, Int, Int)])
  func errorsArePositioned(input: String, code: String, line: Int, column: Int) throws {
    let d = try #require(error(input))
    #expect(d.code.rawValue == code)
    #expect(d.range.start == SourcePosition(line: line, column: column))
  }

  @Test func duplicateKeyPointsAtFirst() throws {
    let d = try #require(error("a: 1\nb: 2\na: 3\n"))
    #expect(d.notes.first?.range.start == SourcePosition(line: 1, column: 1))
  }

  @Test func aliasesExpandWithinBudget() throws {
    let doc = try parse("base: &b {x: 1}\nuse: *b\n")
    #expect(doc.root?["use"]?["x"]?.scalar?.value == "1")
    var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for i in 1..<8 { bomb += "\(Character(UnicodeScalar(97 + i)!)): &\(Character(UnicodeScalar(97 + i)!)) [" + Array(repeating: "*\(Character(UnicodeScalar(96 + i)!))", count: 10).joined(separator: ", ") + "]\n" }
    #expect(error(bomb)?.code == .limitAliasExpansion)
  }

  @Test func depthIsBounded() throws {
    let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    #expect(error(deep)?.code == .limitDepth)
  }

  @Test func bomAndEmptyFiles() throws {
    #expect(try YAMLParser.parse([0xEF, 0xBB, 0xBF] + Array("a: 1\n".utf8), path: "t").root?["a"] != nil)
    #expect(try YAMLParser.parse([], path: "t").root == nil)
  }

  @Test func invalidUTF8IsAnEncodingError() throws {
    do {
      _ = try YAMLParser.parse(Array("a: b\nc: ".utf8) + [0xFF, 0x0A], path: "t")
      Issue.record("expected an error")
    } catch {
      #expect(error.diagnostics[0].code == .yamlEncoding)
      #expect(error.diagnostics[0].range.start.line == 2)
    }
  }
}
