/// What a chat message may not carry as typed: e-mail addresses (the chat never shows one, whoever types it).
enum ChatText {
    static let hidden = "[e-mail address hidden]"

    /// `text` with every word that looks like an e-mail address (something, `@`, a domain with a dot) replaced.
    static func redactingEmailAddresses(_ text: String) -> String {
        var result = ""
        var word = ""
        func flush() {
            result += looksLikeAnAddress(word) ? hidden : word
            word = ""
        }
        for character in text {
            if character.isWhitespace {
                flush()
                result.append(character)
            } else {
                word.append(character)
            }
        }
        flush()
        return result
    }

    private static func looksLikeAnAddress(_ word: String) -> Bool {
        guard let at = word.firstIndex(of: "@"), at != word.startIndex else { return false }
        let domain = word[word.index(after: at)...]
        guard let dot = domain.firstIndex(of: "."), dot != domain.startIndex else { return false }
        return domain[domain.index(after: dot)...].contains { $0.isLetter }
    }
}
