/**
 * Renders generated.ts from the shape table: per resource the program-facing Args (pulumi.Input
 * wrapped), the provider's plain Inputs / Outputs, and the Output-typed properties merged into the
 * dynamic resource classes, each property with its doc line as JSDoc. Deterministic text in the
 * repo's format, so the unit test can compare it with the checked-in file.
 */
import { propertyJson, requiredAfterDefaults } from "./argsSchema";
import {
  type JsonSchema,
  type ObjectShape,
  type PropertyShape,
  RESOURCES,
  type ResourceShape,
  VALUE_SHAPES,
  type ValueShapeFile,
} from "./table";

type Wrap = "plain" | "input";

class Imports {
  readonly byModule = new Map<string, Set<string>>();
  add(module: string, name: string) {
    const set = this.byModule.get(module) ?? new Set<string>();
    set.add(name);
    this.byModule.set(module, set);
  }
}

function valueShape(file: string) {
  const v = VALUE_SHAPES[file as ValueShapeFile];
  if (!v) throw new Error(`$ref ${file} is not a value shape in VALUE_SHAPES`);
  return v;
}

/** TypeScript type of a JSON Schema fragment (the subset the table uses). */
function tsOfJson(s: JsonSchema, wrap: Wrap, imports: Imports): string {
  const inner = (t: string) => (wrap === "input" ? `pulumi.Input<${t}>` : t);
  if (typeof s.$ref === "string") {
    const v = valueShape(s.$ref);
    imports.add(`../../${v.module}`, v.ts);
    return v.ts;
  }
  if (Array.isArray(s.enum)) return s.enum.map((v) => JSON.stringify(v)).join(" | ");
  if (Array.isArray(s.type)) return s.type.map((t) => tsOfJson({ type: t }, "plain", imports)).join(" | ");
  switch (s.type) {
    case "string":
      return "string";
    case "number":
    case "integer":
      return "number";
    case "boolean":
      return "boolean";
    case "array":
      return `${inner(tsOfJson((s.items as JsonSchema) ?? {}, wrap, imports))}[]`;
    case "object": {
      const props = s.properties as Record<string, JsonSchema> | undefined;
      if (props) {
        const req = new Set((s.required as string[] | undefined) ?? []);
        const body = Object.entries(props)
          .map(([k, v]) => `${k}${req.has(k) ? "" : "?"}: ${inner(tsOfJson(v, wrap, imports))}`)
          .join("; ");
        return `{ ${body} }`;
      }
      const extra = s.additionalProperties;
      if (extra && typeof extra === "object")
        return `Record<string, ${inner(tsOfJson(extra as JsonSchema, wrap, imports))}>`;
      return "Record<string, unknown>";
    }
    default:
      throw new Error(`no TypeScript type for JSON Schema ${JSON.stringify(s)}`);
  }
}

/** The property's value type, plain or with pulumi.Input inside (arrays, maps, objects). */
function tsOf(p: PropertyShape, wrap: Wrap, imports: Imports): string {
  if (p.object) return wrap === "input" ? `${p.object.name}Args` : p.object.name;
  if (p.shape) {
    const v = valueShape(p.shape);
    imports.add(`../../${v.module}`, v.ts);
    return v.ts;
  }
  return tsOfJson(propertyJson(p), wrap, imports);
}

const doc = (text: string, indent = "  ") => `${indent}/** ${text.replace(/\*\//g, "*\\/")} */`;

function member(name: string, p: PropertyShape, optional: boolean, type: string, readonly = false): string {
  return `${doc(p.doc)}\n  ${readonly ? "readonly " : ""}${name}${optional ? "?" : ""}: ${type};`;
}

function objectShapes(): ObjectShape[] {
  const out: ObjectShape[] = [];
  for (const r of RESOURCES)
    for (const p of Object.values(r.inputs)) if (p.object && !out.includes(p.object)) out.push(p.object);
  return out;
}

function renderObject(o: ObjectShape, imports: Imports): string[] {
  const members = (wrap: Wrap) =>
    Object.entries(o.properties)
      .map(([k, p]) => {
        const t = tsOf(p, wrap, imports);
        return member(k, p, !p.required, wrap === "input" ? `pulumi.Input<${t}>` : t);
      })
      .join("\n");
  return [
    `/** ${o.name} as the provider sees it. */\nexport interface ${o.name} {\n${members("plain")}\n}`,
    `/** ${o.name} as a program gives it (values may be Outputs). */\nexport interface ${o.name}Args {\n${members("input")}\n}`,
  ];
}

function renderResource(r: ResourceShape, imports: Imports): string[] {
  const args = Object.entries(r.inputs)
    .map(([k, p]) => member(k, p, !p.required, p.argTs ?? `pulumi.Input<${tsOf(p, "input", imports)}>`))
    .join("\n");
  const inputs = [
    `${doc("The resource's name in the program (prefixes the provider's log lines).")}\n  resourceName?: string;`,
    ...Object.entries(r.inputs).map(([k, p]) =>
      member(k, p, !(requiredAfterDefaults(p) || p.derived), tsOf(p, "plain", imports)),
    ),
    ...Object.entries(r.outputs)
      .filter(([, p]) => p.by === "check")
      .map(([k, p]) => member(k, p, false, tsOf(p, "plain", imports))),
  ].join("\n");
  const outputs = Object.entries(r.outputs)
    .filter(([, p]) => p.by === "apply")
    .map(([k, p]) => member(k, p, false, tsOf(p, "plain", imports)))
    .join("\n");
  const properties = [...Object.entries(r.inputs), ...Object.entries(r.outputs)]
    .map(([k, p]) => member(k, p, false, `pulumi.Output<${tsOf(p, "plain", imports)}>`, true))
    .join("\n");
  return [
    `/** Arguments of ${r.name}: ${r.doc} */\nexport interface ${r.name}Args {\n${args}\n}`,
    `/** ${r.name} inputs as the provider sees them after check (defaults filled, check outputs computed). */\nexport interface ${r.name}Inputs {\n${inputs}\n}`,
    `/** ${r.name} outputs as the provider returns them (inputs included). */\nexport interface ${r.name}Outputs extends ${r.name}Inputs {\n${outputs}\n}`,
    `/** ${r.name}'s properties as Pulumi Outputs (merged into the resource class). */\nexport interface ${r.name}OutputProperties {\n${properties}\n}`,
  ];
}

export const GENERATED_FILE = "provider/resources/shapes/generated.ts";

/** The text of generated.ts. */
export function renderShapesTs(): string {
  const imports = new Imports();
  imports.add("@pulumi/pulumi", "* as pulumi");
  const blocks = [
    ...objectShapes().flatMap((o) => renderObject(o, imports)),
    ...RESOURCES.flatMap((r) => renderResource(r, imports)),
  ];
  const importLines = [...imports.byModule.entries()]
    .sort(([a], [b]) =>
      a.startsWith("@") === b.startsWith("@") ? a.localeCompare(b) : a.startsWith("@") ? -1 : 1,
    )
    .map(([m, names]) =>
      names.has("* as pulumi")
        ? `import type * as pulumi from "${m}";`
        : `import type { ${[...names].sort().join(", ")} } from "${m}";`,
    );
  return [
    "// Generated from provider/resources/shapes/table.ts by `npm run gen:shapes`: do not edit.",
    "// test/unit/resources/shapes.test.ts fails when this file is out of date.",
    ...importLines,
    "",
    blocks.join("\n\n"),
    "",
  ].join("\n");
}
