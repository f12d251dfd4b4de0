import { describe, expect, it } from "vitest";
import {
  crc16,
  keyHashSlot,
  parseClusterNodes,
  parseClusterSlots,
  parseNodeSlots,
  parseSlotList,
  slotRanges,
} from "@/lib/analyzers/cluster-slots";
import { InvalidInputError } from "@/lib/errors";

describe("CRC16 and key slots", () => {
  it("is CRC16/XMODEM", () => {
    expect(crc16(Buffer.from("123456789"))).toBe(0x31c3);
    expect(crc16(Buffer.from(""))).toBe(0);
    // Odd and even lengths take the two-byte and the one-byte steps.
    expect(crc16(Buffer.from("12345678"))).toBe(0x9015); // bitwise reference
    expect(crc16(Buffer.from("A"))).toBe(0x58e5);
  });

  it.each([
    ["foo", 12182],
    ["bar", 5061],
    ["hello", 866],
    ["123456789", 12739],
    ["{user1000}.following", 3443],
    ["user1000", 3443],
    ["foo{}{bar}", 8363],
    ["foo{{bar}}zap", 4015],
    ["foo{bar}{zap}", 5061],
  ])("slot of %s is %i (redis CLUSTER KEYSLOT)", (key, slot) => {
    expect(keyHashSlot(key)).toBe(slot);
  });

  it("applies every hashtag rule", () => {
    // First "{", then the first "}" after it; a non-empty part between them is hashed alone.
    expect(keyHashSlot("{bar}")).toBe(keyHashSlot("bar"));
    expect(keyHashSlot("x{bar}y{zap}")).toBe(keyHashSlot("bar"));
    // Empty tag: the whole key, even with a later tag.
    expect(keyHashSlot("{}bar")).toBe(crc16(Buffer.from("{}bar")) & 0x3fff);
    // "{" without "}" and "}" before "{": the whole key.
    expect(keyHashSlot("foo{bar")).toBe(crc16(Buffer.from("foo{bar")) & 0x3fff);
    expect(keyHashSlot("foo}bar{")).toBe(crc16(Buffer.from("foo}bar{")) & 0x3fff);
    // The tag starts at the first "{": "{{bar}" hashes "{bar".
    expect(keyHashSlot("{{bar}")).toBe(keyHashSlot("{bar"));
    // Bytes, not characters: UTF-8 keys hash their encoding.
    expect(keyHashSlot("用户:{42}")).toBe(keyHashSlot("42"));
    expect(keyHashSlot(Buffer.from("foo"))).toBe(12182);
  });
});

describe("slot lists", () => {
  it("reads ranges and single slots", () => {
    const slots = parseSlotList("0-5460, 10923 16383");
    expect(slots.ownedCount).toBe(5463);
    expect(slots.owned[5460]).toBe(1);
    expect(slots.owned[5461]).toBe(0);
    expect(slots.ranges).toBe("0-5460,10923,16383");
    expect(slotRanges(parseSlotList("3,1-2,5").owned)).toBe("1-3,5");
  });

  it.each(["", "5-1", "16384", "a-b", "1-"])("rejects %j", (text) => {
    expect(() => parseSlotList(text)).toThrow(InvalidInputError);
  });
});

const NODES = `07c37dfeb235213a872192d90877d0cd55635b91 127.0.0.1:30004@31004 slave e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 0 1426238317239 4 connected
67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 127.0.0.1:30002@31002 master - 0 1426238316232 2 connected 5461-10922
292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f 127.0.0.1:30003@31003 master - 0 1426238318243 3 connected 10923-16383
6ec23923021cf3ffec47632106199cb7f496ce01 127.0.0.1:30005@31005 slave 67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1 0 1426238316232 5 connected
e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca 127.0.0.1:30001@31001 myself,master - 0 0 1 connected 0-5459 5460 [5461->-67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1] [93-<-292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f]
`;

