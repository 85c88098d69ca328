/**
 * The demo's file step: one account uploads a file generated on the spot (with progress), sends it
 * as a document to a chat, and another account finds the message and downloads it through
 * `client.files`; the SHA-256 of both sides must match.
 */
import { createHash } from 'node:crypto';
// Published package: `import { type Client, type tl } from 'tgts'`.
import type { Client, tl } from '../../src/index.js';
import { row } from './harness.js';

/** What the file step produced. */
export interface FileStepResult {
  /** Bytes sent (and received). */
  size: number;
  /** SHA-256 (hex) of what was sent. */
  sentSha256: string;
  /** SHA-256 (hex) of what the receiver downloaded. */
  receivedSha256: string;
  /** Progress reports of the upload (at least one per part). */
  progressReports: number;
}

/** One side of the transfer: a client and the chat as this account sees it. */
export interface FileSide {
  name: string;
  client: Client;
  /** The chat, with this account's access hash. */
  peer: tl.InputPeer;
}

/** Deterministic bytes, so a run can be compared with another (xorshift). */
function generated(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Step `step`: `from` sends a ~300 KiB generated file to its chat; `to` downloads it from the same chat. */
export async function sendAndReceiveFile(step: number, from: FileSide, to: FileSide, log: (line: string) => void, size = 300 * 1024 + 123): Promise<FileStepResult> {
  log(`${step}. ${from.name} sends a file to the chat; ${to.name} downloads it (client.files)`);
  const bytes = generated(size, 2026);
  const sentSha256 = sha256(bytes);
  let progressReports = 0;
  const { message } = await from.client.files.sendFile(from.peer, bytes, {
    name: 'launch-notes.bin',
    mimeType: 'application/octet-stream',
    caption: 'Release notes attached',
    partSize: 64 * 1024, // small parts, so the progress has something to show
    onProgress: (done, total) => {
      progressReports++;
      if (done === total) log(row('upload', `${from.name} uploaded ${done} bytes in ${progressReports} progress steps`));
    },
  });
  if (!message) throw new Error('sendFile returned no message');
  log(row('sent', `message ${message.id} with a document (messages.sendMedia), sha256 ${sentSha256.slice(0, 16)}…`));

  // The receiver reads the chat's latest message (its own view: its access hash, its file reference).
  const history = await to.client.api.messages.getHistory({ peer: to.peer, offsetId: 0, offsetDate: 0, addOffset: 0, limit: 1, maxId: 0, minId: 0, hash: 0n });
  const received = 'messages' in history ? history.messages.find((m) => m.id === message.id) : undefined;
  if (received?._ !== 'message') throw new Error(`${to.name} does not see message ${message.id}`);
  const downloaded = await to.client.files.download(received, { peer: to.peer }); // the peer lets an expired reference be refreshed
  const receivedSha256 = sha256(downloaded);
  log(row('download', `${to.name} got ${downloaded.length} bytes via client.files, sha256 ${receivedSha256.slice(0, 16)}… ${receivedSha256 === sentSha256 ? '(match)' : '(MISMATCH)'}`));
  return { size: downloaded.length, sentSha256, receivedSha256, progressReports };
}
