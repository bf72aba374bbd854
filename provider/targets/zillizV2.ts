/** Zilliz Cloud import API v2 (global control plane): the default for a connection with a cluster id. */
import type { TargetDescriptor } from "./types";
import { ZILLIZ_NEEDS, ZILLIZ_REQUEST_LIMITS, zillizCloudClients } from "./zillizCloud";

export const zillizV2: TargetDescriptor = {
  kind: "zilliz-v2",
  connections: ["zilliz"],
  needs: ZILLIZ_NEEDS("zilliz-v2"),
  isDefaultFor: (c, kind) => kind === "zilliz" && !!c.clusterId,
  fileRefs: "url",
  fileGrouping: "perFile",
  requestLimits: ZILLIZ_REQUEST_LIMITS,
  sendsStorageCredentials: true,
  defaultControlPlaneUrl(region) {
    const { zillizV2ControlPlaneUrl } = require("../api/endpoints") as typeof import("../api/endpoints");
    return zillizV2ControlPlaneUrl({ region });
  },
  open(connection, kind) {
    const { ZillizV2ImportApi } = require("../api/zillizV2") as typeof import("../api/zillizV2");
    return zillizCloudClients(
      connection,
      kind,
      (o) => new ZillizV2ImportApi({ ...o, baseUrl: connection.controlPlaneUrl }),
    );
  },
};
