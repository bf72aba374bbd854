/**
 * Secret values on the provider plugin's wire. The plugin accepts secrets (the @pulumi/pulumi
 * provider server says so in Configure), so the engine sends them wrapped in a signature object and
 * keeps secret only what the plugin returns wrapped. The shared Collection/ImportJob logic works on
 * plain values: the plugin unwraps on the way in and wraps on the way out every top-level property
 * that arrived secret or that the shape table marks secret.
 */
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export type Props = Record<string, unknown>;

const isSecret = (v: unknown): v is { value: unknown } =>
  typeof v === "object" && v !== null && (v as Props)[SIG] === SECRET_SIG;

export const secret = (value: unknown) => ({ [SIG]: SECRET_SIG, value });

/** A value with every secret wrapper removed, and whether it held one. */
export function reveal(v: unknown): { value: unknown; hadSecret: boolean } {
  if (isSecret(v)) return { value: reveal(v.value).value, hadSecret: true };
  if (Array.isArray(v)) {
    const items = v.map(reveal);
    return { value: items.map((i) => i.value), hadSecret: items.some((i) => i.hadSecret) };
  }
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Props).map(([k, x]) => [k, reveal(x)] as const);
    return {
      value: Object.fromEntries(entries.map(([k, r]) => [k, r.value])),
      hadSecret: entries.some(([, r]) => r.hadSecret),
    };
  }
  return { value: v, hadSecret: false };
}

/** Plain properties and the names of the top-level properties that held a secret. */
export function revealProps(props: Props | undefined): { plain: Props; secretKeys: Set<string> } {
  const plain: Props = {};
  const secretKeys = new Set<string>();
  for (const [k, v] of Object.entries(props ?? {})) {
    const r = reveal(v);
    plain[k] = r.value;
    if (r.hadSecret) secretKeys.add(k);
  }
  return { plain, secretKeys };
}

/** The properties with each named one (when present) wrapped as a secret. */
export function concealProps(props: Props, keys: Iterable<string>): Props {
  const out = { ...props };
  for (const k of keys) if (out[k] !== undefined) out[k] = secret(out[k]);
  return out;
}
