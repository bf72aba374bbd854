/**
 * The columns one import file (or NumPy group) produced, before they are committed as a segment.
 * Holds every input field of the schema plus `$meta` when the dynamic field is on; an auto_id primary
 * key is generated at commit time, not read.
 */
import { inputFields } from "../schema/fields";
import { type CollectionSchema, DYNAMIC_FIELD, type FieldSchema } from "../schema/types";
import type { FileProblem, ProblemList } from "./errors";
import type { StoredValue } from "./values";

export interface Batch {
  rowCount: number;
  columns: Map<string, StoredValue[]>;
}

export interface ReaderOptions {
  /** Keys/columns not in the schema while the dynamic field is off: Milvus ≤2.5 rejects, 2.6+ ignores. */
  extraFields: "reject" | "ignore";
  /** CSV separator (a single character) and null token, from the import request options. */
  csvSep: string;
  csvNullKey: string;
}

export const DEFAULT_READER_OPTIONS: ReaderOptions = { extraFields: "reject", csvSep: ",", csvNullKey: "" };

export interface ReadContext {
  schema: CollectionSchema;
  /** Name used in messages: the object key or URL. */
  file: string;
  problems: ProblemList;
  options: ReaderOptions;
}

export function batchFields(schema: CollectionSchema): FieldSchema[] {
  return inputFields(schema);
}

export class BatchBuilder {
  readonly columns = new Map<string, StoredValue[]>();
  rowCount = 0;
  private readonly names: string[];
  constructor(schema: CollectionSchema) {
    this.names = batchFields(schema).map((f) => f.name);
    if (schema.enableDynamicField) this.names.push(DYNAMIC_FIELD);
    for (const n of this.names) this.columns.set(n, []);
  }
  addRow(row: Map<string, StoredValue>): void {
    for (const n of this.names) (this.columns.get(n) as StoredValue[]).push(row.get(n) ?? null);
    this.rowCount++;
  }
  build(): Batch {
    return { rowCount: this.rowCount, columns: this.columns };
  }
}

export function problem(ctx: ReadContext, p: Omit<FileProblem, "file">): void {
  ctx.problems.add({ file: ctx.file, ...p });
}
