/** Programmatic entry of the emulator (tests, dry runs). */

export type { ApiKeyConfig, ClusterConfig } from "./cloudCommon";
export type { FaultConfig, RequestFault } from "./faults";
export {
  DEFAULT_CLUSTER,
  type EmulatorOptions,
  type MountConfig,
  type RunningEmulator,
  startEmulator,
} from "./server";
