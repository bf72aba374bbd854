/**
 * `ImportJob`: a bulk import into a collection as a Pulumi resource — validated and hashed at preview,
 * content-addressed staging, an idempotent job, verified row counts, and owned rows that replace and
 * destroy remove. See importJobProvider.ts for the semantics.
 *
 * As in collection.ts, the serialized provider only requires the compiled library by package name.
 */
import * as pulumi from "@pulumi/pulumi";
import { Collection } from "./collection";
import type { CollectionRefArgs, ImportJobArgs, ImportJobOutputProperties } from "./shapes/generated";
import { IMPORT_JOB } from "./shapes/table";
import { pickInputs, secretProperties, unsetOutputs } from "./shapes/values";

export type { CollectionRefArgs, ImportJobArgs };

const importJobProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    require("pulumi-milvus-import/dist/provider/resources/common").configure(req.config);
  },
  check: (olds, news) =>
    require("pulumi-milvus-import/dist/provider/resources/importJobProvider").check(olds, news),
  diff: (id, olds, news) =>
    require("pulumi-milvus-import/dist/provider/resources/importJobProvider").diff(id, olds, news),
  create: (inputs) =>
    require("pulumi-milvus-import/dist/provider/resources/importJobProvider").create(inputs),
  read: (id, props) =>
    require("pulumi-milvus-import/dist/provider/resources/importJobProvider").read(id, props),
  update: (id, olds, news) =>
    require("pulumi-milvus-import/dist/provider/resources/importJobProvider").update(id, olds, news),
  delete: (id, props) =>
    require("pulumi-milvus-import/dist/provider/resources/importJobProvider").remove(id, props),
};

/** The ImportJob's outputs, declared once in the shape table (each with its doc line). */
export interface ImportJob extends ImportJobOutputProperties {}

/** A bulk import into a collection (see ImportJobArgs). */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface only types the outputs the engine sets
export class ImportJob extends pulumi.dynamic.Resource {
  constructor(name: string, args: ImportJobArgs, opts?: pulumi.CustomResourceOptions) {
    const c = args.collection;
    const collection =
      c instanceof Collection
        ? pulumi.output({ name: c.name, dbName: c.dbName, connection: c.connection, schema: c.schema })
        : c;
    super(
      importJobProvider,
      name,
      { resourceName: name, ...pickInputs(IMPORT_JOB, args), collection, ...unsetOutputs(IMPORT_JOB) },
      pulumi.mergeOptions({ additionalSecretOutputs: secretProperties(IMPORT_JOB) }, opts),
      "milvus",
      "ImportJob",
    );
  }
}

/** The provider object (for serialization tests). */
export const __importJobProvider = importJobProvider;
