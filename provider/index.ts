/**
 * Public surface of pulumi-milvus-import: the Pulumi resources, and the library they stand on
 * (usable without Pulumi). SDKs are loaded lazily inside the modules, so requiring the package is cheap.
 */

export * from "./api";
export * from "./bulkwriter";
export * as datasets from "./datasets/mediumArticles";
export * from "./engine";
export * from "./pipeline";
export * from "./resources";
export * from "./schema";
export * from "./sources";
export * from "./storage";
export * from "./validate";
