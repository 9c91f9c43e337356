import CYAML
import RulesSource

/// Builds a `YAMLNode` tree from libyaml's event stream. The tree builder, not libyaml, enforces
/// what libyaml leaves open: duplicate keys, undefined or self-referencing aliases, one document
/// per file, bounded depth and bounded alias expansion.
package enum YAMLParser {
  /// Parses `bytes` read from `path`. Every problem comes back as a positioned diagnostic.
  package static func parse(_ bytes: [UInt8], path: String, limits: YAMLLimits = .init()) throws(DiagnosticError)
    -> YAMLDocument
  {
    let text = SourceText(path: path, text: String(decoding: bytes, as: UTF8.self))
    var builder = TreeBuilder(path: path, limits: limits, bytes: bytes)
    let root = try builder.run()
    return YAMLDocument(source: text, root: root)
  }

  /// Parses text (for tests and for strings built in memory).
  package static func parse(_ text: String, path: String, limits: YAMLLimits = .init()) throws(DiagnosticError)
    -> YAMLDocument
  {
    try parse(Array(text.utf8), path: path, limits: limits)
  }
}

private struct Frame {
  var isMapping: Bool
  var start: SourcePosition
  var anchor: String?
  var tag: String?
  var children: [YAMLNode] = []
  /// Nodes in this subtree, counting what aliases expand to.
  var size = 1
}

private struct TreeBuilder {
  let path: String
  let limits: YAMLLimits
  let bytes: [UInt8]
  var stack: [Frame] = []
  var anchors: [String: (node: YAMLNode, size: Int)] = [:]
  var aliasNodes = 0
  var nodes = 0
  var documents = 0
  var root: YAMLNode?

  init(path: String, limits: YAMLLimits, bytes: [UInt8]) {
    self.path = path
    self.limits = limits
    self.bytes = bytes
  }

  mutating func run() throws(DiagnosticError) -> YAMLNode? {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else {
      throw DiagnosticError(.error(.yamlSyntax, "out of memory starting the YAML parser", at: .file(path)))
    }
    defer { yaml_parser_delete(&parser) }
    // Debian's libyaml asserts on a NULL buffer, so an empty file still gets a 1-byte buffer of length 0.
    let input = bytes.isEmpty ? [0] : bytes
    return try input.withUnsafeBufferPointer { (buf) throws(DiagnosticError) -> YAMLNode? in
      yaml_parser_set_input_string(&parser, buf.baseAddress, bytes.count)
      var event = yaml_event_t()
      while true {
        guard yaml_parser_parse(&parser, &event) == 1 else { throw syntaxError(&parser) }
        defer { yaml_event_delete(&event) }
        if event.type == YAML_STREAM_END_EVENT { break }
        try handle(&event)
      }
      return root
    }
  }

  private func pos(_ m: yaml_mark_t) -> SourcePosition { SourcePosition(line: Int(m.line) + 1, column: Int(m.column) + 1) }
  private func range(_ a: yaml_mark_t, _ b: yaml_mark_t) -> SourceRange { SourceRange(file: path, start: pos(a), end: pos(b)) }
  private func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? { p.map { String(cString: $0) } }

  private mutating func handle(_ e: inout yaml_event_t) throws(DiagnosticError) {
    switch e.type {
    case YAML_DOCUMENT_START_EVENT:
      documents += 1
      if documents > 1 {
        throw DiagnosticError(.error(
          .yamlMultipleDocuments, "this file holds more than one YAML document", at: range(e.start_mark, e.end_mark),
          help: "keep one document per file: remove the `---` line or split the file"))
      }
    case YAML_SCALAR_EVENT:
      let s = e.data.scalar
      if Int(s.length) > limits.maxScalarBytes {
        throw DiagnosticError(.error(
          .limitStringLength, "this value is \(s.length) bytes long, over the limit of \(limits.maxScalarBytes)",
          at: range(e.start_mark, e.end_mark), help: "shorten it, or raise the limit with `--max-string-bytes`"))
      }
      let value = String(decoding: UnsafeBufferPointer(start: s.value, count: Int(s.length)), as: UTF8.self)
      let style: YAMLScalar.Style
      switch s.style {
      case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
      case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
      case YAML_LITERAL_SCALAR_STYLE: style = .literal
      case YAML_FOLDED_SCALAR_STYLE: style = .folded
      default: style = .plain
      }
      let node = YAMLNode(.scalar(YAMLScalar(value, style: style)), range: range(e.start_mark, e.end_mark), tag: string(s.tag))
      try add(node, size: 1, anchor: string(s.anchor))
    case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
      let isMap = e.type == YAML_MAPPING_START_EVENT
      if stack.count >= limits.maxDepth {
        throw DiagnosticError(.error(
          .limitDepth, "nesting is deeper than the limit of \(limits.maxDepth) levels", at: range(e.start_mark, e.end_mark),
          help: "flatten the structure, or raise the limit with `--max-depth`"))
      }
      let anchor = isMap ? string(e.data.mapping_start.anchor) : string(e.data.sequence_start.anchor)
      let tag = isMap ? string(e.data.mapping_start.tag) : string(e.data.sequence_start.tag)
      stack.append(Frame(isMapping: isMap, start: pos(e.start_mark), anchor: anchor, tag: tag))
    case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
      let f = stack.removeLast()
      let r = SourceRange(file: path, start: f.start, end: pos(e.end_mark))
      let node: YAMLNode
      if f.isMapping {
        node = YAMLNode(.mapping(try pairs(f.children)), range: r, tag: f.tag)
      } else {
        node = YAMLNode(.sequence(f.children), range: r, tag: f.tag)
      }
      try add(node, size: f.size, anchor: f.anchor)
    case YAML_ALIAS_EVENT:
      let name = string(e.data.alias.anchor) ?? ""
      let r = range(e.start_mark, e.end_mark)
      guard let target = anchors[name] else {
        let open = stack.contains { $0.anchor == name }
        throw DiagnosticError(.error(
          .yamlAlias, open ? "alias `*\(name)` refers to the node that contains it" : "alias `*\(name)` names no anchor",
          at: r, help: open ? "an alias cannot refer to itself" : "define `&\(name)` before this line"))
      }
      aliasNodes += target.size
      if aliasNodes > limits.maxAliasNodes {
        throw DiagnosticError(.error(
          .limitAliasExpansion, "aliases expand to more than \(limits.maxAliasNodes) nodes", at: r,
          help: "write the values out, or raise the limit with `--max-alias-nodes`"))
      }
      // The alias stands where it is written, with the aliased content.
      try add(YAMLNode(target.node.kind, range: r, tag: target.node.tag), size: target.size, anchor: nil)
    default:
      break
    }
  }

