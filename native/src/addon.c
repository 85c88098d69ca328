/*
 * N-API entry points for the tgts crypto addon.
 *
 * JS validates arguments first; the checks here only exist so that a misuse can
 * never read or write outside a buffer.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include "aes_ige.h"
#include "aes_ctr.h"
#include "utf8.h"
#include "async_jobs.h"

typedef void (*ige_fn)(const uint8_t *, uint8_t *, size_t, const uint8_t *, const uint8_t *);

static int get_bytes(napi_env env, napi_value v, uint8_t **data, size_t *len) {
  napi_typedarray_type type;
  size_t length;
  void *ptr;
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return 0;
  if (napi_get_typedarray_info(env, v, &type, &length, &ptr, NULL, NULL) != napi_ok) return 0;
  if (type != napi_uint8_array) return 0;
  *data = (uint8_t *)ptr;
  *len = length;
  return 1;
}

/* (data, key, iv, out) -> undefined */
static napi_value run_ige(napi_env env, napi_callback_info info, ige_fn fn) {
  size_t argc = 4;
  napi_value argv[4];
  uint8_t *data, *key, *iv, *out;
  size_t data_len, key_len, iv_len, out_len;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 4 ||
      !get_bytes(env, argv[0], &data, &data_len) || !get_bytes(env, argv[1], &key, &key_len) ||
      !get_bytes(env, argv[2], &iv, &iv_len) || !get_bytes(env, argv[3], &out, &out_len)) {
    napi_throw_type_error(env, NULL, "tgts_crypto: expected (data, key, iv, out) Uint8Arrays");
    return NULL;
  }
  if (key_len != 32 || iv_len != 32 || data_len % 16 != 0 || out_len < data_len) {
    napi_throw_range_error(env, NULL, "tgts_crypto: bad key/iv/data/out length");
    return NULL;
  }
  if (data_len > 0) fn(data, out, data_len, key, iv);
  return NULL;
}

static napi_value ige_encrypt(napi_env env, napi_callback_info info) {
  return run_ige(env, info, tgts_ige256_encrypt);
}
static napi_value ige_decrypt(napi_env env, napi_callback_info info) {
  return run_ige(env, info, tgts_ige256_decrypt);
}

/* (key, iv, state) -> undefined: a fresh AES-256-CTR stream in state (TGTS_CTR_STATE_BYTES). */
static napi_value ctr_init(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  uint8_t *key, *iv, *state;
  size_t key_len, iv_len, state_len;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3 ||
      !get_bytes(env, argv[0], &key, &key_len) || !get_bytes(env, argv[1], &iv, &iv_len) ||
      !get_bytes(env, argv[2], &state, &state_len)) {
    napi_throw_type_error(env, NULL, "tgts_crypto: expected (key, iv, state) Uint8Arrays");
    return NULL;
  }
  if (key_len != 32 || iv_len != 16 || state_len != TGTS_CTR_STATE_BYTES) {
    napi_throw_range_error(env, NULL, "tgts_crypto: bad key/iv/state length");
    return NULL;
  }
  tgts_ctr256_init(key, iv, state);
  return NULL;
}

/* (state, data) -> undefined: data XORed in place with the stream's next bytes. */
static napi_value ctr_xor(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  uint8_t *state, *data;
  size_t state_len, data_len;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 ||
      !get_bytes(env, argv[0], &state, &state_len) || !get_bytes(env, argv[1], &data, &data_len)) {
    napi_throw_type_error(env, NULL, "tgts_crypto: expected (state, data) Uint8Arrays");
    return NULL;
  }
  /* the used-bytes field indexes the kept keystream block: a state not made by ctrInit is refused */
  if (state_len != TGTS_CTR_STATE_BYTES || state[TGTS_CTR_STATE_BYTES - 1] >= 16) {
    napi_throw_range_error(env, NULL, "tgts_crypto: bad CTR state");
    return NULL;
  }
  if (data_len > 0) tgts_ctr256_xor(state, data, data_len);
  return NULL;
}

/* OpenSSL's legacy AES_ige_encrypt as exported by the node binary: benchmark comparison only. */
typedef int (*aes_set_key_fn)(const unsigned char *, int, void *);
typedef void (*aes_ige_fn)(const unsigned char *, unsigned char *, size_t, const void *, unsigned char *, int);
static aes_set_key_fn ossl_set_enc, ossl_set_dec;
static aes_ige_fn ossl_ige;

static napi_value openssl_ige(napi_env env, napi_callback_info info) {
  size_t argc = 5;
  napi_value argv[5];
  uint8_t *data, *key, *iv, *out;
  size_t data_len, key_len, iv_len, out_len;
  bool enc = true;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 5 ||
      !get_bytes(env, argv[0], &data, &data_len) || !get_bytes(env, argv[1], &key, &key_len) ||
      !get_bytes(env, argv[2], &iv, &iv_len) || !get_bytes(env, argv[3], &out, &out_len) ||
      napi_get_value_bool(env, argv[4], &enc) != napi_ok) {
    napi_throw_type_error(env, NULL, "tgts_crypto: expected (data, key, iv, out, encrypt)");
    return NULL;
  }
  if (key_len != 32 || iv_len != 32 || data_len % 16 != 0 || out_len < data_len) {
    napi_throw_range_error(env, NULL, "tgts_crypto: bad key/iv/data/out length");
    return NULL;
  }
  /* AES_KEY is 60 round-key words + rounds (244 bytes); leave headroom. */
  _Alignas(16) unsigned char aes_key[512];
  unsigned char ivec[32];
  memcpy(ivec, iv, 32);
  (enc ? ossl_set_enc : ossl_set_dec)(key, 256, aes_key);
  if (data_len > 0) ossl_ige(data, out, data_len, aes_key, ivec, enc ? 1 : 0);
  return NULL;
}

