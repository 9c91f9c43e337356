/// Splits one fuzz input into parts at each `marker` (e.g. rule file and facts file at `\n#@facts\n`),
/// so one libFuzzer input can carry several files.
package func split(_ bytes: [UInt8], on marker: String) -> [[UInt8]] {
  let m = Array(marker.utf8)
  var parts: [[UInt8]] = []
  var start = 0, i = 0
  while i + m.count <= bytes.count {
    if bytes[i] == m[0], Array(bytes[i..<i + m.count]) == m {
      parts.append(Array(bytes[start..<i]))
      i += m.count
      start = i
    } else {
      i += 1
    }
  }
  parts.append(Array(bytes[start...]))
  return parts
}