  private mutating func add(_ node: YAMLNode, size: Int, anchor: String?) throws(DiagnosticError) {
    nodes += 1
    if nodes > limits.maxNodes {
      throw DiagnosticError(.error(.limitNodes, "the file has more than \(limits.maxNodes) YAML nodes", at: node.range))
    }
    if let anchor { anchors[anchor] = (node, size) }
    if stack.isEmpty {
      root = node
    } else {
      stack[stack.count - 1].children.append(node)
      stack[stack.count - 1].size += size
    }
  }

  /// Pairs up a mapping's children and rejects duplicate and non-text keys.
  private func pairs(_ children: [YAMLNode]) throws(DiagnosticError) -> [YAMLPair] {
    var out: [YAMLPair] = []
    out.reserveCapacity(children.count / 2)
    // Most mappings have a few keys: comparing with the earlier ones beats hashing every key.
    let small = children.count <= 32
    var seen: [String: Int] = [:]
    var i = 0
    while i + 1 < children.count {
      let k = children[i], v = children[i + 1]
      guard let key = k.scalar else {
        throw DiagnosticError(.error(.yamlKey, "a key must be text, not \(k.kindName)", at: k.range))
      }
      let first = small ? out.firstIndex { $0.key.scalar?.value == key.value } : seen.updateValue(out.count, forKey: key.value)
      if let first {
        throw DiagnosticError(.error(
          .duplicateKey, "key `\(key.value)` appears twice in this mapping", at: k.range,
          help: "remove one of them, or merge their contents", notes: [.note("first written here", at: out[first].key.range)]))
      }
      out.append(YAMLPair(key: k, value: v))
      i += 2
    }
    return out
  }

  private func syntaxError(_ p: inout yaml_parser_t) -> DiagnosticError {
    let problem = p.problem.map { String(cString: $0) } ?? "invalid YAML"
    let at: SourcePosition
    if p.error == YAML_READER_ERROR {
      at = position(ofByte: Int(p.problem_offset))
      let msg = problem.contains("UTF-8") || problem.contains("octet")
        ? "the file is not valid UTF-8 (\(problem))" : "the file contains a character YAML does not allow (\(problem))"
      return DiagnosticError(.error(.yamlEncoding, msg, at: SourceRange(file: path, start: at, end: at),
                                    help: "save the file as UTF-8 text without control characters"))
    }
    at = pos(p.problem_mark)
    let context = p.context.map { String(cString: $0) }
    let contextAt = context == nil ? nil : pos(p.context_mark)
    let text = SourceText(path: path, text: String(decoding: bytes, as: UTF8.self))
    if let words = YAMLErrorWords.translate(problem: problem, context: context, at: at, contextAt: contextAt,
                                            lineAt: { text.line($0).map(String.init) }) {
      return DiagnosticError(.error(.yamlSyntax, words.message, at: SourceRange(file: path, start: at, end: at),
                                    help: words.help))
    }
    var help: String?
    if problem.contains("cannot start any token"), column(at).map({ $0 == "\t" }) == true {
      help = "YAML indents with spaces, not tabs"
    } else if problem.contains("mapping values are not allowed") {
      help = "a `: ` inside a value starts a new key; put the whole value in quotes, e.g. `when: \"…\"`"
    } else if let c = p.context.map({ String(cString: $0) }) {
      help = "\(c) at \(pos(p.context_mark))"
    }
    return DiagnosticError(.error(.yamlSyntax, problem, at: SourceRange(file: path, start: at, end: at), help: help))
  }

  /// The character at a position, for tailoring a hint.
  private func column(_ at: SourcePosition) -> Unicode.Scalar? {
    let text = SourceText(path: path, text: String(decoding: bytes, as: UTF8.self))
    guard let line = text.line(at.line) else { return nil }
    let scalars = Array(line.unicodeScalars)
    return at.column - 1 < scalars.count ? scalars[at.column - 1] : nil
  }

  /// Line and column (in scalars) of a byte offset; libyaml gives reader errors only as byte offsets.
  private func position(ofByte offset: Int) -> SourcePosition {
    var line = 1, col = 1, i = 0
    let end = min(offset, bytes.count)
    while i < end {
      let b = bytes[i]
      if b == 0x0A {
        line += 1
        col = 1
      } else if b & 0xC0 != 0x80 {
        col += 1
      }
      i += 1
    }
    return SourcePosition(line: line, column: col)
  }
}
