import { defineConfig } from "prisma/config";

// Prisma 7 does not read .env; the URL is only needed by Prisma's own migrate commands.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
