/**
 * Redis Cluster hash slots: CRC16 (XMODEM), the hashtag rule, and which slots a node owns according to
 * `CLUSTER NODES`, `CLUSTER SLOTS` (as redis-cli prints it) or a plain list such as `0-5460,10923`.
 * Shared by the dump analyzer and any feature that needs to know whether a key belongs on a node.
 */
import { InvalidInputError } from "../errors";

export const SLOT_COUNT = 16384;

/** CRC16/XMODEM table: poly 0x1021, init 0, no reflection, no final xor (src/crc16.c). */
const CRC16_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[byte] = crc;
  }
  return table;
})();

/**
 * Two bytes at a time: after 16 input bits the 16-bit register depends only on register XOR input word,
 * so one lookup replaces two dependent byte steps (the dump scanner hashes millions of keys).
 */
const CRC16_WORD_TABLE = (() => {
  const table = new Uint16Array(65536);
  for (let word = 0; word < 65536; word++) {
    const high = CRC16_TABLE[word >>> 8];
    table[word] = ((high << 8) & 0xffff) ^ CRC16_TABLE[(high >>> 8) ^ (word & 0xff)];
  }
  return table;
})();

/** Bytes per step of the WebAssembly dump scanner's CRC16 (assembly/crc16.ts). */
const SLICING_BYTES = 16;

/**
 * Tables for CRC16 sixteen bytes at a time, for the WebAssembly dump scanner: the byte table, then
 * L0..L15 where Lk[x] is the CRC of a 16-byte message holding x at position k and zeros elsewhere. CRC is
 * linear, so sixteen independent lookups (the register XORed into the first two bytes) replace a chain of
 * dependent ones: hashing millions of keys is bound by that chain's latency. A message of fewer bytes
 * uses the last tables (its bytes followed by as many zeros as in a full one).
 */
export function crc16SlicingTables(): Uint16Array {
  const tables = new Uint16Array(256 * (SLICING_BYTES + 1));
  tables.set(CRC16_TABLE);
  const message = new Uint8Array(SLICING_BYTES);
  for (let position = 0; position < SLICING_BYTES; position++) {
    for (let value = 0; value < 256; value++) {
      message.fill(0);
      message[position] = value;
      tables[256 * (position + 1) + value] = crc16(message);
    }
  }
  return tables;
}

/** CRC16/XMODEM of bytes[start, end). */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  let i = start;
  for (; i + 1 < end; i += 2) crc = CRC16_WORD_TABLE[crc ^ ((bytes[i] << 8) | bytes[i + 1])];
  if (i < end) crc = ((crc << 8) & 0xffff) ^ CRC16_TABLE[((crc >>> 8) ^ bytes[i]) & 0xff];
  return crc;
}

/**
 * Slot of the key stored in bytes[start, end), without copying (the dump scanner calls this per string).
 * Hashtag: the first `{`, then the first `}` after it; a non-empty part between them is hashed alone.
 */
export function hashSlotOfBytes(bytes: Uint8Array, start: number, end: number): number {
  let open = -1;
  for (let i = start; i < end; i++) {
    if (bytes[i] === 0x7b) {
      open = i;
      break;
    }
  }
  if (open >= 0) {
    for (let i = open + 1; i < end; i++) {
      if (bytes[i] === 0x7d) {
        if (i > open + 1) return crc16(bytes, open + 1, i) & 0x3fff;
        break;
      }
    }
  }
  return crc16(bytes, start, end) & 0x3fff;
}

/** Slot of a key given as text (UTF-8 encoded, like redis-cli sends it) or bytes. */
export function keyHashSlot(key: string | Uint8Array): number {
  const bytes = typeof key === "string" ? Buffer.from(key, "utf8") : key;
  return hashSlotOfBytes(bytes, 0, bytes.length);
}

/** A slot being moved: `[slot->-node]` (migrating away from this node) or `[slot-<-node]` (importing). */
export interface SlotMigration {
  slot: number;
  direction: "migrating" | "importing";
  peer: string;
}

