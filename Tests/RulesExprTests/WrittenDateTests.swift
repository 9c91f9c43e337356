import Testing

@testable import RulesExpr

/// Dates as an interview answer may be typed (`CalendarDate.parseWritten`).
struct WrittenDateTests {
  @Test(arguments: [
    ("2023-03-31", "2023-03-31"), ("令和5年3月31日", "2023-03-31"), ("R5.3.31", "2023-03-31"), ("r5/3/31", "2023-03-31"),
    ("令和５年３月３１日", "2023-03-31"), ("２０２３－０３－３１", "2023-03-31"), ("2023年3月31日", "2023-03-31"),
    ("2023/3/31", "2023-03-31"), (" 令和 元年 5月1日 ", "2019-05-01"), ("令和元年5月1日", "2019-05-01"),
    ("平成31年4月30日", "2019-04-30"), ("H31.4.30", "2019-04-30"), ("平成元年1月8日", "1989-01-08"),
    ("昭和64年1月7日", "1989-01-07"), ("S64.1.7", "1989-01-07"), ("令和2年2月29日", "2020-02-29"),
  ])
  func reads(_ text: String, _ iso: String) throws {
    #expect(try CalendarDate.parseWritten(text).description == iso)
  }

  @Test(arguments: [
    ("令和元年4月30日", "outside 令和"), ("平成31年5月1日", "outside 平成"), ("昭和64年1月8日", "outside 昭和"),
    ("令和3年2月29日", "February 2021 has 28 days"), ("R5.13.1", "no month 13"), ("はい", "is not a date"),
    ("令和0年1月1日", "no year of 令和"), ("23-3-31", "four-digit year"), ("", "is not a date"),
  ])
  func rejects(_ text: String, _ why: String) {
    #expect {
      _ = try CalendarDate.parseWritten(text)
    } throws: { e in
      guard let e = e as? DateParseError else { return false }
      return e.message.contains(why) && e.help != nil
    }
  }
}
