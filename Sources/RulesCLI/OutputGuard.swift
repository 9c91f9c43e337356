/// `--output` never replaces a file the command read (README, "Limits"). Files are compared by
/// identity (device and inode), so another spelling of the path, a hard link or a symlink to an
/// input is refused too.
enum OutputGuard {
  /// The error to print when `output` is one of `inputs` (paths as read; `-` is standard input).
  static func refusal(_ output: String, inputs: [String]) -> String? {
    guard let input = inputs.first(where: { $0 != "-" && Terminal.sameFile($0, output) }) else { return nil }
    return "error: `--output \(output)` would overwrite the input `\(input)`; write the report to another file\n"
  }
}