/*
 * (bytes, start, end) -> string | undefined. Decodes bytes[start, end) as strict UTF-8;
 * undefined means invalid UTF-8. Throws TypeError for a non-Uint8Array or non-number
 * offsets, RangeError unless start and end are integers with 0 <= start <= end <= bytes.length.
 */
#define UTF8_STACK_UNITS 1024

static napi_value decode_utf8(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  napi_typedarray_type type;
  void *data;
  size_t data_len;
  double start_d, end_d;
  napi_value result = NULL;
  /* Hot path: napi_get_typedarray_info itself rejects non-typed-arrays (no napi_is_typedarray). */
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3 ||
      napi_get_typedarray_info(env, argv[0], &type, &data_len, &data, NULL, NULL) != napi_ok ||
      type != napi_uint8_array || napi_get_value_double(env, argv[1], &start_d) != napi_ok ||
      napi_get_value_double(env, argv[2], &end_d) != napi_ok) {
    napi_throw_type_error(env, NULL, "tgts_crypto: expected (bytes: Uint8Array, start: number, end: number)");
    return NULL;
  }
  /* Written so that NaN fails every comparison; the casts are in range once the checks pass. */
  if (!(start_d >= 0 && start_d <= end_d && end_d <= (double)data_len && end_d - start_d <= INT32_MAX) ||
      (double)(size_t)start_d != start_d || (double)(size_t)end_d != end_d) {
    napi_throw_range_error(env, NULL, "tgts_crypto: decodeUtf8 range outside the array");
    return NULL;
  }
  size_t start = (size_t)start_d;
  if (end_d == start_d) { /* data may be NULL for an empty array: no pointer arithmetic on it */
    napi_create_string_latin1(env, "", 0, &result);
    return result;
  }
  const uint8_t *src = (const uint8_t *)data + start;
  size_t len = (size_t)end_d - start;
  size_t ascii = tgts_ascii_prefix(src, len);
  if (ascii == len) {
    napi_create_string_latin1(env, (const char *)src, len, &result);
    return result;
  }

  uint16_t stack_units[UTF8_STACK_UNITS];
  uint16_t *units = len <= UTF8_STACK_UNITS ? stack_units : malloc(len * sizeof(uint16_t));
  if (units == NULL) {
    napi_throw_error(env, NULL, "tgts_crypto: out of memory");
    return NULL;
  }
  for (size_t k = 0; k < ascii; k++) units[k] = src[k];
  uint16_t or_units = 0;
  size_t n = tgts_utf8_to_utf16(src + ascii, len - ascii, units + ascii, &or_units);
  if (n == (size_t)-1) {
    napi_get_undefined(env, &result);
  } else if (or_units < 0x100) {
    /* Latin-1 only: a one-byte string, as V8 itself would make. Narrow in place (char access). */
    uint8_t *narrow = (uint8_t *)units;
    for (size_t k = 0; k < ascii + n; k++) narrow[k] = (uint8_t)units[k];
    napi_create_string_latin1(env, (const char *)narrow, ascii + n, &result);
  } else {
    napi_create_string_utf16(env, (const char16_t *)units, ascii + n, &result);
  }
  if (units != stack_units) free(units);
  return result;
}

static napi_value make_bool(napi_env env, int v) {
  napi_value r;
  napi_get_boolean(env, v != 0, &r);
  return r;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_set_named_property(env, exports, "aesni", make_bool(env, tgts_aesni_available()));
  napi_create_function(env, "igeEncrypt", NAPI_AUTO_LENGTH, ige_encrypt, NULL, &fn);
  napi_set_named_property(env, exports, "igeEncrypt", fn);
  napi_create_function(env, "igeDecrypt", NAPI_AUTO_LENGTH, ige_decrypt, NULL, &fn);
  napi_set_named_property(env, exports, "igeDecrypt", fn);
  if (tgts_aesni_available()) {
    napi_create_function(env, "ctrInit", NAPI_AUTO_LENGTH, ctr_init, NULL, &fn);
    napi_set_named_property(env, exports, "ctrInit", fn);
    napi_create_function(env, "ctrXor", NAPI_AUTO_LENGTH, ctr_xor, NULL, &fn);
    napi_set_named_property(env, exports, "ctrXor", fn);
  }
  napi_create_function(env, "decodeUtf8", NAPI_AUTO_LENGTH, decode_utf8, NULL, &fn);
  napi_set_named_property(env, exports, "decodeUtf8", fn);
  tgts_register_async_jobs(env, exports, tgts_aesni_available());

  ossl_set_enc = (aes_set_key_fn)dlsym(RTLD_DEFAULT, "AES_set_encrypt_key");
  ossl_set_dec = (aes_set_key_fn)dlsym(RTLD_DEFAULT, "AES_set_decrypt_key");
  ossl_ige = (aes_ige_fn)dlsym(RTLD_DEFAULT, "AES_ige_encrypt");
  if (ossl_set_enc && ossl_set_dec && ossl_ige) {
    napi_create_function(env, "opensslIge", NAPI_AUTO_LENGTH, openssl_ige, NULL, &fn);
    napi_set_named_property(env, exports, "opensslIge", fn);
  }
  return exports;
}
