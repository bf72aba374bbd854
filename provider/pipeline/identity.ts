/**
 * Content addressing: the identity of an import is the SHA-256 of everything that decides which rows
 * land where — schema fingerprint, data hash, writer options, target and trigger. Same inputs give the
 * same identity: no diff, no re-upload, no second import.
 */
import { createHash } from "node:crypto";
import { stableStringify } from "../schema/fingerprint";
import type { HashedFile, PreparedObject, WriterOptions } from "./types";

const IDENTITY_VERSION = 1;

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** Hash of local source files: their contents in order plus the declared source format. */
export function filesDataHash(files: HashedFile[], format: string | undefined): string {
  return sha256Hex(
    stableStringify({ kind: "files", format: format ?? "auto", files: files.map((f) => f.sha256) }),
  );
}

/** Hash of inline rows: their canonical JSON (bigint as decimal strings, keys sorted). */
export function rowsDataHash(rows: unknown[]): string {
  return sha256Hex(stableStringify({ kind: "rows", rows }));
}

/** Hash of prepared objects: URLs plus what the store says about their content. */
export function objectsDataHash(objects: PreparedObject[]): string {
  return sha256Hex(
    stableStringify({
      kind: "objects",
      objects: objects.map((o) => ({ url: o.url, size: o.size, etag: o.etag ?? "", sha256: o.sha256 ?? "" })),
    }),
  );
}

export interface IdentityParts {
  schemaFingerprint: string;
  dataHash: string;
  writer: WriterOptions;
  /** Target without credentials: connection address, db, collection, user partition, api kind. */
  target: { address: string; apiKind: string; dbName: string; collectionName: string; partition?: string };
  trigger?: string;
}

export function computeIdentity(parts: IdentityParts): string {
  return sha256Hex(stableStringify({ v: IDENTITY_VERSION, ...parts, trigger: parts.trigger ?? "" }));
}

/** Name of the partition an import owns: valid Milvus name, stable per identity. */
export function ownedPartitionName(identity: string): string {
  return `imp_${identity.slice(0, 16)}`;
}
