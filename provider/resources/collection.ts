/**
 * `Collection`: a Milvus / Zilliz Cloud / local-engine collection as a Pulumi resource.
 *
 * The provider object below is serialized into state: its methods only `require` the package's
 * compiled library by package name at run time (the provider process resolves modules from the Pulumi
 * program's directory) and capture no values, so no credential and no library code lands in state.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionConfig } from "../pipeline/types";
import type { CollectionSchema, IndexSpec } from "../schema/types";

export interface CollectionArgs {
  /** Where the collection lives: { localDir } (embedded engine), { uri, token } (Milvus) or { endpoint, apiKey, clusterId } (Zilliz Cloud). Credentials may also come from stack config (milvus-import:token / milvus-import:apiKey) or env (MILVUS_TOKEN / ZILLIZ_API_KEY). */
  connection: pulumi.Input<ConnectionConfig>;
  /** Database (default "default"). Changing it replaces the collection. */
  dbName?: pulumi.Input<string>;
  /** Collection name. Changing it replaces the collection. */
  name: pulumi.Input<string>;
  /** The schema model (pymilvus type names; Milvus REST names accepted). Any change replaces the collection (compared by fingerprint). */
  schema: pulumi.Input<CollectionSchema>;
  /** Indexes (default: AUTOINDEX on each vector field). Updated in place. */
  indexes?: pulumi.Input<pulumi.Input<IndexSpec>[]>;
  /** Keep the collection loaded (default true). Updated in place. */
  load?: pulumi.Input<boolean>;
  description?: pulumi.Input<string>;
  properties?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

const collectionProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    require("pulumi-milvus-import/dist/provider/resources/common").configure(req.config);
  },
  check: (olds, news) =>
    require("pulumi-milvus-import/dist/provider/resources/collectionProvider").check(olds, news),
  diff: (id, olds, news) =>
    require("pulumi-milvus-import/dist/provider/resources/collectionProvider").diff(id, olds, news),
  create: (inputs) =>
    require("pulumi-milvus-import/dist/provider/resources/collectionProvider").create(inputs),
  read: (id, props) =>
    require("pulumi-milvus-import/dist/provider/resources/collectionProvider").read(id, props),
  update: (id, olds, news) =>
    require("pulumi-milvus-import/dist/provider/resources/collectionProvider").update(id, olds, news),
  delete: (id, props) =>
    require("pulumi-milvus-import/dist/provider/resources/collectionProvider").remove(id, props),
};

export class Collection extends pulumi.dynamic.Resource {
  declare readonly connection: pulumi.Output<ConnectionConfig>;
  declare readonly dbName: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly schema: pulumi.Output<CollectionSchema>;
  declare readonly schemaFingerprint: pulumi.Output<string>;
  declare readonly indexes: pulumi.Output<IndexSpec[]>;
  declare readonly load: pulumi.Output<boolean>;
  declare readonly description: pulumi.Output<string>;
  declare readonly properties: pulumi.Output<Record<string, string>>;
  declare readonly loadState: pulumi.Output<string>;
  declare readonly adopted: pulumi.Output<boolean>;

  constructor(name: string, args: CollectionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      collectionProvider,
      name,
      {
        resourceName: name,
        connection: args.connection,
        dbName: args.dbName,
        name: args.name,
        schema: args.schema,
        indexes: args.indexes,
        load: args.load,
        description: args.description,
        properties: args.properties,
        schemaFingerprint: undefined,
        loadState: undefined,
        adopted: undefined,
      },
      pulumi.mergeOptions({ additionalSecretOutputs: ["connection"] }, opts),
      "milvus",
      "Collection",
    );
  }
}

/** The provider object (for serialization tests). */
export const __collectionProvider = collectionProvider;
