/** Pulumi resources: Collection and ImportJob (dynamic providers), plus the Echo smoke resource. */
export { Collection, type CollectionArgs } from "./collection";
export { Echo, type EchoArgs } from "./echo";
export { type CollectionRefArgs, ImportJob, type ImportJobArgs } from "./importJob";
