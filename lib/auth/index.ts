/** Accounts, sessions, tokens, roles, restricted incidents and the audit log. */
export * from "./roles";
export * from "./passwords";
export * from "./users";
export * from "./sessions";
export * from "./tokens";
export * from "./visibility";
export * from "./audit";
export * from "./rate-limit";
export * from "./request";
export * from "./trusted-proxy";
export * from "./errors";
export * from "./login";
export * from "./page-access";
