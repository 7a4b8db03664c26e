import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  // The core's tables, and each profile's own (src/profiles/<profile>/schema.ts).
  schema: ["./src/store/schema.ts", "./src/profiles/*/schema.ts"],
  out: "./migrations",
});
