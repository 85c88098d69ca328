/**
 * The parts of the request engine a service-message handler works with (the engine implements
 * it). Handlers stay small and testable, one per message kind (like the `handle_*.go` files of
 * gotd/td), and reach the engine only through these objects.
 * @module
 */
import type { InflateBudget } from '../../tl/runtime/reader.js';
import type { MtprotoLogger } from '../clock.js';
import type { SessionState } from '../connection/session-state.js';
import type { AckBatcher } from './acks.js';
import type { Delivery } from './delivery.js';
import type { Outbox } from './outbox.js';
import type { PendingTable } from './pending.js';

export interface EngineParts {
  readonly pending: PendingTable;
  readonly state: SessionState;
  readonly delivery: Delivery;
  readonly acks: AckBatcher;
  readonly outbox: Outbox;
  readonly logger: MtprotoLogger | undefined;
  /** A message that is not a service message (Updates, or an object this layer does not know). */
  unsolicited(body: Uint8Array, budget: InflateBudget): void;
}
