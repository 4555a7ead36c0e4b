/// The form of a registration show and how participants sign up.
public struct RegistrationRules: Hashable, Sendable, Codable {
    public var fields: [RegistrationField]
    public var participation: Participation

    public init(fields: [RegistrationField], participation: Participation = .individual) {
        self.fields = fields
        self.participation = participation
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
}

extension String {
    var trimmed: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
