/**
 * Milvus's naming rules for databases, collections, aliases, partitions, fields and indexes, in one
 * place: the CLI, the schema check, the resources' check, the local engine and the emulator all ask
 * here, so a name refused by one is refused by all, before anything is sent or created.
 *
 * Milvus's proxy checks (all versions): at most proxy.maxNameLength (255) bytes; first character a
 * letter or `_`; the rest letters, digits and `_`. Versions differ beyond that, and we take what all of
 * them accept: Milvus 2.3 also allows `$` after the first character of collection, alias and
 * partition names (2.4+ refuses it); 2.4+ allows partition names to start with a digit and contain `-`
 * (2.3 refuses both). Milvus trims surrounding spaces before checking some names but not others, so a
 * padded name is refused. Field names must not be filter-expression keywords, and `$meta` is the
 * dynamic field's. An index name may be empty (Milvus names the index after its field).
 */
import { LIMITS } from "./limits";

export type NameKind = "database" | "collection" | "alias" | "partition" | "field" | "index";

export type NameRule = "type" | "empty" | "spaces" | "length" | "first" | "chars" | "keyword";

export interface NameProblem {
  kind: NameKind;
  name: string;
  rule: NameRule;
  /** "collection name", "partition name", ... */
  label: string;
  /** What is wrong, phrased like Milvus's own message ("the first character of a field name must ..."). */
  message: string;
}

/** Words of Milvus's filter grammar that cannot be field names (exact casing, as Milvus lists them). */
const FIELD_KEYWORDS = new Set([
  "$meta",
  "like",
  "exists",
  "EXISTS",
  "and",
  "or",
  "not",
  "in",
  "json_contains",
  "JSON_CONTAINS",
  "json_contains_all",
  "JSON_CONTAINS_ALL",
  "json_contains_any",
  "JSON_CONTAINS_ANY",
  "array_contains",
  "ARRAY_CONTAINS",
  "array_contains_all",
  "ARRAY_CONTAINS_ALL",
  "array_contains_any",
  "ARRAY_CONTAINS_ANY",
  "array_length",
  "ARRAY_LENGTH",
  "true",
  "True",
  "TRUE",
  "false",
  "False",
  "FALSE",
  "text_match",
  "TEXT_MATCH",
  "phrase_match",
  "PHRASE_MATCH",
  "random_sample",
  "RANDOM_SAMPLE",
]);
/** Reserved in every casing. */
const FIELD_KEYWORDS_ANY_CASE = new Set(["like", "and", "or", "not", "in", "null"]);

const FIRST = /^[A-Za-z_]/;
const REST = /^[A-Za-z_][A-Za-z0-9_]*$/;

const LABEL: Record<NameKind, string> = {
  database: "database name",
  collection: "collection name",
  alias: "collection alias",
  partition: "partition name",
  field: "field name",
  index: "index name",
};

/** The first rule `name` breaks as a `kind` name, or undefined when every Milvus version accepts it. */
export function nameProblem(kind: NameKind, name: unknown): NameProblem | undefined {
  const label = LABEL[kind];
  const problem = (rule: NameRule, message: string): NameProblem => ({
    kind,
    name: String(name),
    rule,
    label,
    message,
  });
  if (typeof name !== "string") return problem("type", `a ${label} must be a string, got ${typeof name}`);
  if (name === "") return kind === "index" ? undefined : problem("empty", `a ${label} should not be empty`);
  if (name.trim() !== name) return problem("spaces", `a ${label} must not start or end with spaces`);
  const bytes = Buffer.byteLength(name, "utf8");
  if (bytes > LIMITS.nameMaxLength)
    return problem(
      "length",
      `the length of a ${label} must be at most ${LIMITS.nameMaxLength} characters, got ${bytes}`,
    );
  if (!FIRST.test(name))
    return problem("first", `the first character of a ${label} must be an underscore or letter`);
  if (!REST.test(name)) {
    const bad = [...name].find((c) => !/[A-Za-z0-9_]/.test(c))!;
    return problem(
      "chars",
      `a ${label} can only contain numbers, letters and underscores, found ${JSON.stringify(bad)}`,
    );
  }
  if (kind === "field" && (FIELD_KEYWORDS.has(name) || FIELD_KEYWORDS_ANY_CASE.has(name.toLowerCase())))
    return problem("keyword", `${name} is a keyword in Milvus and cannot be a field name`);
  return undefined;
}

export function isValidName(kind: NameKind, name: unknown): boolean {
  return nameProblem(kind, name) === undefined;
}

/** "invalid collection name '1coll': the first character ..." lines for every bad name given. */
export function nameProblems(names: Array<[NameKind, unknown]>): string[] {
  const out: string[] = [];
  for (const [kind, name] of names) {
    const p = nameProblem(kind, name);
    if (p) out.push(`invalid ${LABEL[kind]} ${JSON.stringify(p.name)}: ${p.message}`);
  }
  return out;
}
