import Foundation
import Testing
@testable import RulesServe

let packageRoot: String = {
  var url = URL(fileURLWithPath: #filePath)
  for _ in 0..<3 { url.deleteLastPathComponent() }
  return url.path
}()

/// What the binary serves is what the repository holds: the EmbedPage build plugin compiles
/// docs/openapi.json and Sources/RulesServe/Page/ into RulesServe, and the page is whole (everything it
/// loads is served, every element its script looks up exists) and self-contained.
@Suite struct AssetTests {
  func read(_ p: String) -> String { (try? String(contentsOfFile: packageRoot + "/" + p, encoding: .utf8)) ?? "" }

  func matches(_ pattern: String, in text: String) -> [String] {
    let re = try! NSRegularExpression(pattern: pattern)
    return re.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { m in
      Range(m.range(at: 1), in: text).map { String(text[$0]) }
    }
  }

  @Test func embeddedFilesAreTheSources() throws {
    #expect(OpenAPI.document == read("docs/openapi.json"))
    #expect(PageAssets.html.text == read("Sources/RulesServe/Page/page.html"))
    #expect(PageAssets.css.text == read("Sources/RulesServe/Page/app.css"))
    #expect(PageAssets.js.text == read("Sources/RulesServe/Page/app.js"))
    let doc = try JSONSerialization.jsonObject(with: Data(OpenAPI.document.utf8)) as? [String: Any]
    #expect(doc?["openapi"] as? String == "3.1.0")
    let paths = (doc?["paths"] as? [String: Any])?.keys.sorted() ?? []
    #expect(paths == ["/healthz", "/openapi.json", "/v1/batch", "/v1/eval", "/v1/rulesets", "/v1/rulesets/{id}/facts"])
  }

  /// Every stylesheet and script the page names is one the server serves, with its type.
  @Test func pageLoadsOnlyWhatIsServed() {
    let served = Dictionary(uniqueKeysWithValues: PageAssets.all.map { ($0.path, $0.type) })
    let loaded = matches(#"(?:href|src)="([^"]*)""#, in: PageAssets.html.text)
    #expect(Set(loaded) == ["/app.css", "/app.js"])
    for path in loaded { #expect(served[path] != nil, "\(path) is not served") }
    #expect(served["/"]?.hasPrefix("text/html") == true && served["/app.js"]?.hasPrefix("text/javascript") == true)
  }

  /// Every element the script looks up by id is in the page, and no two elements share an id.
  @Test func scriptFindsItsElements() {
    let ids = matches(#"\sid="([^"]+)""#, in: PageAssets.html.text)
    #expect(Set(ids).count == ids.count, "duplicate ids in page.html")
    let wanted = Set(matches(#"\$\("([^"]+)"\)"#, in: PageAssets.js.text))
    #expect(wanted.count > 5)
    #expect(wanted.subtracting(ids).isEmpty, "app.js looks up ids page.html lacks: \(wanted.subtracting(ids).sorted())")
  }

  /// The page carries no inline script or style and loads nothing from elsewhere (the CSP forbids both).
  @Test func pageIsSelfContained() {
    let html = PageAssets.html.text
    #expect(!html.contains("<script>") && !html.contains("style=") && !html.contains(" on"))
    #expect(!html.contains("http://") && !html.contains("https://") && !PageAssets.css.text.contains("url("))
    #expect(!PageAssets.js.text.contains("innerHTML"), "rule text goes in through textContent")
    #expect(!Server.contentSecurityPolicy.contains("unsafe-inline") && Server.contentSecurityPolicy.contains("script-src 'self'"))
  }
}
