/** Callbacks a {@link BytePipe} reports to. */
export interface PipeHandlers {
  data(chunk: Uint8Array): void;
  /** The carrier ended; `err` set when it failed. Called at most once. */
  end(err?: Error): void;
}

/**
 * Raw byte carrier under a connection (a TCP socket, or the binary messages of a WebSocket).
 * Handlers can be swapped: the server first sniffs the init, then hands the pipe to a connection.
 */
export interface BytePipe {
  readonly type: 'tcp' | 'websocket';
  readonly remote: string;
  setHandlers(handlers: PipeHandlers): void;
  write(data: Uint8Array): void;
  /** `graceful`: flush pending output then close; otherwise drop at once. Idempotent. */
  close(graceful: boolean): void;
}

/** Presents a Node Buffer as a plain Uint8Array (so `.slice()` copies, as callers expect). */
export function plainBytes(data: Uint8Array): Uint8Array {
  return data.constructor === Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
