import {
  buildObjectUrl,
  objectUrlScheme,
  parseClusterEndpoint,
  siteOfRegion,
  zillizV1ControlPlaneUrl,
  zillizV2ControlPlaneUrl,
} from "../../../provider/api/endpoints";

describe("control-plane URLs", () => {
  test("v1 global host per region", () => {
    expect(zillizV1ControlPlaneUrl({ region: "gcp-us-west1" })).toBe(
      "https://controller.api.gcp-us-west1.zillizcloud.com",
    );
    expect(zillizV1ControlPlaneUrl({ region: "AWS-us-west-2" })).toBe(
      "https://controller.api.aws-us-west-2.zillizcloud.com",
    );
  });
  test("v1 China host: seed form by default, newer short form on request", () => {
    expect(siteOfRegion("ali-cn-hangzhou")).toBe("china");
    expect(siteOfRegion("tc-ap-beijing")).toBe("china");
    expect(siteOfRegion("aws-us-east-1")).toBe("global");
    expect(zillizV1ControlPlaneUrl({ region: "ali-cn-hangzhou" })).toBe(
      "https://controller.api.ali-cn-hangzhou.cloud.zilliz.com.cn",
    );
    expect(zillizV1ControlPlaneUrl({ region: "ali-cn-hangzhou", chinaV1Host: "short" })).toBe(
      "https://controller.api.ali-cn-hangzhou.zilliz.com.cn",
    );
  });
  test("v2 hosts are region-less", () => {
    expect(zillizV2ControlPlaneUrl()).toBe("https://api.cloud.zilliz.com");
    expect(zillizV2ControlPlaneUrl({ region: "ali-cn-hangzhou" })).toBe("https://api.cloud.zilliz.com.cn");
    expect(zillizV2ControlPlaneUrl({ site: "china" })).toBe("https://api.cloud.zilliz.com.cn");
  });
  test("a malformed region is rejected with the expected shape", () => {
    expect(() => zillizV1ControlPlaneUrl({ region: "us west/1" })).toThrow(
      /expected an id like aws-us-west-2/,
    );
  });
});

describe("cluster endpoint parsing", () => {
  test("dedicated endpoints", () => {
    expect(parseClusterEndpoint("https://in03-5f2a9c1e7b3d4a0.api.gcp-us-west1.zillizcloud.com")).toEqual({
      clusterId: "in03-5f2a9c1e7b3d4a0",
      region: "gcp-us-west1",
      cloud: "gcp",
      site: "global",
    });
    expect(
      parseClusterEndpoint("in01-abcdef0123456789.aws-us-east-2.vectordb.zillizcloud.com:19530"),
    ).toMatchObject({
      clusterId: "in01-abcdef0123456789",
      region: "aws-us-east-2",
      cloud: "aws",
    });
    expect(
      parseClusterEndpoint("https://in01-0123456789abcde.ali-cn-hangzhou.vectordb.zilliz.com.cn:19530"),
    ).toMatchObject({
      cloud: "ali",
      site: "china",
    });
    expect(
      parseClusterEndpoint("https://in05-0123456789abcde.az-eastus.vectordb.zillizcloud.com"),
    ).toMatchObject({ cloud: "azure" });
  });
  test("endpoints without a cluster id fail with a useful message", () => {
    expect(() => parseClusterEndpoint("http://127.0.0.1:19530")).toThrow(
      /cannot derive a cluster id .*pass clusterId and region explicitly/,
    );
  });
});

describe("object URLs per cloud", () => {
  test("schemes", () => {
    expect(objectUrlScheme("gcp")).toBe("gs");
    expect(objectUrlScheme("aws")).toBe("s3");
    expect(objectUrlScheme("ali")).toBe("oss");
    expect(objectUrlScheme("azure")).toBe("https");
  });
  test("builders", () => {
    expect(buildObjectUrl({ cloud: "gcp", bucket: "b", key: "/data/1/" })).toBe("gs://b/data/1/");
    expect(buildObjectUrl({ cloud: "aws", bucket: "b", key: "x.parquet" })).toBe("s3://b/x.parquet");
    expect(buildObjectUrl({ cloud: "ali", bucket: "b", key: "d/" })).toBe("oss://b/d/");
    expect(buildObjectUrl({ cloud: "azure", bucket: "c", key: "f/", azureAccount: "acct" })).toBe(
      "https://acct.blob.core.windows.net/c/f/",
    );
    expect(buildObjectUrl({ cloud: "tencent", bucket: "b-125", key: "k", cosRegion: "ap-beijing" })).toBe(
      "https://b-125.cos.ap-beijing.myqcloud.com/k",
    );
    expect(() => buildObjectUrl({ cloud: "azure", bucket: "c", key: "f" })).toThrow(/azureAccount/);
  });
});
