import Foundation
import Testing
@testable import RulesServe

let packageRoot: String = {
  var url = URL(fileURLWithPath: #filePath)
  for _ in 0..<3 { url.deleteLastPathComponent() }
  return url.path
}()

/// What the binary serves is what the repository holds: the OpenAPI document in docs/ and the page
/// sources (PageAssets.swift is generated from them by Sources/RulesServe/Page/embed.sh).
@Suite struct AssetTests {
  func read(_ p: String) -> String { (try? String(contentsOfFile: packageRoot + "/" + p, encoding: .utf8)) ?? "" }

  @Test func openAPIMatchesDocs() throws {
    #expect(OpenAPI.document + "\n" == read("docs/openapi.json"), "run `make page-assets` after editing docs/openapi.json")
    let doc = try JSONSerialization.jsonObject(with: Data(OpenAPI.document.utf8)) as? [String: Any]
    #expect(doc?["openapi"] as? String == "3.1.0")
  }

  @Test func pageMatchesSources() {
    #expect(PageAssets.html.text + "\n" == read("Sources/RulesServe/Page/page.html"), "run `make page-assets`")
    #expect(PageAssets.css.text + "\n" == read("Sources/RulesServe/Page/app.css"), "run `make page-assets`")
    #expect(PageAssets.js.text + "\n" == read("Sources/RulesServe/Page/app.js"), "run `make page-assets`")
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
