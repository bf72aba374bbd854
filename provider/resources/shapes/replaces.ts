/**
 * Which properties a diff replaces on, from the shape table's replaceOnChange marks. Each provider
 * says how a property is compared when plain equality is wrong (a connection by its address, a schema
 * by its fingerprint, storage by its location); everything else compares as canonical JSON.
 */
import { stableStringify } from "../../schema/fingerprint";
import type { ResourceShape } from "./table";

export type CompareKey<T> = (props: T) => unknown;

/** Names of the marked inputs and check-outputs whose compared value differs, in table order. */
export function replacedProperties<O extends object, N extends object>(
  shape: ResourceShape,
  olds: O,
  news: N,
  compareBy: Partial<Record<string, CompareKey<O | N>>> = {},
): string[] {
  const marked = [...Object.entries(shape.inputs), ...Object.entries(shape.outputs)].filter(
    ([, p]) => p.replaceOnChange,
  );
  return marked
    .filter(([k, p]) => {
      const key = compareBy[k] ?? ((v: O | N) => (v as Record<string, unknown>)[k] ?? p.default ?? null);
      return stableStringify(key(olds)) !== stableStringify(key(news));
    })
    .map(([k]) => k);
}

/** Names of the inputs that are not replace-on-change (updated in place or settings only). */
export function inPlaceInputs(shape: ResourceShape): string[] {
  return Object.entries(shape.inputs)
    .filter(([, p]) => !p.replaceOnChange)
    .map(([k]) => k);
}
