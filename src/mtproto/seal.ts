/**
 * Builds an outgoing encrypted packet in one buffer: envelope header, the body (or a container of
 * messages written straight in), random padding and the AES-IGE ciphertext, encrypted where the
 * plaintext lies. A 512 KiB file part is copied once (into the packet), not once per layer.
 * https://core.telegram.org/mtproto/description
 * @module
 */
import { SEAL_PLAINTEXT_OFFSET, allocSealBuffer, sealInPlace, sealInPlaceAsync } from '../crypto/mtproto2.js';
import type { MessageDirection } from '../crypto/mtproto2.js';
import { containerSize, writeContainer, type ContainerMessage } from './container.js';
import { checkBodyLength, PLAINTEXT_HEADER_SIZE, writePlaintextHeader, type EncryptedPlaintext } from './plaintext.js';

/** The envelope fields of one outgoing message. */
export type SealHeader = Omit<EncryptedPlaintext, 'body'>;

/**
 * `auth_key_id | msg_key | ciphertext` of one message whose body is `body`, or the msg_container
 * of `body` when it is a list of messages. Same result as encoding the plaintext and calling
 * `encryptMessage`, with one allocation.
 */
export function sealMessage(authKey: Uint8Array, direction: MessageDirection, header: SealHeader, body: Uint8Array | readonly ContainerMessage[]): Uint8Array {
  const { buf, plaintextLength } = layOut(header, body);
  return sealInPlace(authKey, buf, plaintextLength, direction);
}

/** The seal buffer with the envelope header and the body (or container) written in. */
function layOut(header: SealHeader, body: Uint8Array | readonly ContainerMessage[]): { buf: Uint8Array; plaintextLength: number } {
  const bodyLength = body instanceof Uint8Array ? body.length : containerSize(body);
  checkBodyLength(bodyLength);
  const plaintextLength = PLAINTEXT_HEADER_SIZE + bodyLength;
  const buf = allocSealBuffer(plaintextLength);
  writePlaintextHeader(buf, SEAL_PLAINTEXT_OFFSET, header, bodyLength);
  const at = SEAL_PLAINTEXT_OFFSET + PLAINTEXT_HEADER_SIZE;
  if (body instanceof Uint8Array) buf.set(body, at);
  else writeContainer(buf, at, body);
  return { buf, plaintextLength };
}

/**
 * {@link sealMessage} with the hash and the AES-IGE pass off the JS thread where the platform can
 * (for large bodies: see `offThreadCrypto`). The packet is laid out synchronously, so a malformed
 * body throws to the caller; the promise only carries the encryption.
 */
export function sealMessageAsync(authKey: Uint8Array, direction: MessageDirection, header: SealHeader, body: Uint8Array | readonly ContainerMessage[]): Promise<Uint8Array> {
  const { buf, plaintextLength } = layOut(header, body);
  return sealInPlaceAsync(authKey, buf, plaintextLength, direction);
}
