import DomainEvents
import EventStore
import Foundation

/// How `dump` shows a record.
enum RecordFormat {
    /// `#12 show-1@3 SeatsHeld 2026-11-25T01:23:45.123456Z id=… {payload}`
    static func line(_ record: RecordedEvent) -> String {
        var parts = ["#\(record.position)", "\(record.stream)@\(record.streamVersion)", record.type,
                     timestamp(record.recordedAt), "id=\(record.id)"]
        if let correlation = record.correlationID { parts.append("correlation=\(correlation)") }
        if let cause = record.causationID { parts.append("causation=\(cause)") }
        switch shown(record) {
        case .success(let json): parts.append(String(decoding: json, as: UTF8.self))
        case .failure(let error): parts.append("payload (\(record.payload.count) bytes) does not decode: \(error)")
        }
        return parts.joined(separator: " ")
    }

    /// One JSON object; the payload is embedded as JSON when it is JSON, else as base64.
    static func jsonLine(_ record: RecordedEvent) -> String {
        var object: [String: Any] = [
            "position": record.position.rawValue,
            "stream": record.stream.rawValue,
            "version": record.streamVersion.rawValue,
            "type": record.type,
            "recordedAt": timestamp(record.recordedAt),
            "id": record.id.description,
            "hash": record.hash.description,
        ]
        if let correlation = record.correlationID { object["correlationId"] = correlation.description }
        if let cause = record.causationID { object["causationId"] = cause.description }
        if case .success(let json) = shown(record), let payload = try? JSONSerialization.jsonObject(with: json, options: [.fragmentsAllowed]) {
            object["payload"] = payload
        } else {
            object["payloadBase64"] = record.payload.base64EncodedString()
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The payload as JSON (a compact payload decoded by its domain codec, see `EventEncoding.jsonPayload`).
    private static func shown(_ record: RecordedEvent) -> Result<Data, EncodingFailure> {
        Result { () throws(EncodingFailure) in try EventEncoding.jsonPayload(of: record) }
    }

    static func timestamp(_ date: Date) -> String {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        let seconds = Date(timeIntervalSince1970: TimeInterval(micros / 1_000_000))
        let base = seconds.formatted(.iso8601.year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(.colon))
        return "\(base).\(String(format: "%06d", Int(micros % 1_000_000)))Z"
    }
}
