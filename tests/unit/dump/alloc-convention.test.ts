import { describe, expect, it } from "vitest";
import { allocKind, allocStyle, jemallocSizeClass } from "@/lib/analyzers/dump/alloc-convention";

describe("alloc convention", () => {
  it("knows jemalloc's size classes: 8, multiples of 16 to 128, then four per doubling", () => {
    const classes = [8, 16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 640, 768, 896, 1024, 1280];
    for (let bytes = 1; bytes <= 1280; bytes++) expect(jemallocSizeClass(bytes), `${bytes} bytes`).toBe(classes.find((c) => c >= bytes));
    expect(jemallocSizeClass(16385)).toBe(20480);
    expect(jemallocSizeClass(2 ** 33 + 1)).toBe(2 ** 33 + 2 ** 31);
  });

  it("sorts strings by what their alloc says (the facts' 84-byte key: alloc 92 from 6.2)", () => {
    expect(allocKind(1, 84, 92)).toBe(2);
    expect(allocKind(1, 84, 84)).toBe(1);
    expect(allocKind(1, 92, 92)).toBe(0);
    expect(allocKind(1, 84, 200)).toBe(3);
    expect(allocKind(2, 300, 314)).toBe(2); // 5 + 314 + 1 = 320
    expect(allocKind(4, 5, 2 ** 45)).toBe(3);
  });

  it("reads the convention from usable-size strings, not from exact fits", () => {
    expect(allocStyle([10, 0, 0, 0])).toBe("unknown");
    expect(allocStyle([0, 0, 0, 5])).toBe("mixed");
    expect(allocStyle([50, 90, 10, 0])).toBe("alloc>len (Redis ≥ 6.2 style)");
    expect(allocStyle([50, 1000, 0, 3])).toBe("alloc==len (Redis ≤ 6.0 style)");
    expect(allocStyle([0, 1000, 50, 0])).toBe("mixed");
  });
});