describe("CLUSTER NODES", () => {
  it("takes a node's ranges and single slots, and reports migration markers without counting them", () => {
    const slots = parseClusterNodes(NODES, "e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca");
    expect(slots.ranges).toBe("0-5460");
    expect(slots.ownedCount).toBe(5461);
    expect(slots.owned[5461]).toBe(0);
    expect(slots.migrations).toEqual([
      { slot: 5461, direction: "migrating", peer: "67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1" },
      { slot: 93, direction: "importing", peer: "292f8b365bb7edb5e285caf0b7e6ddc7265d2f4f" },
    ]);
    expect(slots.address).toBe("127.0.0.1:30001");
  });

  it("finds the node by id prefix, ip:port or myself", () => {
    expect(parseClusterNodes(NODES, "292f8b36").ranges).toBe("10923-16383");
    expect(parseClusterNodes(NODES, "127.0.0.1:30002").ranges).toBe("5461-10922");
    expect(parseClusterNodes(NODES, "myself").nodeId).toBe("e7d1eecce10fd6bb5eb35b9f99a514335d9ba9ca");
  });

  it("uses the master's slots for a replica", () => {
    const slots = parseClusterNodes(NODES, "6ec23923021c");
    expect(slots.ranges).toBe("5461-10922");
    expect(slots.masterId).toBe("67ed2db8d677e59ec4a4cefb06858cf2a1a89fa1");
    expect(slots.notes[0]).toMatch(/replica/);
  });

  it("rejects unknown nodes, ambiguous prefixes' absence and malformed lines", () => {
    expect(() => parseClusterNodes(NODES, "ffffffffff")).toThrow(/not in the cluster listing/);
    expect(() => parseClusterNodes("hello world\n", "myself")).toThrow(/line 1/);
    expect(() => parseClusterNodes("", "myself")).toThrow(InvalidInputError);
  });
});

const SLOTS = `1) 1) (integer) 0
   2) (integer) 5460
   3) 1) "127.0.0.1"
      2) (integer) 30001
      3) "09dbe9720cda62f7865eabc5fd8857c5d2678366"
      4) (empty array)
   4) 1) "127.0.0.1"
      2) (integer) 30004
      3) "821d8ca00d7ccf931ed3ffc7e3db0599d2271abf"
      4) (empty array)
2) 1) (integer) 5461
   2) (integer) 10922
   3) 1) "127.0.0.1"
      2) (integer) 30002
      3) "c9d93d9f2c0c524ff34cc11838c2003d8c29e013"
3) 1) (integer) 10923
   2) (integer) 16383
   3) 1) "127.0.0.1"
      2) (integer) 30003
      3) "044ec91f325b7595e76dbcb18cc688b6a5b434a1"
4) 1) (integer) 16000
   2) (integer) 16000
   3) 1) "127.0.0.1"
      2) (integer) 30001
      3) "09dbe9720cda62f7865eabc5fd8857c5d2678366"
`;

describe("CLUSTER SLOTS (redis-cli output)", () => {
  it("collects every range of the chosen master", () => {
    const slots = parseClusterSlots(SLOTS, "09dbe9720cda62f7865eabc5fd8857c5d2678366");
    expect(slots.ranges).toBe("0-5460,16000");
    expect(slots.source).toBe("cluster-slots");
  });

  it("maps a replica to its master's ranges and reads right-aligned numbering", () => {
    expect(parseClusterSlots(SLOTS, "821d8ca0").ranges).toBe("0-5460,16000");
    const many = Array.from({ length: 11 }, (_, i) => {
      const n = String(i + 1).padStart(2, " ");
      const first = i * 1000;
      return `${n}) 1) (integer) ${first}\n    2) (integer) ${first + 999}\n    3) 1) "10.0.0.${i}"\n       2) (integer) 6379\n       3) "${String(i).repeat(40).slice(0, 40)}"`;
    }).join("\n");
    expect(parseClusterSlots(many, "10.0.0.10:6379").ranges).toBe("10000-10999");
  });

  it("is told apart from CLUSTER NODES automatically", () => {
    expect(parseNodeSlots(SLOTS, "127.0.0.1:30003").ranges).toBe("10923-16383");
    expect(parseNodeSlots(NODES, "myself").ranges).toBe("0-5460");
  });

  it("rejects what is not a slots reply", () => {
    expect(() => parseClusterSlots("1) (integer) 5\n", "x")).toThrow(InvalidInputError);
    expect(() => parseClusterSlots(SLOTS, "deadbeefdeadbeef")).toThrow(/not in the cluster listing/);
  });
});
