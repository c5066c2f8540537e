/// State shared by the export loaders of one run: settings, the reject log and
/// the id dictionaries, so that a customer or SKU has one id across all exports.
final class LoadContext {
    let config: Config
    let clock: ZoneClock
    let log: RejectLog
    let progress: (String) -> Void

    var customerIds = Interner()
    var skus = Interner()
    var categories = Interner()
    var brands = Interner()
    var campaigns = Interner()
    var channels = Interner()
    /// The orders' sales channels (`channel` of order lines), apart from the ads' channels.
    var orderChannels = Interner()
    var variants = Interner()
    var genders = Interner()
    var regions = Interner()

    init(config: Config, clock: ZoneClock, log: RejectLog, progress: @escaping (String) -> Void) {
        self.config = config
        self.clock = clock
        self.log = log
        self.progress = progress
    }

    /// Interns an optional text field: -1 when empty.
    @inline(__always) static func optionalId(_ bytes: UnsafeBufferPointer<UInt8>, in interner: inout Interner) -> Int32 {
        bytes.isEmpty ? -1 : interner.intern(bytes)
    }
}

/// Reads an optional column of the current record, or an empty view when the file lacks it.
@inline(__always) func optionalField(_ reader: CSVReader, _ position: Int?) -> UnsafeBufferPointer<UInt8> {
    guard let position else { return UnsafeBufferPointer(start: nil, count: 0) }
    return reader.field(position)
}
