/// Which columns hold personal data (DATA_CONTRACT.md section 1, "PII columns").
///
/// Such a column is never read, and a file that has one never shows a rejected row's text. A
/// header is compared after lower-casing and dropping everything but letters and digits, so
/// `E-Mail`, `email_address`, `Customer Email`, `Full Name`, `first_name`, `Phone Number` and
/// `Billing Address1` are all recognised. Free-text columns (notes, search queries, comments) count
/// too: shoppers type e-mail addresses and phone numbers into them.
public enum PersonalData {
    /// Whether a header names personal data, by the built-in rule or the config's `pii_columns`.
    public static func isPersonal(header: String, extra: Set<String> = []) -> Bool {
        if extra.contains(header.lowercased()) { return true }
        let key = normalized(header)
        if key.isEmpty { return false }
        if exactNames.contains(key) { return true }
        return fragments.contains { key.contains($0) }
    }

    /// `Billing Address1` -> `billingaddress1`.
    static func normalized(_ header: String) -> String {
        String(header.lowercased().unicodeScalars.filter { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }.map(Character.init))
    }

    /// Whole normalised names of people and free text.
    static let exactNames: Set<String> = [
        "name", "fullname", "firstname", "lastname", "surname", "givenname", "familyname", "middlename", "nickname",
        "customername", "billingname", "shippingname", "contactname", "recipientname", "buyername", "username",
        "displayname", "accountname", "cardholder", "cardholdername",
        "note", "notes", "noteattributes", "comment", "comments", "message", "query", "searchquery", "searchterm",
        "dateofbirth", "birthdate", "dob", "ipaddress", "ip",
    ]

    /// Parts that make any header personal: contact details and street addresses.
    static let fragments = ["email", "phone", "mobile", "address", "street", "zip", "postcode", "postalcode", "ssn"]
}
