// embed-page OUTPUT.swift openapi.json page.html app.css app.js: writes a Swift file holding the
// OpenAPI document and the page's files, each as an escaped string literal (`debugDescription` is
// valid Swift), byte for byte as the sources hold them.
import Foundation

let args = CommandLine.arguments
guard args.count == 6 else {
  FileHandle.standardError.write(Data("usage: embed-page OUTPUT.swift openapi.json page.html app.css app.js\n".utf8))
  exit(2)
}
func text(_ path: String) throws -> String { try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8) }
var out = "// Generated at build time by the EmbedPage plugin from docs/openapi.json and Sources/RulesServe/Page/.\n"
out += "/// The OpenAPI 3.1 document served at /openapi.json (docs/openapi.json).\n"
out += "enum OpenAPI {\n  static let document: String = \(try text(args[2]).debugDescription)\n}\n\n"
out += "/// The interview page, served from the binary (no CDN, no external fonts).\n"
out += "enum PageAssets {\n"
out += "  struct Asset: Sendable { let path: String; let type: String; let text: String }\n"
out += "  static let all: [Asset] = [html, css, js]\n"
for (name, path, type, file) in [("html", "/", "text/html", args[3]), ("css", "/app.css", "text/css", args[4]),
                                 ("js", "/app.js", "text/javascript", args[5])] {
  out += "  static let \(name) = Asset(path: \(path.debugDescription), type: \"\(type); charset=utf-8\", text: \(try text(file).debugDescription))\n"
}
out += "}\n"
try Data(out.utf8).write(to: URL(fileURLWithPath: args[1]), options: .atomic)
