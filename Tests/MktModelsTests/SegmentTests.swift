import MktData
import MktTesting
import Testing
@testable import MktModels

let week = DateWindow(from: Day(year: 2026, month: 11, day: 23)!, to: Day(year: 2026, month: 11, day: 29)!)

@Suite struct SegmentTests {
    @Test func quintilesFollowPandasQcutOfFirstRanks() {
        // n = 5: ranks 1...5 fall one per quintile; ties go to the earlier position.
        #expect(RFM.quintiles([5, 1, 3, 3, 2]) == [5, 1, 3, 4, 2])
        // n = 7: edges 1, 2.2, 3.4, 4.6, 5.8, 7 (values from pandas 2.3).
        #expect(RFM.quintiles([10, 20, 30, 40, 50, 60, 70]) == [1, 1, 2, 3, 4, 5, 5])
        #expect(RFM.quintiles([]) == [])
    }

    @Test func namedSegmentsFromTheRFMap() {
        #expect(RFM.segment(r: 5, f: 5) == "Champions")
        #expect(RFM.segment(r: 5, f: 1) == "New")
        #expect(RFM.segment(r: 4, f: 1) == "Promising")
        #expect(RFM.segment(r: 3, f: 3) == "Need Attention")
        #expect(RFM.segment(r: 4, f: 5) == "Loyal")
        #expect(RFM.segment(r: 2, f: 5) == "Cannot Lose Them")
        #expect(RFM.segment(r: 1, f: 3) == "At Risk")
        #expect(RFM.segment(r: 1, f: 1) == "Lost")
        #expect(RFM.segment(r: 2, f: 2) == "Hibernating")
        #expect(RFM.segment(r: 3, f: 1) == "About to Sleep")
        #expect(RFM.segment(r: 4, f: 3) == "Potential Loyalist")
        // Every score pair maps to one of the eleven names.
        for r in 1...5 { for f in 1...5 { #expect(RFM.segmentNames.contains(RFM.segment(r: r, f: f))) } }
    }

    @Test func kpisAndRFMOfASmallShop() throws {
        var e = TestExports()
        e.order("A1", "2026-11-23T10:00:00Z", customer: "C1", sku: "S1", quantity: 2, price: 10, discount: 1)
        e.order("A1", "2026-11-23T10:00:00Z", customer: "C1", sku: "S2", price: 5)
        e.order("A2", "2026-11-28T10:00:00Z", customer: "C2", sku: "S1", price: 10, status: "cancelled")
        e.order("A3", "2026-11-17T10:00:00Z", customer: "C2", sku: "S1", price: 10)
        e.order("R3", "2026-11-25T10:00:00Z", customer: "C2", sku: "S1", quantity: -1, price: 10)
        e.order("A4", "2026-10-01T10:00:00Z", customer: "C3", sku: "S2", quantity: 3, price: 5)
        let (facts, _) = try e.load(window: .fixed(week))
        let current = WindowKPIs.compute(facts, window: week)
        #expect(current.revenue == 19 + 5 - 10)
        #expect(current.orders == 1 && current.customers == 1)
        #expect(current.aov == 14)
        let previous = WindowKPIs.compute(facts, window: week.previous)
        #expect((previous.revenue, previous.orders, previous.customers) == (10, 1, 1))

        let scores = RFM.score(facts.orderDays, customerIds: facts.customers.ids, asOf: week.to)
        let ids = scores.customers.map { facts.customers.ids[Int($0)] }
        #expect(ids == ["C1", "C2", "C3"])
        #expect(scores.recencyDays == [6, 12, 59])
        #expect(scores.frequency == [1, 1, 1])
        #expect(scores.monetary == [24, 0, 15])
    }

    /// Cohorts are split by channel only when customers came through two or more: an export with
    /// no channel column (every customer "unknown") or with one channel repeated the overall tables.
    @Test(arguments: [(["", ""], [String]()), (["web", "web"], []), (["web", "app"], ["app", "web"]), (["web", ""], ["unknown", "web"])])
    func cohortsAreSplitByChannelOnlyWhenThereAreTwo(channels: [String], split: [String]) throws {
        var e = TestExports()
        e.order("A1", "2026-11-02T10:00:00Z", customer: "C1", sku: "S1", price: 10, channel: channels[0])
        e.order("A2", "2026-11-03T10:00:00Z", customer: "C2", sku: "S1", price: 10, channel: channels[1])
        let (facts, _) = try e.load(window: .fixed(week))
        let cohorts = Cohorts.compute(facts, asOf: week.to, minSize: 1)
        #expect(cohorts.overall.map(\.customers) == [2])
        #expect(cohorts.byChannel.map(\.channel) == split)
        #expect(cohorts.byChannel.allSatisfy { $0.cohorts.map(\.customers) == [1] })
    }
}
