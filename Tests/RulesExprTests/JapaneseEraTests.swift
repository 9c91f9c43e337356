import Testing

@testable import RulesExpr

/// Era dates at every boundary: the last day of each era and the first of the next, 元年, and
/// the days before Meiji (no era form).
struct JapaneseEraTests {
  @Test(arguments: [
    ("1868-10-22", nil),
    ("1868-10-23", "明治元年10月23日"),
    ("1868-12-31", "明治元年12月31日"),
    ("1869-01-01", "明治2年1月1日"),
    ("1912-07-29", "明治45年7月29日"),
    ("1912-07-30", "大正元年7月30日"),
    ("1912-12-31", "大正元年12月31日"),
    ("1913-01-01", "大正2年1月1日"),
    ("1926-12-24", "大正15年12月24日"),
    ("1926-12-25", "昭和元年12月25日"),
    ("1927-01-01", "昭和2年1月1日"),
    ("1989-01-07", "昭和64年1月7日"),
    ("1989-01-08", "平成元年1月8日"),
    ("1990-01-01", "平成2年1月1日"),
    ("2019-04-30", "平成31年4月30日"),
    ("2019-05-01", "令和元年5月1日"),
    ("2019-12-31", "令和元年12月31日"),
    ("2020-01-01", "令和2年1月1日"),
    ("2022-03-31", "令和4年3月31日"),
    ("2024-02-29", "令和6年2月29日"),
    ("9999-12-31", "令和7981年12月31日"),
    ("0001-01-01", nil),
  ] as [(String, String?)])
  func formatsEraDates(iso: String, wareki: String?) throws {
    #expect(try CalendarDate.parse(iso).wareki == wareki)
  }

  @Test func eraYearNumbersCountFromTheEraStart() throws {
    let (era, year) = try #require(try CalendarDate.parse("2021-07-06").eraYear)
    #expect(era.name == "令和" && era.romaji == "Reiwa" && era.letter == "R" && year == 3)
    #expect(JapaneseEra.of(try CalendarDate.parse("1868-01-01")) == nil)
  }

  /// The help for an era date written where an ISO date is wanted reads the same table.
  @Test(arguments: [
    ("平成31年4月30日", "write `2019-04-30` (平成31年4月30日)"),
    ("令和元年5月1日", "write `2019-05-01` (令和元年5月1日)"),
    ("H1.1.8", "write `1989-01-08` (平成元年1月8日)"),
    ("大正2年1月1日", "write `1913-01-01` (大正2年1月1日)"),
    ("M45.7.29", "write `1912-07-29` (明治45年7月29日)"),
  ])
  func eraSpellingsGetTheIsoHelp(text: String, help: String) {
    #expect(throws: DateParseError.self) { try CalendarDate.parse(text) }
    do { _ = try CalendarDate.parse(text) } catch { #expect(error.help == help) }
  }
}
