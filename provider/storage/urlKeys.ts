/** Keys in https object URLs: each path segment percent-encoded (the s3://, gs://, oss:// forms keep keys raw). */
export const encodeKey = (key: string) => key.split("/").map(encodeURIComponent).join("/");
export const decodeKey = (p: string) => p.split("/").map(decodeURIComponent).join("/");
