import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, withDatabaseRetry } from "./errors";

describe("isDatabaseUnavailable", () => {
  it.each([
    [{ code: "ECONNREFUSED" }],
    [{ code: "57P01", message: "terminating connection due to administrator command" }],
    [new Error("Connection terminated unexpectedly")],
    [{ message: "wrapped", cause: { cause: { code: "ECONNRESET" } } }],
    // As Prisma reports a server that is restarting (seen in the database-fault suite).
    [new Error("Invalid `prisma.user.findUnique()` invocation:\n\nDatabase error. Code: `57P03`. Message: `the database system is shutting down`")],
    [new Error("Raw query failed. Code: `57P03`. Message: `the database system is starting up`")],
    [new Error("Raw query failed. Code: `N/A`. Message: `Server has closed the connection.`")],
  ])("recognizes %o", (error) => expect(isDatabaseUnavailable(error)).toBe(true));

  it.each([[{ code: "23505" }], [new Error("unique constraint failed")], [new Error("Raw query failed. Code: `23505`. Message: `duplicate key`")], [null], ["ECONNREFUSED"]])(
    "leaves other errors alone: %o",
    (error) => expect(isDatabaseUnavailable(error)).toBe(false),
  );
});

describe("withDatabaseRetry", () => {
  it("retries while the database is unreachable, then succeeds", async () => {
    let calls = 0;
    const result = await withDatabaseRetry(async () => {
      calls++;
      if (calls < 3) throw Object.assign(new Error("down"), { code: "ECONNREFUSED" });
      return "ok";
    });
    expect(result).toBe("ok");
    expect(calls).toBe(3);
  });

  it("does not retry other errors", async () => {
    let calls = 0;
    await expect(
      withDatabaseRetry(async () => {
        calls++;
        throw new Error("constraint");
      }),
    ).rejects.toThrow("constraint");
    expect(calls).toBe(1);
  });

  it("gives up after the deadline", async () => {
    await expect(
      withDatabaseRetry(
        async () => {
          throw Object.assign(new Error("down"), { code: "ECONNREFUSED" });
        },
        { maxWaitMs: 300 },
      ),
    ).rejects.toThrow("down");
  });
});
