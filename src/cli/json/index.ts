/** JSON ↔ TL conversion used by `tgts call` (and usable by scripts). */
export { JsonTlError } from './errors.js';
export { requestFromJson, valueFromJson, findMethod, apiMethodNames, type TlValueObject } from './json-to-tl.js';
export { tlToJson, formatTlJson, type JsonValue } from './tl-to-json.js';
export { bytesFromBase64, bytesToBase64 } from './base64.js';