/** The slots one node serves, and where that knowledge came from. */
export interface NodeSlots {
  /** 1 for every slot the node owns; index = slot. */
  owned: Uint8Array;
  ownedCount: number;
  /** Human-readable ranges, e.g. "0-5460,10923". */
  ranges: string;
  source: "cluster-nodes" | "cluster-slots" | "list";
  nodeId?: string;
  address?: string;
  /** Set when the chosen node is a replica and the slots are its master's. */
  masterId?: string;
  migrations: SlotMigration[];
  notes: string[];
}

export function slotRanges(owned: Uint8Array): string {
  const parts: string[] = [];
  for (let slot = 0; slot < SLOT_COUNT; slot++) {
    if (!owned[slot]) continue;
    let last = slot;
    while (last + 1 < SLOT_COUNT && owned[last + 1]) last++;
    parts.push(last === slot ? String(slot) : `${slot}-${last}`);
    slot = last;
  }
  return parts.join(",");
}

function countOwned(owned: Uint8Array): number {
  let count = 0;
  for (let slot = 0; slot < SLOT_COUNT; slot++) count += owned[slot];
  return count;
}

function parseSlotNumber(text: string, context: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidInputError(`${context}: "${text}" is not a slot number`);
  const slot = Number(text);
  if (slot >= SLOT_COUNT) throw new InvalidInputError(`${context}: slot ${slot} is out of range 0-${SLOT_COUNT - 1}`);
  return slot;
}

/** Marks "a-b" or "a" in owned; throws on anything else. */
function addSlotRange(owned: Uint8Array, item: string, context: string): void {
  const dash = item.indexOf("-");
  const first = parseSlotNumber(dash < 0 ? item : item.slice(0, dash), context);
  const last = dash < 0 ? first : parseSlotNumber(item.slice(dash + 1), context);
  if (last < first) throw new InvalidInputError(`${context}: range "${item}" ends before it starts`);
  owned.fill(1, first, last + 1);
}

function nodeSlots(owned: Uint8Array, source: NodeSlots["source"], extra: Partial<NodeSlots> = {}): NodeSlots {
  return { owned, ownedCount: countOwned(owned), ranges: slotRanges(owned), source, migrations: [], notes: [], ...extra };
}

/** A list such as `0-5460,10923` (commas or whitespace between items). */
export function parseSlotList(text: string): NodeSlots {
  const items = text.split(/[\s,]+/).filter(Boolean);
  if (items.length === 0) throw new InvalidInputError("slot list is empty");
  const owned = new Uint8Array(SLOT_COUNT);
  for (const item of items) addSlotRange(owned, item, "slot list");
  return nodeSlots(owned, "list");
}

interface ClusterNodeLine {
  id: string;
  address: string;
  flags: string[];
  masterId: string;
  slotFields: string[];
  lineNumber: number;
}

function parseClusterNodeLines(text: string): ClusterNodeLine[] {
  const nodes: ClusterNodeLine[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const fields = line.split(/\s+/);
    if (fields.length < 8 || !/^[0-9a-f]{40}$/i.test(fields[0])) {
      throw new InvalidInputError(
        `CLUSTER NODES line ${index + 1} is not "<id> <ip:port@cport> <flags> <master> <ping> <pong> <epoch> <link> <slots…>"`,
      );
    }
    nodes.push({
      id: fields[0].toLowerCase(),
      address: fields[1],
      flags: fields[2].split(","),
      masterId: fields[3],
      slotFields: fields.slice(8),
      lineNumber: index + 1,
    });
  });
  if (nodes.length === 0) throw new InvalidInputError("CLUSTER NODES text is empty");
  return nodes;
}

/** Finds a node by full id, unique id prefix (≥ 6 characters), ip:port, or the word "myself". */
function pickNode<T extends { id: string; address: string }>(nodes: T[], wanted: string, isMyself: (node: T) => boolean): T {
  const key = wanted.trim().toLowerCase();
  let matches: T[];
  if (key === "myself") matches = nodes.filter(isMyself);
  else if (/^[0-9a-f]{40}$/.test(key)) matches = nodes.filter((n) => n.id === key);
  else if (/^[0-9a-f]{6,39}$/.test(key)) matches = nodes.filter((n) => n.id.startsWith(key));
  else matches = nodes.filter((n) => n.address.split("@")[0] === key);
  if (matches.length === 1) return matches[0];
  const known = nodes.map((n) => `${n.id.slice(0, 8)} (${n.address.split("@")[0]})`).join(", ");
  if (matches.length === 0) throw new InvalidInputError(`node "${wanted}" is not in the cluster listing; nodes: ${known}`);
  throw new InvalidInputError(`node "${wanted}" matches ${matches.length} nodes; give more of its id`);
}

