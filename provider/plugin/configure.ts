/**
 * Provider settings for the plugin. The @pulumi/pulumi provider server (3.259) answers Configure
 * itself and never hands the provider its config, so the settings (stack config milvusimport:<key>,
 * or an explicit provider's arguments) are read from the ConfigureRequest on its way in: the gRPC
 * server's addService is wrapped in this process before provider.main registers its service, and
 * the wrapped configure handler records the settings, then answers as before.
 */
import path from "node:path";
import { configure } from "../resources/common";
import { reveal } from "./secrets";

interface ConfigureRequest {
  getArgs(): { toJavaScript(): Record<string, unknown> } | undefined;
  getVariablesMap(): { forEach(cb: (value: string, key: string) => void): void };
}
type Handler = (call: { request: ConfigureRequest }, callback: unknown) => void;

/** Settings by key ("token"), from the request's args, else its variables ("milvusimport:config:token"). */
export function settingsOf(request: ConfigureRequest): Record<string, string> {
  const out: Record<string, string> = {};
  request.getVariablesMap().forEach((value, key) => {
    out[key.split(":").pop()!] = value;
  });
  const args = reveal(request.getArgs()?.toJavaScript() ?? {}).value as Record<string, unknown>;
  for (const [k, v] of Object.entries(args)) if (typeof v === "string" && v !== "") out[k] = v;
  return out;
}

export function captureConfigure(namespace: "milvusimport"): void {
  const serverModule = require.resolve("@pulumi/pulumi/provider/server");
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [path.dirname(serverModule)] }));
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service: unknown, impl: { configure?: Handler }) {
    const answer = impl.configure?.bind(impl);
    if (answer) {
      impl.configure = (call, callback) => {
        const settings = settingsOf(call.request);
        configure({ get: (key) => settings[key.slice(namespace.length + 1)] }, namespace);
        answer(call, callback);
      };
    }
    return addService.call(this, service, impl);
  };
}
