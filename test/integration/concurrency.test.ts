import { describe, expect, it } from "vitest";
import { CLERK } from "./users.js";
import { call, validOutfall } from "./client.js";

describe("optimistic concurrency", () => {
  it("20 parallel PATCHes at the same version: exactly 1 succeeds, 19 conflict, history gains one entry", async () => {
    // Prepare
    const record = (await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall() })).body;
    // Act
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call("PATCH", `/v1/outfalls/${record.id}`, { as: CLERK, body: { sizeMm: String(1000 + i) }, headers: { "if-match": "1" } }),
      ),
    );
    // Assess
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winner = replies.find((r) => r.status === 200)!.body;
    for (const loser of replies.filter((r) => r.status === 409)) expect(loser.body.current.version).toBe(2);
    const history = await call("GET", `/v1/outfalls/${record.id}/history`, { as: CLERK });
    expect(history.body.items).toHaveLength(2);
    expect(history.body.items[1].changes).toEqual([{ field: "sizeMm", before: "800", after: winner.sizeMm }]);
  });
});
