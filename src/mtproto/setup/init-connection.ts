/**
 * The first call of every connection goes wrapped in `invokeWithLayer(initConnection(…))`, which
 * tells the server our layer and app (https://core.telegram.org/api/invoking#layers).
 * @module
 */
import { writeRequest } from '../../tl/codec.js';
import { LAYER } from '../../tl/generated/layer.js';
import type { AnyRequest, JSONValue } from '../../tl/index.js';
import { Writer } from '../../tl/runtime/writer.js';
import { maybeGzipPack } from '../gzip.js';
import type { FirstCallWrapper } from '../engine/outbox.js';

/** What `initConnection` reports about the app. */
export interface InitConnectionParams {
  apiId: number;
  deviceModel: string;
  systemVersion: string;
  appVersion: string;
  systemLangCode: string;
  langPack: string;
  langCode: string;
  /** `params:JSONValue` of initConnection. */
  params?: unknown;
}

/** Serialises a request inside invokeWithLayer(initConnection(…)) (gzip_packed when that pays). */
export function initConnectionWrapper(init: InitConnectionParams): FirstCallWrapper {
  return (request: AnyRequest) => {
    const w = new Writer(512);
    writeRequest(w, {
      _: 'invokeWithLayer',
      layer: LAYER,
      query: {
        _: 'initConnection',
        apiId: init.apiId,
        deviceModel: init.deviceModel,
        systemVersion: init.systemVersion,
        appVersion: init.appVersion,
        systemLangCode: init.systemLangCode,
        langPack: init.langPack,
        langCode: init.langCode,
        ...(init.params === undefined ? {} : { params: init.params as JSONValue }),
        query: request,
      },
    });
    return maybeGzipPack(w.finish());
  };
}
