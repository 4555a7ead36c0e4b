/// The form of a registration show and how participants sign up.
public struct RegistrationRules: Hashable, Sendable {
    public var fields: [RegistrationField]
    public var participation: Participation
    /// How many registrations one customer may have for the show (the organizer's setting; one unless said).
    public var perCustomer: Int

    public init(fields: [RegistrationField], participation: Participation = .individual, perCustomer: Int = 1) {
        self.fields = fields
        self.participation = participation
        self.perCustomer = perCustomer
    }

    /// Why a customer who already has `registered` registrations may not have another, or `nil` when they may.
    public func problem(registered: Int) -> RegistrationProblem? {
        registered >= perCustomer ? .alreadyRegistered(limit: perCustomer) : nil
    }

    /// Why `participants` do not fit the form, or `nil` when they do.
    public func problem(with participants: [Participant]) -> RegistrationProblem? {
        switch participation {
        case .individual where participants.count != 1:
            return .teamSize(participants.count, allowed: 1...1)
        case .team(let minimum, let maximum) where !(minimum...maximum).contains(participants.count):
            return .teamSize(participants.count, allowed: minimum...maximum)
        default:
            break
        }
        for (index, participant) in participants.enumerated() {
            for field in fields {
                let answer = participant.answers[field.label]?.trimmed ?? ""
                if field.required && answer.isEmpty { return .missingAnswer(participant: index, field: field.label) }
                if answer.count > ShowLimits.maxAnswerLength || answer.unicodeScalars.contains(where: { $0.value == 0 }) {
                    return .answerTooLong(participant: index, field: field.label, limit: ShowLimits.maxAnswerLength)
                }
                if !answer.isEmpty, !field.options.isEmpty, !field.options.contains(answer) {
                    return .answerNotAnOption(participant: index, field: field.label)
                }
            }
            let known = Set(fields.map(\.label))
            if let unknown = participant.answers.keys.sorted().first(where: { !known.contains($0) }) {
                return .unknownField(unknown)
            }
        }
        return nil
    }
}

/// One question of a registration form.
public struct RegistrationField: Hashable, Sendable, Codable {
    public var label: String
    public var required: Bool
    /// When not empty, the answer must be one of these.
    public var options: [String]

    public init(label: String, required: Bool = true, options: [String] = []) {
        self.label = label
        self.required = required
        self.options = options
    }
}

/// Alone, or in teams of a size range.
public enum Participation: Hashable, Sendable, Codable {
    case individual
    case team(minimum: Int, maximum: Int)
}

/// One person's answers.
public struct Participant: Hashable, Sendable, Codable {
    public var answers: [String: String]
    public init(answers: [String: String]) { self.answers = answers }
}

/// Why a registration was refused.
public enum RegistrationProblem: Hashable, Sendable {
    case teamSize(Int, allowed: ClosedRange<Int>)
    case missingAnswer(participant: Int, field: String)
    case answerNotAnOption(participant: Int, field: String)
    case unknownField(String)
    /// Longer than `limit` characters (or holding a NUL): answers are stored in the log for good.
    case answerTooLong(participant: Int, field: String, limit: Int)
    /// The customer already has as many registrations for the show as it allows.
    case alreadyRegistered(limit: Int)
}

extension String {
    var trimmed: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
