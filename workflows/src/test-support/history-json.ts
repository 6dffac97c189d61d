import { createRequire } from 'node:module';
import type { History } from '@temporalio/common/lib/proto-utils';
import * as proto from '@temporalio/proto';
import { patchProtobufRoot } from '@temporalio/proto/lib/patch-protobuf-root';

/*
 * Saved histories are proto3 JSON, the format `temporal workflow show --output json` writes and every
 * SDK's replayer reads. We do not call historyToJSON/historyFromJSON from @temporalio/common: in
 * this install (SDK 1.24.0) @temporalio/common and @temporalio/proto each carry their own copy of
 * protobufjs, so common's protojson rejects proto's types ("type must be a Type"). We use the
 * protojson of the very protobufjs copy @temporalio/proto was built with.
 */
interface ProtoJson {
  toJson(type: unknown, message: unknown): unknown;
  fromJson(type: unknown, json: unknown, options?: { ignoreUnknownFields?: boolean }): History;
}
const protojson = createRequire(require.resolve('@temporalio/proto'))('protobufjs/ext/protojson') as ProtoJson;
const historyType = (patchProtobufRoot(proto) as unknown as { lookupType(name: string): unknown }).lookupType(
  'temporal.api.history.v1.History',
);

export function historyToJson(history: History): string {
  return `${JSON.stringify(protojson.toJson(historyType, proto.temporal.api.history.v1.History.fromObject(history)), null, 2)}\n`;
}

/** A History the replayer accepts as is (event ids as Longs, not strings). */
export function historyFromJson(text: string): History {
  return protojson.fromJson(historyType, JSON.parse(text), { ignoreUnknownFields: true });
}
