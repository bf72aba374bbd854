/** Public surface of pulumi-milvus-import. Modules are re-exported as they land. */
export * from "./schema/types";
export type * from "./storage/types";
export type * from "./api/types";
export type * from "./bulkwriter/manifest";
export { Echo, type EchoArgs } from "./resources/echo";
