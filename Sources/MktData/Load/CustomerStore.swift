/// Customers as loaded, indexed by customer id; the last row of an id wins.
struct CustomerStore {
    var listed: [Bool] = []
    var signup: [Day?] = []
    var birthYear: [Int16] = []
    var gender: [Int32] = []
    var region: [Int32] = []

    /// Whether the customer is in the customers export (`CustomerTable.listed`).
    func isListed(_ customer: Int32) -> Bool { Int(customer) < listed.count && listed[Int(customer)] }

    mutating func upsert(customer: Int32, signup: Day?, birthYear: Int16, gender: Int32, region: Int32) -> Bool {
        let i = Int(customer)
        if i >= listed.count {
            let extra = i + 1 - listed.count
            listed += repeatElement(false, count: extra)
            self.signup += repeatElement(nil, count: extra)
            self.birthYear += repeatElement(0, count: extra)
            self.gender += repeatElement(-1, count: extra)
            self.region += repeatElement(-1, count: extra)
        }
        let duplicate = listed[i]
        listed[i] = true
        self.signup[i] = signup
        self.birthYear[i] = birthYear
        self.gender[i] = gender
        self.region[i] = region
        return duplicate
    }

    func table(ids: Interner, genders: Interner, regions: Interner) -> CustomerTable {
        var table = CustomerTable()
        let n = ids.count
        table.ids = ids.strings
        table.listed = (0..<n).map { isListed(Int32($0)) }
        table.signup = (0..<n).map { $0 < signup.count ? signup[$0] : nil }
        table.birthYear = (0..<n).map { $0 < birthYear.count ? birthYear[$0] : 0 }
        table.gender = (0..<n).map { $0 < gender.count ? gender[$0] : -1 }
        table.region = (0..<n).map { $0 < region.count ? region[$0] : -1 }
        table.genders = genders.strings
        table.regions = regions.strings
        return table
    }
}

extension LoadContext {
    func loadCustomers(_ file: CSVExportFile, into store: inout CustomerStore) throws {
        let idAt = file.position("customer_id")!
        let signupAt = file.position("signup_date"), birthAt = file.position("birth_year")
        let genderAt = file.position("gender"), regionAt = file.position("region")
        let clock = self.clock
        try file.forEachRow(log: log) { (row) throws(RowProblem) in
            let id = try FieldReading.key(row.field(idAt), column: "customer_id").get()
            let signupBytes = trimmed(optionalField(row, signupAt))
            let signup = signupBytes.isEmpty ? nil : try FieldReading.day(signupBytes, column: "signup_date", clock: clock).get()
            let birthBytes = trimmed(optionalField(row, birthAt))
            var birthYear: Int16 = 0
            if !birthBytes.isEmpty {
                guard let year = DecimalParser.parseInteger(birthBytes), Day.validYears.contains(year) else {
                    throw RowProblem("birth_year is not a year", birthBytes)
                }
                birthYear = Int16(year)
            }
            let gender = try FieldReading.text(optionalField(row, genderAt), column: "gender").get()
            let region = try FieldReading.text(optionalField(row, regionAt), column: "region").get()
            let customer = file.internCustomer(id, in: &customerIds)
            let duplicate = store.upsert(customer: customer, signup: signup, birthYear: birthYear,
                                         gender: LoadContext.optionalId(gender, in: &genders),
                                         region: LoadContext.optionalId(region, in: &regions))
            if duplicate { log.quality[.customers].duplicates += 1 }
        }
    }
}
