/// The product catalog as loaded, indexed by SKU id; the last row of a SKU wins.
struct ProductStore {
    var present: [Bool] = []
    var title: [String] = []
    var category: [Int32] = []
    var brand: [Int32] = []
    var price: [Double] = []

    /// Whether the SKU is in the product catalog (`Catalog.inCatalog`).
    func isPresent(_ sku: Int32) -> Bool { Int(sku) < present.count && present[Int(sku)] }

    /// Stores a product; returns true when the SKU was already in the catalog.
    mutating func upsert(sku: Int32, title: String, category: Int32, brand: Int32, price: Double) -> Bool {
        let i = Int(sku)
        if i >= present.count {
            let extra = i + 1 - present.count
            present += repeatElement(false, count: extra)
            self.title += repeatElement("", count: extra)
            self.category += repeatElement(-1, count: extra)
            self.brand += repeatElement(-1, count: extra)
            self.price += repeatElement(.nan, count: extra)
        }
        let duplicate = present[i]
        present[i] = true
        self.title[i] = title
        self.category[i] = category
        self.brand[i] = brand
        self.price[i] = price
        return duplicate
    }

    /// The category of SKU ids `0..<count` (-1 when unknown).
    func categories(ofFirst count: Int) -> [Int32] { (0..<count).map { $0 < present.count ? category[$0] : -1 } }

    func catalog(skus: Interner, categories: Interner, brands: Interner) -> Catalog {
        var catalog = Catalog()
        let n = skus.count
        catalog.skus = skus.strings
        catalog.inCatalog = (0..<n).map { isPresent(Int32($0)) }
        catalog.titles = (0..<n).map { $0 < present.count && present[$0] ? title[$0] : "" }
        catalog.category = self.categories(ofFirst: n)
        catalog.brand = (0..<n).map { $0 < present.count ? brand[$0] : -1 }
        catalog.price = (0..<n).map { $0 < present.count ? price[$0] : .nan }
        catalog.categories = categories.strings
        catalog.brands = brands.strings
        return catalog
    }
}

extension LoadContext {
    /// Reads one `products*.csv` file into `store`.
    func loadProductsCSV(_ file: CSVExportFile, into store: inout ProductStore) throws {
        let skuAt = file.position("sku")!
        let titleAt = file.position("title"), categoryAt = file.position("category")
        let brandAt = file.position("brand"), priceAt = file.position("price")
        let currency = config.currency
        try file.forEachRow(log: log) { (row) throws(RowProblem) in
            let sku = try FieldReading.key(row.field(skuAt), column: "sku").get()
            let title = try FieldReading.text(optionalField(row, titleAt), column: "title").get()
            let category = try FieldReading.text(optionalField(row, categoryAt), column: "category").get()
            let brand = try FieldReading.text(optionalField(row, brandAt), column: "brand").get()
            let priceBytes = trimmed(optionalField(row, priceAt))
            let price = priceBytes.isEmpty ? Double.nan
                : try FieldReading.money(priceBytes, column: "price", currency: currency).get()
            if price < 0 { throw RowProblem("negative price", priceBytes) }
            addProduct(sku: sku, title: title, category: category, brand: brand, price: price, into: &store)
        }
    }

    func addProduct(sku: UnsafeBufferPointer<UInt8>, title: UnsafeBufferPointer<UInt8>, category: UnsafeBufferPointer<UInt8>,
                    brand: UnsafeBufferPointer<UInt8>, price: Double, into store: inout ProductStore) {
        let id = skus.intern(sku)
        let duplicate = store.upsert(
            sku: id, title: String(decoding: title, as: UTF8.self),
            category: LoadContext.optionalId(category, in: &categories),
            brand: LoadContext.optionalId(brand, in: &brands), price: price)
        if duplicate { log.quality[.products].duplicates += 1 }
    }
}
