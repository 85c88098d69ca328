/**
 * Keeps the DC directory current with `help.getConfig` (https://core.telegram.org/method/help.getConfig):
 * once after the first connection to Telegram, and whenever a call needs a DC nobody knows an address of.
 *
 * @module
 */
import type { Config } from '../../tl/index.js';
import { bounded } from '../invoke/call.js';
import type { InvokeOptions } from '../invoke/types.js';
import type { Logger } from '../options.js';
import type { DcDirectory } from './dc-directory.js';

/** Time limit of one `help.getConfig` (ms). */
const CONFIG_TIMEOUT_MS = 30_000;

export class ConfigRefresher {
  private running: Promise<void> | undefined;
  private started = false;

  constructor(
    private readonly fetch: (options: InvokeOptions) => Promise<Config>,
    private readonly directory: DcDirectory,
    private readonly now: () => number,
    private readonly logger?: Logger,
  ) {}

  /** Fetches the config once in the background (after the first connection); failures are logged. */
  initial(): void {
    if (this.started) return;
    this.started = true;
    this.refresh({}).catch((error: unknown) => this.logger?.debug('tgts: help.getConfig failed', error));
  }

  /** Fetches the config now (one request for concurrent callers), waiting no longer than `options` allow. */
  refresh(options: InvokeOptions): Promise<void> {
    this.started = true;
    this.running ??= this.fetch({ deadline: this.now() + CONFIG_TIMEOUT_MS })
      .then((config) => this.directory.applyConfig(config.dcOptions))
      .finally(() => (this.running = undefined));
    return bounded(this.running, options, 'help.getConfig', this.now);
  }
}
