/**
 * Builds an outgoing encrypted packet in one buffer: envelope header, the body (or a container of
 * messages written straight in), random padding and the AES-IGE ciphertext, encrypted where the
 * plaintext lies. A 512 KiB file part is copied once (into the packet), not once per layer.
 * https://core.telegram.org/mtproto/description
 * @module
 */
import { SEAL_PLAINTEXT_OFFSET, allocSealBuffer, sealInPlace } from '../crypto/mtproto2.js';
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
  const bodyLength = body instanceof Uint8Array ? body.length : containerSize(body);
  checkBodyLength(bodyLength);
  const plaintextLength = PLAINTEXT_HEADER_SIZE + bodyLength;
  const buf = allocSealBuffer(plaintextLength);
  writePlaintextHeader(buf, SEAL_PLAINTEXT_OFFSET, header, bodyLength);
  const at = SEAL_PLAINTEXT_OFFSET + PLAINTEXT_HEADER_SIZE;
  if (body instanceof Uint8Array) buf.set(body, at);
  else writeContainer(buf, at, body);
  return sealInPlace(authKey, buf, plaintextLength, direction);
}
