/** Process entry of `tgts`: real streams in, exit code out. */
import '../platform/node/install.js';
import { main } from './main.js';

const controller = new AbortController();
// First Ctrl+C asks long-running commands (`serve`) to stop cleanly; a second one kills.
let interrupted = false;
const onSignal = (signal: NodeJS.Signals): void => {
  if (interrupted) process.exit(130);
  interrupted = true;
  controller.abort(signal);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  signal: controller.signal,
});
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
process.exitCode = code;
// Normally nothing is left running; if something still is (a connection being torn down), do not linger.
setTimeout(() => process.exit(code), 2000).unref();
