/** Diffie-Hellman group the test server offers by default: the 2048-bit safe prime Telegram's servers send, g = 3. */
import { TELEGRAM_DH_PRIME_HEX } from '../crypto/index.js';
import { fromHex } from '../encoding.js';

/** Telegram's dh_prime (big-endian, 256 bytes), as sent in `server_DH_inner_data`. */
export const TELEGRAM_DH_PRIME: Uint8Array = fromHex(TELEGRAM_DH_PRIME_HEX);

/** Generator Telegram uses with {@link TELEGRAM_DH_PRIME}. */
export const TELEGRAM_DH_G = 3;
