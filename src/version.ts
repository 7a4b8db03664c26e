import packageJson from "../package.json" with { type: "json" };

declare const BUILD_COMMIT: string | undefined;

/** The firmware version reported in BootNotification, `--version` and diag. */
export const firmwareVersion: string = packageJson.version;
/** The commit the executable was built from; "source" when run with `bun src/main.ts`. */
export const buildCommit: string = typeof BUILD_COMMIT === "string" ? BUILD_COMMIT : "source";