/**
 * Slots of one node from `CLUSTER NODES` output. Ranges and single slots count as owned; migration markers
 * (`[slot->-node]`, `[slot-<-node]`) are reported but change nothing: the slot still belongs to its owner
 * until the migration finishes. A replica has no slots of its own, so its master's are used.
 */
export function parseClusterNodes(text: string, nodeId: string): NodeSlots {
  const nodes = parseClusterNodeLines(text);
  const node = pickNode(nodes, nodeId, (n) => n.flags.includes("myself"));
  const notes: string[] = [];
  let owner = node;
  if ((node.flags.includes("slave") || node.flags.includes("replica")) && node.masterId !== "-") {
    const master = nodes.find((n) => n.id === node.masterId.toLowerCase());
    if (!master) throw new InvalidInputError(`node ${node.id.slice(0, 8)} is a replica of ${node.masterId}, which is not in the listing`);
    notes.push(`node ${node.id.slice(0, 8)} is a replica; using the slots of its master ${master.id.slice(0, 8)}`);
    owner = master;
  }
  const owned = new Uint8Array(SLOT_COUNT);
  const migrations: SlotMigration[] = [];
  for (const field of owner.slotFields) {
    const marker = /^\[(\d+)-([<>])-([0-9a-f]+)\]$/i.exec(field);
    if (marker) {
      migrations.push({
        slot: parseSlotNumber(marker[1], `CLUSTER NODES line ${owner.lineNumber}`),
        direction: marker[2] === ">" ? "migrating" : "importing",
        peer: marker[3].toLowerCase(),
      });
      continue;
    }
    addSlotRange(owned, field, `CLUSTER NODES line ${owner.lineNumber}`);
  }
  if (migrations.length > 0) {
    notes.push(`${migrations.length} slot(s) in migration; counted as owned only if listed in the node's ranges`);
  }
  return nodeSlots(owned, "cluster-nodes", {
    nodeId: node.id,
    address: node.address.split("@")[0],
    masterId: owner === node ? undefined : owner.id,
    migrations,
    notes,
  });
}

type RespValue = string | number | null | RespValue[];

/**
 * Parses redis-cli's human output of a nested reply ("1) 1) (integer) 0", indented continuation lines)
 * into nested arrays. The column of each "N)" marker gives its depth.
 */
export function parseRedisCliReply(text: string): RespValue[] {
  const root: RespValue[] = [];
  // stack[d] = { column of the marker at depth d, array that receives items at depth d }
  const stack: { column: number; items: RespValue[] }[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    const markers: number[] = [];
    const markerPattern = /(\d+)\)\s+/y;
    let position = line.search(/\S/);
    for (;;) {
      markerPattern.lastIndex = position;
      const match = markerPattern.exec(line);
      if (!match) break;
      // redis-cli right-aligns numbers (" 9)", "10)"), so the ")" column is what lines up.
      markers.push(position + match[1].length);
      position = markerPattern.lastIndex;
    }
    if (markers.length === 0) throw new InvalidInputError(`CLUSTER SLOTS line ${index + 1}: expected "N) value"`);
    let depth = stack.findIndex((level) => level.column === markers[0]);
    if (depth < 0) {
      if (stack.length > 0 && markers[0] < stack[stack.length - 1].column) {
        throw new InvalidInputError(`CLUSTER SLOTS line ${index + 1}: indentation does not match any enclosing item`);
      }
      depth = stack.length;
      stack.push({ column: markers[0], items: depth === 0 ? root : nextContainer(stack[depth - 1].items) });
    }
    stack.length = depth + 1;
    for (let m = 1; m < markers.length; m++) {
      const container: RespValue[] = [];
      stack[stack.length - 1].items.push(container);
      stack.push({ column: markers[m], items: container });
    }
    stack[stack.length - 1].items.push(parseScalar(line.slice(position).trim(), index + 1));
  });
  return root;
}

