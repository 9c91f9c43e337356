#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads input files with a size limit, turning every failure into a diagnostic that names the file.
package enum InputFile {
  /// Default largest input file: 16 MiB (see README, "Limits").
  package static let defaultMaxBytes = 16 << 20

  /// The bytes of `path` (`-` is standard input). Refuses folders, files over `maxBytes`, and
  /// anything that cannot be opened, with a message that says what to do.
  package static func read(_ path: String, maxBytes: Int = defaultMaxBytes) throws(DiagnosticError) -> [UInt8] {
    let site = SourceRange.file(path)
    if path == "-" { return try readAll(fd: 0, path: "<stdin>", maxBytes: maxBytes) }
    var st = stat()
    if stat(path, &st) != 0 {
      throw DiagnosticError(.error(.unreadableFile, "cannot read `\(path)`: \(errnoText())", at: site,
                                   help: errno == ENOENT ? "check the path; it is relative to the current folder" : nil))
    }
    if (st.st_mode & S_IFMT) == S_IFDIR {
      throw DiagnosticError(.error(.unreadableFile, "`\(path)` is a folder, not a file", at: site))
    }
    if Int(st.st_size) > maxBytes {
      throw DiagnosticError(.error(
        .limitFileSize, "`\(path)` is \(st.st_size) bytes, over the limit of \(maxBytes) bytes", at: site,
        help: "split the file, or raise the limit with `--max-file-bytes`"))
    }
    let fd = open(path, O_RDONLY)
    if fd < 0 { throw DiagnosticError(.error(.unreadableFile, "cannot read `\(path)`: \(errnoText())", at: site)) }
    defer { close(fd) }
    return try readAll(fd: fd, path: path, maxBytes: maxBytes)
  }

  private static func readAll(fd: Int32, path: String, maxBytes: Int) throws(DiagnosticError) -> [UInt8] {
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = buf.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw DiagnosticError(.error(.unreadableFile, "cannot read `\(path)`: \(errnoText())", at: .file(path)))
      }
      if n == 0 { break }
      out.append(contentsOf: buf[0..<n])
      if out.count > maxBytes {
        throw DiagnosticError(.error(
          .limitFileSize, "`\(path)` is over the limit of \(maxBytes) bytes", at: .file(path),
          help: "split the file, or raise the limit with `--max-file-bytes`"))
      }
    }
    return out
  }

  /// Whether `path` names a folder.
  package static func isDirectory(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
  }

  /// Entries of a folder, sorted, without `.` and `..`; nil when it cannot be listed.
  package static func list(_ dir: String) -> [String]? {
    guard let d = opendir(dir) else { return nil }
    defer { closedir(d) }
    var names: [String] = []
    while let e = readdir(d) {
      let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
        String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names.sorted()
  }

  private static func errnoText() -> String {
    switch errno {
    case ENOENT: return "no such file"
    case EACCES: return "permission denied"
    case ELOOP: return "too many levels of symbolic links (a symlink loop?)"
    case EISDIR: return "it is a folder"
    default: return String(cString: strerror(errno))
    }
  }
}
