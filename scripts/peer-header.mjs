/**
 * The one header Casebook believes about who connected: `x-casebook-peer`, set by scripts/serve.mjs
 * from the TCP socket. Whatever a client sends under that name is dropped first, so it cannot be
 * forged; X-Forwarded-For, by contrast, is whatever the client (or a proxy) wrote.
 */
export const PEER_HEADER = "x-casebook-peer";

/** Replaces any incoming x-casebook-peer header of a Node request with the socket's address. */
export function setPeerHeader(req) {
  delete req.headers[PEER_HEADER];
  // rawHeaders is what some layers re-read: drop the client's copies there too.
  const raw = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() !== PEER_HEADER) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  req.rawHeaders.length = 0;
  req.rawHeaders.push(...raw);
  const address = req.socket?.remoteAddress;
  if (address) {
    req.headers[PEER_HEADER] = address;
    req.rawHeaders.push(PEER_HEADER, address);
  }
}
