/**
 * `tgts/sessions`: converters between tgts and other libraries' sessions — GramJS, Telethon
 * (string and `.session` file), Pyrogram (string and `.session` file), mtcute and Telegram Desktop `tdata` — through one
 * neutral {@link PortableSession}, and from there into and out of a tgts `Storage`.
 *
 * @example
 * import { importSession, exportSession, sessionToStorage } from 'tgts/sessions';
 * const session = await importSession({ path: 'telethon.session' });
 * await sessionToStorage(session, storage);              // into tgts
 * console.log(exportSession(session, 'gramjs'));          // or into another library
 *
 * @module
 */
export type { DetectedSession, PortableDc, PortableSession, SessionFormat, StringSessionFormat } from './types.js';
export { SessionFormatError, FORMAT_NAMES } from './errors.js';
export { ForeignSessionError } from '../storage/session/foreign.js';
export { detectSessionFormat, detectSessionString, type SessionPath } from './detect.js';
export { importSession, exportSession, parseSessionString, type ImportSessionOptions, type ExportSessionOptions } from './convert.js';
export { sessionToStorage, sessionFromStorage } from './storage.js';
export { toSessionData, fromSessionData } from './portable.js';
export { parseGramjsSession, writeGramjsSession } from './formats/gramjs.js';
export { parseTelethonSession, writeTelethonSession } from './formats/telethon-string.js';
export { readTelethonSqlite } from './formats/telethon-sqlite.js';
export { readPyrogramSqlite } from './formats/pyrogram-sqlite.js';
export { parsePyrogramSession, writePyrogramSession, type PyrogramVariant } from './formats/pyrogram.js';
export { parseMtcuteSession, writeMtcuteSession } from './formats/mtcute.js';
export { readTdata, type TdataOptions } from './tdata/read.js';
