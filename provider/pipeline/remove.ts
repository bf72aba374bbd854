/**
 * Undoing an import (replace, destroy): remove the rows it owns, then its staged files, unless the
 * user chose to retain them. Safe to repeat: everything already gone is skipped.
 */
import type { ImportApiKind } from "../contracts";
import type { Collaborators } from "./deps";
import { removeOwnedRows } from "./ownership";
import type { ConnectionConfig, OwnershipMode, StagingConfig } from "./types";

export interface RemoveSpec {
  connection: ConnectionConfig;
  apiKind: ImportApiKind;
  dbName: string;
  collectionName: string;
  storage: StagingConfig;
  onDelete: "delete" | "retain";
  ownership: OwnershipMode;
  partition?: string;
  /** `<remotePath>/<identity>` */
  prefix: string;
}

export async function removeImport(spec: RemoveSpec, deps: Collaborators): Promise<string[]> {
  if (spec.onDelete === "retain") return ["onDelete is retain: rows and staged files kept"];
  const done: string[] = [];
  const target = deps.openTarget(spec.connection, spec.apiKind);
  const store = deps.openStore(spec.storage);
  try {
    done.push(await removeOwnedRows(target.collections, store, spec));
  } finally {
    await target.close().catch(() => {});
  }
  if (!spec.storage.keepFiles && spec.prefix) {
    const n = await store.deletePrefix(`${spec.prefix}/`);
    done.push(`deleted ${n} staged object(s) under ${spec.prefix}/`);
  }
  return done;
}
