/** Pulumi resources: Collection and ImportJob (dynamic providers). */
export { Collection, type CollectionArgs } from "./collection";
export { type CollectionRefArgs, ImportJob, type ImportJobArgs } from "./importJob";
