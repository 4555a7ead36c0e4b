/// What makes a show's configuration sound, as a message naming the problem.
enum ShowValidation {
    /// Booking closes at the start at the latest, and not before the year 2000 (a time in seconds, not milliseconds).
    static func problem(in cutoff: BookingCutoff, schedule: ShowSchedule) -> String? {
        switch cutoff {
        case .untilSoldOut: return nil
        case .minutesBeforeStart(let minutes):
            if minutes < 0 { return "the cut-off cannot be after the start" }
            if minutes > 60 * 24 * 365 { return "the cut-off is at most a year before the start" }
            return nil
        case .at(let instant):
            if instant > schedule.start { return "the cut-off cannot be after the start" }
            if instant < Instant(millisecondsSince1970: 946_684_800_000) { return "the cut-off is before 2000: give milliseconds since 1970" }
            return nil
        }
    }

    static func problem(in configuration: ShowConfiguration) -> String? {
        if let problem = ShowLimits.problem(in: configuration.details) { return problem }
        if let problem = ShowLimits.problem(in: configuration.schedule) { return problem }
        if !(1...120).contains(configuration.holdMinutes) { return "the hold period must be 1 to 120 minutes" }
        if !(1...50).contains(configuration.maxTicketsPerOrder) { return "the most tickets per order must be 1 to 50" }
        if let problem = problem(in: configuration.cutoff, schedule: configuration.schedule) { return problem }
        if configuration.refundPolicy.deadlineMinutesBeforeStart < 0 { return "the refund deadline cannot be after the start" }
        if configuration.tax.basisPointsOnFees < 0 { return "the tax rate cannot be negative" }
        if configuration.kind == .online && (configuration.accessLink ?? "").trimmed.isEmpty {
            return "an online show needs its access link"
        }
        if let link = configuration.accessLink, !link.isEmpty, let problem = ShowLimits.problem(inAccessLink: link) { return problem }
        if configuration.kind == .registration {
            guard let rules = configuration.registration else { return "a registration show needs its form" }
            if let problem = ShowLimits.problem(in: rules) { return problem }
        }
        return problem(in: configuration.inventory, kind: configuration.kind)
    }

    static func problem(in inventory: Inventory, kind: ShowKind?) -> String? {
        switch inventory {
        case .seated(let seated):
            if let kind, kind != .seating { return "only seated shows sell seats" }
            if seated.seats.isEmpty { return "a seated show needs seats" }
            if seated.seats.count > ShowLimits.maxSeats { return "a show may have at most \(ShowLimits.maxSeats) seats" }
            switch seated.pricing {
            case .flat(let price):
                if price.minor < 0 { return "prices cannot be negative" }
                if let problem = ShowLimits.problem(inPrice: price) { return problem }
            case .bySeatType(let prices):
                if prices.values.contains(where: { $0.minor < 0 }) { return "prices cannot be negative" }
                if let problem = prices.values.lazy.compactMap(ShowLimits.problem(inPrice:)).first { return problem }
                let unpriced = Set(seated.seats.values).subtracting(prices.keys)
                if let type = unpriced.sorted().first { return "seat type \(type) has no price" }
            }
        case .categories(let categories):
            if kind == .seating { return "a seated show sells seats, not categories" }
            if categories.isEmpty { return "at least one ticket category is needed" }
            if Set(categories.map(\.id)).count != categories.count { return "category ids must be unique" }
            if categories.contains(where: { $0.capacity <= 0 }) { return "every category needs a capacity above zero" }
            if let big = categories.first(where: { $0.capacity > ShowLimits.maxCapacity }) {
                return "category \(big.id) has a capacity above \(ShowLimits.maxCapacity)"
            }
            if categories.contains(where: { $0.price.minor < 0 }) { return "prices cannot be negative" }
            if let problem = categories.lazy.compactMap({ ShowLimits.problem(inPrice: $0.price) }).first { return problem }
            if Set(categories.map(\.price.currency)).count > 1 { return "all prices must be in one currency" }
        }
        return nil
    }
}
