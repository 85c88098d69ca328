/**
 * What every example needs around its story: app credentials, a test server when the caller gave
 * none, the sign-in code of test phone numbers, and "run me when started directly".
 */
import { pathToFileURL } from 'node:url';
// Published package: `import { TestServer } from 'tgts/testing'`.
import { TestServer, type World } from '../../src/testing/index.js';

/**
 * api_id / api_hash of the app. The test server accepts anything; for real Telegram get yours at
 * https://my.telegram.org (see https://core.telegram.org/api/obtaining_api_id).
 */
export const app = { apiId: 1, apiHash: 'tgts-examples' };

/** The options every example's `main()` accepts. */
export interface ExampleOptions {
  /** Server to run against; a fresh one is started (and closed) when absent. */
  server?: TestServer;
  /** Where the story is printed; `console.log` by default. */
  log?: (line: string) => void;
}

/** Runs `fn` against `server`, or against a fresh embedded server that is closed afterwards. */
export async function withServer<T>(server: TestServer | undefined, fn: (server: TestServer, world: World) => Promise<T>): Promise<T> {
  const own = server === undefined ? await TestServer.start() : undefined;
  const active = server ?? own!;
  try {
    if (!active.world) throw new Error('this example needs a TestServer with its simulated world (installWorld: true)');
    return await fn(active, active.world);
  } finally {
    await own?.close();
  }
}

/**
 * Test phone numbers look like `99966XYYYY` (X = the account's DC); their sign-in code is X five
 * times (`22222` on DC 2). See https://core.telegram.org/api/auth#test-accounts.
 */
export function testCode(phone: string): string {
  const match = /^99966(\d)\d{4}$/.exec(phone);
  if (!match) throw new Error(`${phone} is not a test number (99966XYYYY)`);
  return match[1]!.repeat(5);
}

/** Runs `main` when the file is the script Node was started with (`node --import tsx examples/x.ts`). */
export function runIfMain(moduleUrl: string, main: () => Promise<unknown>): void {
  const script = process.argv[1];
  if (script === undefined || pathToFileURL(script).href !== moduleUrl) return;
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}

/** `label` padded so values line up in the printed story. */
export function row(label: string, value: string): string {
  return `   ${label.padEnd(10)} ${value}`;
}
