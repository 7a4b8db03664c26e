/**
 * basic-ftp, loaded at the first FTP transfer instead of with the firmware (issue 18: start-up
 * time and idle memory); `require` keeps the callers as they are.
 */
import type * as BasicFtp from "basic-ftp";

let library: typeof BasicFtp | undefined;

export function basicFtp(): typeof BasicFtp {
  library ??= require("basic-ftp") as typeof BasicFtp;
  return library;
}
