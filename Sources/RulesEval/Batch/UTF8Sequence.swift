/// The length (2 to 4) of the valid UTF-8 sequence whose lead byte (≥ 0x80) is at `p[i]`, reading no
/// further than `p[n - 1]`; 0 when it is not one (a bad lead or continuation byte, an overlong form, a
/// surrogate, past U+10FFFF, or cut off). The one definition the batch readers share.
@inline(__always)
func utf8SequenceLength(_ p: UnsafePointer<UInt8>, at i: Int, count n: Int) -> Int {
  let c = p[i]
  let len: Int, min: UInt32
  var v: UInt32
  switch c {
  case 0xC2...0xDF: len = 2; v = UInt32(c & 0x1F); min = 0x80
  case 0xE0...0xEF: len = 3; v = UInt32(c & 0x0F); min = 0x800
  case 0xF0...0xF4: len = 4; v = UInt32(c & 0x07); min = 0x10000
  default: return 0
  }
  guard i + len <= n else { return 0 }
  for k in 1..<len {
    let x = p[i + k]
    guard x & 0xC0 == 0x80 else { return 0 }
    v = v << 6 | UInt32(x & 0x3F)
  }
  guard v >= min, v <= 0x10FFFF, v < 0xD800 || v > 0xDFFF else { return 0 }
  return len
}
