import { describe, expect, it } from "vitest";
import { actorOf, withActor } from "@/lib/http/context";

const request = (author?: string) => new Request("http://casebook.test/", { headers: author === undefined ? {} : { "x-casebook-author": author } });

describe("actorOf", () => {
  it("decodes percent-encoded names so non-Latin authors survive the header", () => {
    expect(actorOf(request(encodeURIComponent("张三 (KV team)")))).toBe("张三 (KV team)");
    expect(actorOf(request("ana"))).toBe("ana");
  });

  it("keeps undecodable values as sent and strips control characters", () => {
    expect(actorOf(request("100%"))).toBe("100%");
    expect(actorOf(request(encodeURIComponent("a\u0007b\nc")))).toBe("abc");
    expect(actorOf(request())).toBe("");
  });

  it("fills author only when the body names none", () => {
    expect(withActor({ title: "x" }, request("ana"))).toEqual({ title: "x", author: "ana" });
    expect(withActor({ title: "x", author: "bob" }, request("ana"))).toEqual({ title: "x", author: "bob" });
    expect(withActor([1], request("ana"))).toEqual([1]);
  });
});
