/** Zilliz Cloud import API v1 (regional controller): one data-folder URL per job. */
import type { TargetDescriptor } from "./types";
import { ZILLIZ_NEEDS, ZILLIZ_REQUEST_LIMITS, zillizCloudClients } from "./zillizCloud";

export const zillizV1: TargetDescriptor = {
  kind: "zilliz-v1",
  connections: ["zilliz"],
  needs: ZILLIZ_NEEDS("zilliz-v1"),
  isDefaultFor: () => false,
  fileRefs: "url",
  // v1 takes a single URL per job: the folder holding every staged file.
  fileGrouping: "dataFolder",
  requestLimits: ZILLIZ_REQUEST_LIMITS,
  sendsStorageCredentials: true,
  defaultControlPlaneUrl(region) {
    if (!region) return undefined;
    const { zillizV1ControlPlaneUrl } = require("../api/endpoints") as typeof import("../api/endpoints");
    return zillizV1ControlPlaneUrl({ region });
  },
  open(connection, kind) {
    const baseUrl = connection.controlPlaneUrl;
    if (!baseUrl)
      throw new Error(
        'api "zilliz-v1" needs connection.controlPlaneUrl (https://controller.api.<region>.zillizcloud.com)',
      );
    const { ZillizV1ImportApi } = require("../api/zillizV1") as typeof import("../api/zillizV1");
    return zillizCloudClients(connection, kind, (o) => new ZillizV1ImportApi({ ...o, baseUrl }));
  },
};