/** Items at a new, deeper column belong to an array opened by the previous line's last marker. */
function nextContainer(parent: RespValue[]): RespValue[] {
  const last = parent[parent.length - 1];
  if (Array.isArray(last)) return last;
  const container: RespValue[] = [];
  parent.push(container);
  return container;
}

function parseScalar(text: string, lineNumber: number): RespValue {
  let match = /^\(integer\)\s+(-?\d+)$/.exec(text);
  if (match) return Number(match[1]);
  if (text === "(nil)") return null;
  if (text === "(empty array)" || text === "(empty list or set)") return [];
  match = /^"((?:[^"\\]|\\.)*)"$/.exec(text);
  if (match) return match[1].replace(/\\(.)/g, "$1");
  if (/^-?\d+$/.test(text)) return Number(text);
  if (/^\S+$/.test(text)) return text;
  throw new InvalidInputError(`CLUSTER SLOTS line ${lineNumber}: cannot read value "${text}"`);
}

/**
 * Slots of one node from `CLUSTER SLOTS` as redis-cli prints it: entries of start slot, end slot, then the
 * master (ip, port, id) and its replicas. The node is chosen among masters by id, id prefix or ip:port;
 * a replica's id selects the slots of the master it replicates.
 */
export function parseClusterSlots(text: string, nodeId: string): NodeSlots {
  const entries = parseRedisCliReply(text);
  const owned = new Uint8Array(SLOT_COUNT);
  const masters = new Map<string, { id: string; address: string; ranges: [number, number][] }>();
  const replicaOf = new Map<string, { id: string; address: string; masterId: string }>();
  entries.forEach((entry, index) => {
    if (!Array.isArray(entry) || entry.length < 3 || typeof entry[0] !== "number" || typeof entry[1] !== "number") {
      throw new InvalidInputError(`CLUSTER SLOTS entry ${index + 1} is not [start, end, master, …]`);
    }
    const [first, last] = [entry[0], entry[1]];
    if (first < 0 || last >= SLOT_COUNT || last < first) {
      throw new InvalidInputError(`CLUSTER SLOTS entry ${index + 1}: bad slot range ${first}-${last}`);
    }
    const [master, ...replicas] = entry.slice(2).map((node, n) => describeSlotsNode(node, index + 1, n + 1));
    const known = masters.get(master.id) ?? { ...master, ranges: [] };
    known.ranges.push([first, last]);
    masters.set(master.id, known);
    for (const replica of replicas) replicaOf.set(replica.id, { ...replica, masterId: master.id });
  });
  const candidates = [
    ...[...masters.values()].map((m) => ({ id: m.id, address: m.address, masterId: m.id })),
    ...[...replicaOf.values()],
  ];
  const chosen = pickNode(candidates, nodeId, () => false);
  const master = masters.get(chosen.masterId)!;
  for (const [first, last] of master.ranges) owned.fill(1, first, last + 1);
  const notes =
    chosen.id === master.id ? [] : [`node ${chosen.id.slice(0, 8)} is a replica; using the slots of its master ${master.id.slice(0, 8)}`];
  return nodeSlots(owned, "cluster-slots", {
    nodeId: chosen.id,
    address: chosen.address,
    masterId: chosen.id === master.id ? undefined : master.id,
    notes,
  });
}

function describeSlotsNode(node: RespValue, entry: number, position: number): { id: string; address: string } {
  if (!Array.isArray(node) || node.length < 3 || typeof node[0] !== "string" || typeof node[2] !== "string") {
    throw new InvalidInputError(`CLUSTER SLOTS entry ${entry}: node ${position} is not [ip, port, id, …]`);
  }
  return { id: node[2].toLowerCase(), address: `${node[0]}:${node[1]}` };
}

/** `CLUSTER NODES` or `CLUSTER SLOTS` text, told apart by redis-cli's "N) " numbering. */
export function parseNodeSlots(text: string, nodeId: string): NodeSlots {
  return /^\s*1\)\s/.test(text) ? parseClusterSlots(text, nodeId) : parseClusterNodes(text, nodeId);
}
