/** Naming rules that map TL names to TypeScript identifiers (a contract other layers rely on). */

/** `chatInviteExported` → `ChatInviteExported`; `p_q_inner_data_dc` → `PQInnerDataDc`; `messages.chats` → `MessagesChats`. */
export function pascalCase(tlName: string): string {
  return tlName
    .split(/[._]/)
    .filter((p) => p.length > 0)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}

/** `usage_limit` → `usageLimit`; `new_nonce_hash1` → `newNonceHash1`. */
export function camelCase(tlName: string): string {
  const parts = tlName.split('_').filter((p) => p.length > 0);
  return parts.map((p, i) => (i === 0 ? p : p[0].toUpperCase() + p.slice(1))).join('');
}

/** Lower-case hex with `0x`, 8 digits. */
export function hexId(id: number): string {
  return '0x' + (id >>> 0).toString(16).padStart(8, '0');
}
