/**
 * `Echo`: the smallest dynamic resource of the package. It proves the dynamic-provider path end to
 * end (serialization, create/update/diff/read/delete under the real engine) independently of any
 * Milvus target, and doubles as a connectivity probe in user stacks.
 */
import * as pulumi from "@pulumi/pulumi";

export interface EchoArgs {
  /** Any JSON value; echoed back as `value`. */
  value: pulumi.Input<unknown>;
}

interface EchoInputs {
  value: unknown;
}

interface EchoOutputs extends EchoInputs {
  /** SHA-256 of the canonical JSON of `value`, computed by the provider. */
  digest: string;
}

// Node's crypto is required inside methods: the provider object is serialized into state and must
// not capture module objects by value.
const echoProvider: pulumi.dynamic.ResourceProvider<EchoInputs, EchoOutputs> = {
  async create(inputs) {
    const { createHash } = require("node:crypto") as typeof import("node:crypto");
    const digest = createHash("sha256")
      .update(JSON.stringify(inputs.value ?? null))
      .digest("hex");
    return { id: digest.slice(0, 16), outs: { value: inputs.value ?? null, digest } };
  },
  async diff(_id, olds, news) {
    const changed = JSON.stringify(olds.value ?? null) !== JSON.stringify(news.value ?? null);
    return { changes: changed };
  },
  async update(_id, _olds, news) {
    const { createHash } = require("node:crypto") as typeof import("node:crypto");
    const digest = createHash("sha256")
      .update(JSON.stringify(news.value ?? null))
      .digest("hex");
    return { outs: { value: news.value ?? null, digest } };
  },
  async read(id, props) {
    return { id, props: props! };
  },
  async delete() {},
};

export class Echo extends pulumi.dynamic.Resource {
  declare readonly value: pulumi.Output<unknown>;
  declare readonly digest: pulumi.Output<string>;

  constructor(name: string, args: EchoArgs, opts?: pulumi.CustomResourceOptions) {
    super(echoProvider, name, { value: args.value, digest: undefined }, opts, "milvus", "Echo");
  }
}
