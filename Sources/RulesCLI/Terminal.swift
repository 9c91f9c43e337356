import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif
import RulesExpr

/// Process-level I/O: standard streams, colour, today's date, atomic output files.
enum Terminal {
  static func write(_ s: String, to fd: Int32 = 1) {
    var s = s
    s.withUTF8 { buf in
      var off = 0
      while off < buf.count {
        let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
        if n <= 0 { if errno == EINTR { continue }; return }
        off += n
      }
    }
  }

  static func error(_ s: String) { write(s, to: 2) }

  /// Colour only on a terminal, and never when `NO_COLOR` is set (https://no-color.org).
  static func color(fd: Int32) -> Bool {
    if let v = getenv("NO_COLOR"), v.pointee != 0 { return false }
    if let t = getenv("TERM"), String(cString: t) == "dumb" { return false }
    return isatty(fd) == 1
  }

  /// Today in the machine's local time zone; used only when neither `--as-of` nor the facts give a date.
  static func today() -> CalendarDate {
    var t = time(nil)
    var tmv = tm()
    localtime_r(&t, &tmv)
    return CalendarDate(year: Int(tmv.tm_year) + 1900, month: Int(tmv.tm_mon) + 1, day: Int(tmv.tm_mday))!
  }

  /// Whether two paths name the same existing file (so `--output` can never replace an input).
  static func sameFile(_ a: String, _ b: String) -> Bool {
    var x = stat(), y = stat()
    return stat(a, &x) == 0 && stat(b, &y) == 0 && x.st_dev == y.st_dev && x.st_ino == y.st_ino
  }

  /// Whether something exists at `path`.
  static func exists(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0
  }

  /// Writes `text` to `path` through a temporary file and a rename, so a failure never leaves half a file.
  static func writeAtomically(_ text: String, to path: String) -> String? {
    let tmp = path + ".tmp-\(getpid())"
    unlink(tmp)  // a stale one from a crashed run; O_EXCL below never follows a planted symlink
    let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0o644)
    guard fd >= 0 else { return "cannot write `\(path)`: \(String(cString: strerror(errno)))" }
    var ok = true
    var s = text
    s.withUTF8 { buf in
      var off = 0
      while off < buf.count {
        let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
        if n <= 0 { if errno == EINTR { continue }; ok = false; return }
        off += n
      }
    }
    if fsync(fd) != 0 { ok = false }
    close(fd)
    guard ok, rename(tmp, path) == 0 else {
      let msg = String(cString: strerror(errno))
      unlink(tmp)
      return "cannot write `\(path)`: \(msg)"
    }
    return nil
  }
}

/// What a command prints and its exit code, so tests run commands in-process.
struct CommandResult {
  var output = ""
  var errors = ""
  var exit: Int32 = 0

  /// Prints the output and errors, then ends the command with its exit code.
  func emit() throws -> Never {
    Terminal.write(output)
    Terminal.error(errors)
    throw ExitCode(exit)
  }

  /// Like `emit`, for a command run without ArgumentParser: the process ends with the exit code here.
  func finish() -> Never {
    Terminal.write(output)
    Terminal.error(errors)
    endProcess(exit)
  }
}

/// `exit(3)`, which `CommandResult.exit` hides inside the struct.
private func endProcess(_ code: Int32) -> Never { exit(code) }

/// Exit codes (README, "Exit codes").
enum Exit {
  static let ok: Int32 = 0
  /// Findings (`check`), failed cases (`test`), differences (`diff`).
  static let findings: Int32 = 1
  /// Invalid rules, facts or tests; unreadable input.
  static let invalid: Int32 = 2
  /// `eval`: some `main` decision is undetermined (facts are missing).
  static let undetermined: Int32 = 3
}
