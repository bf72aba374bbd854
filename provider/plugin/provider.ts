/**
 * The milvusimport provider plugin: Collection and ImportJob served through @pulumi/pulumi/provider
 * for every Pulumi language. check/diff/create/read/update/delete are the same functions the
 * TypeScript dynamic resources call (resources/*Provider.ts); this front end only maps resource
 * types, takes the resource name from the URN, and handles secret wrappers (secrets.ts).
 */
import type * as pulumiProvider from "@pulumi/pulumi/provider";
import * as collection from "../resources/collectionProvider";
import * as importJob from "../resources/importJobProvider";
import { COLLECTION, IMPORT_JOB, type ResourceShape } from "../resources/shapes/table";
import { secretProperties } from "../resources/shapes/values";
import { PACKAGE, packageSchema, packageVersion } from "./packageSchema";
import { concealProps, type Props, revealProps } from "./secrets";

/** What both resource modules export (their own input/output types are erased at this boundary). */
interface ResourceImpl {
  check(
    olds: Props | undefined,
    news: Props,
  ): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(id: string, olds: never, news: never): Promise<pulumiProvider.DiffResult>;
  create(inputs: never): Promise<{ id: string; outs: object }>;
  read(id: string, props: never): Promise<{ id: string; props: object; inputs?: object }>;
  update(id: string, olds: never, news: never): Promise<{ outs: object }>;
  remove(id: string, props: never): Promise<void>;
}

const RESOURCES: Record<string, { shape: ResourceShape; impl: ResourceImpl }> = {
  [`${PACKAGE}:index:${COLLECTION.name}`]: { shape: COLLECTION, impl: collection as unknown as ResourceImpl },
  [`${PACKAGE}:index:${IMPORT_JOB.name}`]: { shape: IMPORT_JOB, impl: importJob as unknown as ResourceImpl },
};

/** urn:pulumi:<stack>::<project>::<parent types $>type::<name> */
function parseUrn(urn: string): { type: string; name: string } {
  const parts = urn.split("::");
  return { type: parts[2]?.split("$").pop() ?? "", name: parts.slice(3).join("::") };
}

function resourceFor(urn: string) {
  const { type, name } = parseUrn(urn);
  const r = RESOURCES[type];
  if (!r)
    throw new Error(
      `unknown resource type ${type} (this provider serves ${Object.keys(RESOURCES).join(", ")})`,
    );
  return { ...r, name };
}

/** Secret on the way out: the table's secret properties and whatever arrived secret. */
const secretKeys = (shape: ResourceShape, arrived: Set<string>) =>
  new Set([...secretProperties(shape), ...arrived]);

/** A partial-failure error (created but not finished) keeps its state; its properties are wrapped too. */
function concealError(e: unknown, keys: Set<string>): unknown {
  const err = e as { id?: string; properties?: Props };
  if (err && typeof err === "object" && err.id && err.properties)
    return { ...err, message: (e as Error).message, properties: concealProps(err.properties, keys) };
  return e;
}

export function milvusImportProvider(): pulumiProvider.Provider {
  return {
    version: packageVersion(),
    getSchema: async () => JSON.stringify(packageSchema()),

    async check(urn, olds, news) {
      const { shape, impl, name } = resourceFor(urn);
      const n = revealProps(news);
      const r = await impl.check(revealProps(olds).plain, { ...n.plain, resourceName: name });
      return { inputs: concealProps(r.inputs, secretKeys(shape, n.secretKeys)), failures: r.failures };
    },

    async diff(id, urn, olds, news) {
      const { impl } = resourceFor(urn);
      return impl.diff(id, revealProps(olds).plain as never, revealProps(news).plain as never);
    },

    async create(urn, inputs) {
      const { shape, impl } = resourceFor(urn);
      const n = revealProps(inputs);
      const keys = secretKeys(shape, n.secretKeys);
      try {
        const r = await impl.create(n.plain as never);
        return { id: r.id, outs: concealProps(r.outs as Props, keys) };
      } catch (e) {
        throw concealError(e, keys);
      }
    },

    async read(id, urn, props) {
      const { shape, impl } = resourceFor(urn);
      const p = revealProps(props);
      const keys = secretKeys(shape, p.secretKeys);
      const r = await impl.read(id, p.plain as never);
      return {
        id: r.id,
        props: concealProps(r.props as Props, keys),
        ...(r.inputs ? { inputs: concealProps(r.inputs as Props, keys) } : {}),
      };
    },

    async update(id, urn, olds, news) {
      const { shape, impl } = resourceFor(urn);
      const n = revealProps(news);
      const keys = secretKeys(shape, new Set([...n.secretKeys, ...revealProps(olds).secretKeys]));
      try {
        const r = await impl.update(id, revealProps(olds).plain as never, n.plain as never);
        return { outs: concealProps(r.outs as Props, keys) };
      } catch (e) {
        throw concealError(e, keys);
      }
    },

    async delete(id, urn, props) {
      const { impl } = resourceFor(urn);
      await impl.remove(id, revealProps(props).plain as never);
    },
  };
}
