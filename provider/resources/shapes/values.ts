/** Runtime views of the shape table that the dynamic resource classes and the plugin share. */
import type { ResourceShape } from "./table";

/** The program's arguments restricted to the declared inputs (unknown keys are not sent). */
export function pickInputs(shape: ResourceShape, args: object): Record<string, unknown> {
  const a = args as Record<string, unknown>;
  return Object.fromEntries(Object.keys(shape.inputs).map((k) => [k, a[k]]));
}

/** Every output-only property set to undefined: the engine then fills them from the provider's outputs. */
export function unsetOutputs(shape: ResourceShape): Record<string, undefined> {
  return Object.fromEntries(Object.keys(shape.outputs).map((k) => [k, undefined]));
}

/** Properties that hold credentials and stay secret in state. */
export function secretProperties(shape: ResourceShape): string[] {
  return [...Object.entries(shape.inputs), ...Object.entries(shape.outputs)]
    .filter(([, p]) => p.secret)
    .map(([k]) => k);
}
