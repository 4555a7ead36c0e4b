#!/usr/bin/env bash
# Regenerates what is made from the event schema (schema/tktplz/events/v1/*.proto), all of it committed so that
# building and testing never need protoc or the plugin:
#   Sources/EventSchema/Generated/*.pb.swift   the Swift messages (swift-protobuf's protoc-gen-swift)
#   schema/tktplz-events-v1.desc               a FileDescriptorSet, for readers in other languages
#   schema/GENERATED.sha256                    the hashes of inputs and outputs (`sha256sum -c` format);
#                                              SchemaStampTests fails when a .proto changed and this was not run.
# Needs Debian's protobuf-compiler (installed if missing) and builds protoc-gen-swift once (about 80 s) from the
# offline copy of swift-protobuf, at the version Package.swift names, into .build-protoc-gen-swift.
set -euo pipefail
cd "$(dirname "$0")/.."

version=1.39.0
plugin=.build-protoc-gen-swift/.build/release/protoc-gen-swift

if ! command -v protoc >/dev/null; then
    apt-get update -qq && apt-get install -y -qq protobuf-compiler
fi
if [[ ! -x $plugin ]]; then
    rm -rf .build-protoc-gen-swift
    git clone -q /opt/swift-packages/apple/swift-protobuf.git .build-protoc-gen-swift
    git -C .build-protoc-gen-swift checkout -q "$version"
    (cd .build-protoc-gen-swift && swift build -c release --product protoc-gen-swift)
fi

protos=(schema/tktplz/events/v1/*.proto)
rm -rf Sources/EventSchema/Generated && mkdir -p Sources/EventSchema/Generated
protoc --plugin=protoc-gen-swift="$plugin" --proto_path=schema \
    --swift_opt=Visibility=Public --swift_opt=FileNaming=DropPath --swift_opt=UseAccessLevelOnImports=true \
    --swift_out=Sources/EventSchema/Generated "${protos[@]}"
protoc --proto_path=schema --include_imports --include_source_info \
    --descriptor_set_out=schema/tktplz-events-v1.desc "${protos[@]}"
sha256sum "${protos[@]}" Sources/EventSchema/Generated/*.pb.swift schema/tktplz-events-v1.desc > schema/GENERATED.sha256
echo "generated from ${#protos[@]} .proto files; hashes in schema/GENERATED.sha256"
