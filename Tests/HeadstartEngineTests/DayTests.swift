import HeadstartEngine
import Testing

@Suite struct DayTests {
    @Test(arguments: [
        ("1970-01-01", 0), ("2000-03-01", 11_017), ("2026-11-26", 20_783), ("2032-12-31", 23_010), ("2024-02-29", 19_782),
    ])
    func ordinalsMatchTheCalendar(iso: String, ordinal: Int) throws {
        let day = try #require(Day(iso: iso))
        #expect(day.ordinal == ordinal)
        #expect(day.description == iso)
    }

    @Test(arguments: [
        "2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "26-01-01", "2026-1-01", "2026/01/01", "2026-01-01T00:00", "", "２０２６-01-01",
    ])
    func invalidDatesAreRefused(text: String) {
        #expect(Day(iso: text) == nil)
    }

    /// Every year of four digits is written with its leading zeros.
    @Test(arguments: ["0001-01-01", "0099-12-31", "0999-06-15", "1000-01-01", "9999-12-31"])
    func fourDigitYearsKeepTheirZeros(iso: String) throws {
        #expect(try #require(Day(iso: iso)).description == iso)
    }

    @Test func roundTripsEveryDayOfFourCenturies() throws {
        var day = try #require(Day(iso: "1900-01-01"))
        let end = try #require(Day(iso: "2300-01-01"))
        var mismatches: [String] = []
        while day < end {
            if Day(iso: day.description) != day { mismatches.append(day.description) }
            day = day.adding(days: 1)
        }
        #expect(mismatches.isEmpty)
        #expect(day.ordinal - (try #require(Day(iso: "1900-01-01"))).ordinal == 146_097)
    }
}
