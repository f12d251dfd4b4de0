import { describe, expect, it } from "vitest";
import { compareVersionNames, lineOf, lineOfBranch, parseVersion } from "@/lib/analyzers/backports/versions";

describe("version tags", () => {
  it("parses plain, v-prefixed and pre-release tags", () => {
    expect(parseVersion("3.2.8")).toMatchObject({ major: 3, minor: 2, patch: 8, pre: null });
    expect(parseVersion("v3.2.8")).toMatchObject({ major: 3, minor: 2, patch: 8 });
    expect(parseVersion("4.0-rc1")).toMatchObject({ major: 4, minor: 0, patch: 0, pre: { label: "rc", number: 1 } });
    expect(parseVersion("7.0.0-rc2")?.pre?.number).toBe(2);
    expect(parseVersion("unstable")).toBeNull();
    expect(parseVersion("3.2.8-custom")).toBeNull();
  });

  it("orders release candidates before the release and numerically, not lexically", () => {
    const tags = ["4.0.1", "4.0-rc2", "3.2.10", "4.0.0", "3.2.9", "4.0-rc1", "v3.2.8", "4.0-rc10"];
    expect([...tags].sort(compareVersionNames)).toEqual(["v3.2.8", "3.2.9", "3.2.10", "4.0-rc1", "4.0-rc2", "4.0-rc10", "4.0.0", "4.0.1"]);
    expect(compareVersionNames("5.0-beta1", "5.0-rc1")).toBeLessThan(0);
  });

  it("maps tags and branches to release lines", () => {
    expect(lineOf(parseVersion("3.2.13")!)).toBe("3.2");
    expect(lineOf(parseVersion("4.0-rc3")!)).toBe("4.0");
    expect(lineOfBranch("3.2")).toBe("3.2");
    expect(lineOfBranch("release/6.2")).toBe("6.2");
    expect(lineOfBranch("7.0-stable")).toBe("7.0");
    expect(lineOfBranch("unstable")).toBeNull();
    expect(lineOfBranch("feature/3.2-fix")).toBeNull();
  });
});
