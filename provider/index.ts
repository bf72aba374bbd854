/**
 * Public surface of pulumi-milvus-import: the Pulumi resources, and the library they stand on
 * (usable without Pulumi). SDKs are loaded lazily inside the modules, so requiring the package is cheap.
 */

export * from "./api";
export * from "./bulkwriter";
export { sha256File } from "./bulkwriter";
export * as datasets from "./datasets/mediumArticles";
export * from "./engine";
export * from "./pipeline";
export * from "./resources";
export * from "./schema";
export type { SourceFormat } from "./sources";
export * from "./sources";
// Names defined in two modules: the owning module's wins.
export type { ObjectUrlInput } from "./storage";
export * from "./storage";
export * from "./validate";
