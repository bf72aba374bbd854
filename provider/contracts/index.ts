/**
 * The interfaces below the clients: what an import target and a connection are, independent of any
 * client. api/, engine/, targets/ and pipeline/ depend on these; these depend on nothing but schema types.
 */
export * from "./collections";
export * from "./connection";
export * from "./imports";
