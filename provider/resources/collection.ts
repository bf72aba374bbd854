/**
 * `Collection`: a Milvus / Zilliz Cloud / local-engine collection as a Pulumi resource.
 *
 * The provider object below is serialized into state: its methods only `require` the package's
 * compiled library by package name at run time (the provider process resolves modules from the Pulumi
 * program's directory) and capture no values, so no credential and no library code lands in state.
 */
import * as pulumi from "@pulumi/pulumi";
import type { CollectionArgs, CollectionOutputProperties } from "./shapes/generated";
import { COLLECTION } from "./shapes/table";
import { pickInputs, secretProperties, unsetOutputs } from "./shapes/values";

export type { CollectionArgs };

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

/** The Collection's outputs, declared once in the shape table (each with its doc line). */
export interface Collection extends CollectionOutputProperties {}

/** A Milvus / Zilliz Cloud / embedded-engine collection (see CollectionArgs). */
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface only types the outputs the engine sets
export class Collection extends pulumi.dynamic.Resource {
  constructor(name: string, args: CollectionArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      collectionProvider,
      name,
      { resourceName: name, ...pickInputs(COLLECTION, args), ...unsetOutputs(COLLECTION) },
      pulumi.mergeOptions({ additionalSecretOutputs: secretProperties(COLLECTION) }, opts),
      "milvus",
      "Collection",
    );
  }
}

/** The provider object (for serialization tests). */
export const __collectionProvider = collectionProvider;
