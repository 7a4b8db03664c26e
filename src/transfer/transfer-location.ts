/** The schemes the station transfers files over (SupportedFileTransferProtocols, SPEC-DIGEST §11.1, E3.88). */
export const transferProtocols = ["FTP", "HTTP", "HTTPS"] as const;

export type TransferScheme = "ftp" | "http" | "https";

/** A location of a file transfer: its URL with any `user:password@` kept apart, never shown. */
export type TransferLocation = {
  scheme: TransferScheme;
  /** Without credentials. */
  url: URL;
  credentials: { user: string; password: string } | undefined;
  /** For logs and diag: the URL with the credentials hidden. */
  shown: string;
};

/** The location, or why the station cannot use it (an unsupported scheme, no host, not a URL). */
export function parseLocation(text: string): { ok: true; location: TransferLocation } | { ok: false; reason: string } {
  if (!URL.canParse(text)) return { ok: false, reason: `not a URL: ${hideCredentials(text)}` };
  const url = new URL(text);
  const scheme = url.protocol.slice(0, -1).toLowerCase();
  if (scheme !== "ftp" && scheme !== "http" && scheme !== "https") {
    return { ok: false, reason: `unsupported scheme ${scheme}:// (SupportedFileTransferProtocols: ${transferProtocols.join(",")})` };
  }
  if (url.hostname === "") return { ok: false, reason: `no host in ${hideCredentials(text)}` };
  const credentials = url.username === "" && url.password === "" ? undefined : { user: decodeURIComponent(url.username), password: decodeURIComponent(url.password) };
  url.username = "";
  url.password = "";
  return { ok: true, location: { scheme, url, credentials, shown: credentials ? url.href.replace("://", "://(hidden)@") : url.href } };
}

/** Any `user:password@` in text that may be a URL, hidden: a location's credentials are never logged. */
export function hideCredentials(text: string): string {
  return text.replace(/(\w+:\/\/)[^/@\s]*@/g, "$1(hidden)@");
}

/** `<location>/<fileName>`: the file an upload goes to in the directory `location` names. */
export function fileInDirectory(location: URL, fileName: string): URL {
  const url = new URL(location.href);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/${encodeURIComponent(fileName)}`;
  return url;
}
