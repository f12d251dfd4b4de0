import type { IncomingMessage } from "node:http";

export declare const PEER_HEADER: "x-casebook-peer";
export declare function setPeerHeader(req: Pick<IncomingMessage, "headers" | "rawHeaders" | "socket">): void;
