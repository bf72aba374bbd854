/**
 * Public surface of pulumi-milvus-import: the Pulumi resources, and the library they stand on
 * (usable without Pulumi). SDKs are loaded lazily inside the modules, so requiring the package is cheap.
 */
export * from "./resources";
export * from "./schema";
export * from "./validate";
export * from "./sources";
export * from "./bulkwriter";
export * from "./storage";
export * from "./api";
export * from "./engine";
export * from "./pipeline";
export * as datasets from "./datasets/mediumArticles";
// Names defined in two modules: the owning module's wins.
export { type ObjectUrlInput } from "./storage";
export { sha256File } from "./bulkwriter";
export { type SourceFormat } from "./sources";
