#!/usr/bin/env python3
"""Reads a TktPlz log archive (`tktplz log export FILE`) without TktPlz: the archive framing, each record's
envelope, the SHA-256 hash chain, and each payload through the published protobuf schema.

Needs the `protobuf` and `zstandard` packages from PyPI. The schema is read from its descriptor set
(schema/tktplz-events-v1.desc), so no protoc is needed.

    read_tktplz_log.py ARCHIVE [--schema DESC] [--stream NAME]

prints one JSON object per record: position, stream, type, recordedAt (µs since 1970), eventId and payload (the
message as JSON, field names as in the .proto). Payloads of older formats (CompactCoding, JSON) are printed as
{"format": ...} without decoding: `tktplz log dump --json` renders those.
"""
import argparse
import hashlib
import json
import struct
import sys
import uuid

import zstandard
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

MAGICS = (b"TKTLOG1\n", b"TKTLOG2\n")  # format 2 carries uploaded images after the records' trailer
HEADER = struct.Struct("<BBHHHIQQq16s16s16s")  # the 84-byte record header, little endian
PROTOBUF, COMPACT = 0xB1, 0xC7


def message_classes(descriptor_set_path):
    files = descriptor_pb2.FileDescriptorSet()
    with open(descriptor_set_path, "rb") as handle:
        files.ParseFromString(handle.read())
    pool = descriptor_pool.DescriptorPool()
    for file in files.file:
        pool.Add(file)
    return lambda name: message_factory.GetMessageClass(pool.FindMessageTypeByName("tktplz.events.v1." + name))


def records(archive_path):
    """Yields (position, stream, type, recorded_at, event_id, payload) and checks positions and the hash chain."""
    with open(archive_path, "rb") as handle:
        if handle.read(len(MAGICS[0])) not in MAGICS:
            raise SystemExit("not a TktPlz log archive")
        data = zstandard.ZstdDecompressor().stream_reader(handle).read()
    offset, previous, expected_position = 0, bytes(32), 1
    while True:
        (length,) = struct.unpack_from("<I", data, offset)
        offset += 4
        if length == 0xFFFFFFFF:
            count, last_hash = struct.unpack_from("<Q", data, offset)[0], data[offset + 8:offset + 40]
            if count != expected_position - 1 or last_hash != previous:
                raise SystemExit("the archive's trailer does not match its records")
            return
        record = data[offset:offset + length]
        offset += length
        (_format, _flags, stream_length, type_length, _reserved, payload_length, position, _version, recorded_at,
         event_id, _correlation, _causation) = HEADER.unpack_from(record)
        if position != expected_position:
            raise SystemExit(f"position {position} where {expected_position} was expected")
        body = HEADER.size
        stream = record[body:body + stream_length].decode()
        kind = record[body + stream_length:body + stream_length + type_length].decode()
        payload_start = body + stream_length + type_length
        payload = record[payload_start:payload_start + payload_length]
        stored_hash = record[payload_start + payload_length:]
        if hashlib.sha256(previous + record[:payload_start + payload_length]).digest() != stored_hash:
            raise SystemExit(f"the hash chain breaks at position {position}")
        previous, expected_position = stored_hash, expected_position + 1
        yield position, stream, kind, recorded_at, str(uuid.UUID(bytes=event_id)), payload


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("archive")
    parser.add_argument("--schema", default="schema/tktplz-events-v1.desc")
    parser.add_argument("--stream", help="only this stream (category-id)")
    arguments = parser.parse_args()
    message_class = message_classes(arguments.schema)
    for position, stream, kind, recorded_at, event_id, payload in records(arguments.archive):
        if arguments.stream and stream != arguments.stream:
            continue
        if payload[:1] == bytes([PROTOBUF]):
            message = message_class(kind)()
            message.ParseFromString(payload[1:])
            body = json_format.MessageToDict(message, preserving_proto_field_name=True)
        else:
            body = {"format": "compact" if payload[:1] == bytes([COMPACT]) else "json"}
        print(json.dumps({"position": position, "stream": stream, "type": kind, "recordedAt": recorded_at,
                          "eventId": event_id, "payload": body}))


if __name__ == "__main__":
    main()
