/** API layer: HTTP transport, the three API clients, typed errors, the waiter and endpoint helpers. */

export * from "./backoff";
export * from "./endpoints";
export * from "./errorCodes";
export * from "./errors";
export * from "./factory";
export * from "./http";
export * from "./jobModel";
export * from "./milvusV2";
export * from "./rateLimiter";
export * from "./redact";
export * from "./schemaMapping";
export * from "./types";
export * from "./waiter";
export * from "./zillizV1";
export * from "./zillizV2";
