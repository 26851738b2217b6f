// Text that cannot be stored or hashed in RFC 8785 form is refused at the door with a 400, not a 500.
import { describe, expect, it } from "vitest";
import { call, tableItemCount, validOutfall } from "./client.js";
import { CLERK } from "./users.js";

describe("JSON text", () => {
  it("refuses a lone UTF-16 surrogate escape with 400 R-MALFORMED and writes nothing", async () => {
    // Prepare
    const raw = JSON.stringify(validOutfall({ community: "PLACEHOLDER" })).replace("PLACEHOLDER", "南肖埠\\ud800社区");
    const before = await tableItemCount();
    // Act
    const reply = await call("POST", "/v1/outfalls", { as: CLERK, raw, headers: { "content-type": "application/json" } });
    // Assess
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0]).toMatchObject({ rule: "R-MALFORMED" });
    expect(reply.body.errors[0].message).toContain("代理字符");
    expect(await tableItemCount()).toBe(before);
  });

  it("accepts text outside the Basic Multilingual Plane (a surrogate pair)", async () => {
    // Act
    const reply = await call("POST", "/v1/outfalls", { as: CLERK, body: validOutfall({ address: "𠀋街 1 号" }) });
    // Assess
    expect(reply.status).toBe(201);
    expect(reply.body.address).toBe("𠀋街 1 号");
  });
});
