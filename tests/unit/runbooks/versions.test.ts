import { describe, expect, it } from "vitest";
import { compareLooseVersions, isVersionRange, matchVersionRange, parseLooseVersion, parseVersionRange } from "@/lib/runbooks/versions";

const v = (text: string) => {
  const version = parseLooseVersion(text);
  if (!version) throw new Error(`test setup: ${text} does not parse`);
  return version;
};
const range = (text: string) => {
  const parsed = parseVersionRange(text);
  if (!isVersionRange(parsed)) throw new Error(`test setup: ${text}: ${parsed.error}`);
  return parsed;
};

describe("versions", () => {
  it("orders versions as versions, not as text", () => {
    const ordered = ["3.2.8", "4.0-rc1", "4.0-rc3", "4.0", "4.0.14", "6.2", "6.2.6", "7.0.15", "10.0"];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort((a, b) => compareLooseVersions(v(a), v(b)))).toEqual(ordered);
    expect(compareLooseVersions(v("4.0"), v("4.0.0"))).toBe(0);
    expect(compareLooseVersions(v("v7.0.15"), v("7.0.15"))).toBe(0);
  });

  it("reads versions with build suffixes by their leading numbers", () => {
    expect(v("5.10.0-23-amd64")).toMatchObject({ major: 5, minor: 10, patch: 0, pre: null });
    expect(v("5.3.0-0-g54eaed1d")).toMatchObject({ major: 5, minor: 3, patch: 0, pre: null });
    expect(v("4.0.0-rc2").pre).toMatchObject({ label: "rc", number: 2 });
    expect(parseLooseVersion("4ce35dea")).toBeNull();
    expect(parseLooseVersion("4.0.1-beta", true)).not.toBeNull();
    expect(parseLooseVersion("4.0.1-foo", true)).toBeNull();
  });

  it("matches ranges and says why in a checkable clause", () => {
    expect(matchVersionRange(v("3.2.8"), range(">=4.0"))).toEqual({ matches: false, clause: "3.2.8 < 4.0" });
    expect(matchVersionRange(v("7.0.15"), range(">=4.0"))).toEqual({ matches: true, clause: "7.0.15 >= 4.0" });
    expect(matchVersionRange(v("4.0-rc1"), range(">=4.0")).matches).toBe(false);
    expect(matchVersionRange(v("6.2"), range("<7.0")).matches).toBe(true);
    expect(matchVersionRange(v("7.0.0"), range("<7.0"))).toEqual({ matches: false, clause: "7.0.0 >= 7.0" });
    expect(matchVersionRange(v("5.0.3"), range(">=4.0 <6.2")).matches).toBe(true);
    expect(matchVersionRange(v("6.2.1"), range(">= 4.0, < 6.2")).matches).toBe(false);
    expect(matchVersionRange(v("3.2.8"), range("<4.0 || >=6.2")).matches).toBe(true);
    expect(matchVersionRange(v("5.0"), range("<4.0 || >=6.2"))).toEqual({ matches: false, clause: "5.0 >= 4.0 and 5.0 < 6.2" });
    expect(matchVersionRange(v("3.2.8"), range("3.2.8")).matches).toBe(true);
  });

  it("rejects ranges it cannot read, with the reason", () => {
    expect(parseVersionRange("")).toEqual({ error: expect.stringContaining("empty") });
    expect(parseVersionRange(">=four")).toEqual({ error: expect.stringContaining('">=four"') });
    expect(parseVersionRange("=>4.0")).toEqual({ error: expect.stringContaining("not a comparison") });
    expect(parseVersionRange("<4.0 ||")).toEqual({ error: expect.stringContaining("empty side") });
  });
});
