/// The stated bounds of a show's configuration: well past any real show, and tight enough that nothing downstream
/// can overflow (a price near 2^63 made every hold's total overflow) or store what nobody can read.
public enum ShowLimits {
    /// The highest price of one seat or ticket: ₹10,00,000 in paise.
    public static let maxPriceMinor: Int64 = 100_000_000
    /// The most tickets of one category, and the most seats of one show.
    public static let maxCapacity = 1_000_000
    public static let maxSeats = 100_000
    /// The longest a show may run, start to end.
    public static let maxRun = Duration.hours(31 * 24)
    public static let maxTitleLength = 200
    public static let maxDescriptionLength = 10_000
    /// Sub-type, city and venue.
    public static let maxShortTextLength = 100
    public static let maxAccessLinkLength = 2_048
    /// A registration form: its questions, a team's size, one customer's registrations, one answer's length.
    public static let maxRegistrationFields = 50
    public static let maxTeamSize = 50
    public static let maxRegistrationsPerCustomer = 100
    public static let maxAnswerLength = 1_000

    /// What is wrong with a show's public details, naming the field.
    static func problem(in details: ShowDetails) -> String? {
        let title = details.title.trimmed
        if title.isEmpty { return "the title is empty" }
        if title.count > maxTitleLength { return "the title is longer than \(maxTitleLength) characters" }
        if details.description.count > maxDescriptionLength {
            return "the description is longer than \(maxDescriptionLength) characters"
        }
        for (name, text) in [("subType", details.subType), ("city", details.city), ("venue", details.venue)]
        where text.count > maxShortTextLength {
            return "\(name) is longer than \(maxShortTextLength) characters"
        }
        let fields = [details.title, details.description, details.subType, details.city, details.venue]
        if fields.contains(where: { $0.unicodeScalars.contains { $0.value == 0 } }) { return "a text field contains a NUL character" }
        return nil
    }

    /// What is wrong with a run, or `nil`.
    static func problem(in schedule: ShowSchedule) -> String? {
        if schedule.end > schedule.start.adding(maxRun) { return "a show may run at most \(maxRun.components.seconds / 86_400) days" }
        return nil
    }

    /// An access link must be an `https:` address: a `javascript:` or `data:` link would run in a ticket holder's browser.
    static func problem(inAccessLink link: String) -> String? {
        if link.count > maxAccessLinkLength { return "the access link is longer than \(maxAccessLinkLength) characters" }
        let lowered = link.lowercased()
        guard lowered.hasPrefix("https://"), lowered.count > "https://".count else { return "the access link must be an https:// address" }
        if link.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            return "the access link contains a space or a control character"
        }
        return nil
    }

    /// What is wrong with a registration form, or `nil`.
    static func problem(in rules: RegistrationRules) -> String? {
        if case .team(let minimum, let maximum) = rules.participation {
            if minimum < 1 || minimum > maximum { return "team sizes must satisfy 1 ≤ minimum ≤ maximum" }
            if maximum > maxTeamSize { return "a team may have at most \(maxTeamSize) participants" }
        }
        if !(1...maxRegistrationsPerCustomer).contains(rules.perCustomer) {
            return "registrations per customer must be 1 to \(maxRegistrationsPerCustomer)"
        }
        if rules.fields.count > maxRegistrationFields { return "a form may have at most \(maxRegistrationFields) fields" }
        for field in rules.fields {
            let label = field.label.trimmed
            if label.isEmpty || label.count > maxShortTextLength { return "each form field needs a label of 1 to \(maxShortTextLength) characters" }
            if field.options.contains(where: { $0.count > maxShortTextLength }) {
                return "the options of field \(label) may be at most \(maxShortTextLength) characters each"
            }
        }
        if Set(rules.fields.map(\.label)).count != rules.fields.count { return "two form fields have the same label" }
        return nil
    }

    /// A price above the stated maximum, named.
    static func problem(inPrice price: Money) -> String? {
        price.minor > maxPriceMinor ? "prices may be at most \(maxPriceMinor) minor units" : nil
    }
}
