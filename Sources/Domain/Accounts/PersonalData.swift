/// Personal data in the log (names, e-mail addresses, phone numbers, registration answers, chat text) is sealed under
/// a key per customer, kept outside the log. Once a customer is erased and their key destroyed, each such field
/// reads as this marker: in folds, projections, API answers, exports and dumps alike, so a view rebuilt from the log
/// after an erasure equals the view that saw the erasure happen.
public enum PersonalData {
    public static let erased = "[erased]"
}
