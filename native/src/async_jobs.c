/*
 * Off-thread AES-256-IGE and SHA-256 for large MTProto payloads: each call queues one job on the
 * libuv thread pool and calls back on the JS thread when it is done, so the bulk crypto of a file
 * part runs on another core. The protocol logic (key derivation, msg_key comparison, length and
 * padding rules) stays in JS; a job only transforms or hashes bytes.
 *
 * SHA-256 is OpenSSL's, as exported by the node binary (looked up once; without it no job is
 * offered). The typed arrays a job reads or writes are referenced until it completes, so they stay
 * alive; the caller must not touch them meanwhile.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include "aes_ige.h"
#include "async_jobs.h"

typedef int (*sha256_init_fn)(void *);
typedef int (*sha256_update_fn)(void *, const void *, size_t);
typedef int (*sha256_final_fn)(unsigned char *, void *);
static sha256_init_fn sha_init;
static sha256_update_fn sha_update;
static sha256_final_fn sha_final;

enum { JOB_SHA256 = 0, JOB_IGE_ENCRYPT = 1, JOB_IGE_DECRYPT = 2 };
#define MAX_REFS 3

typedef struct {
  napi_async_work work;
  napi_ref cb;
  napi_ref refs[MAX_REFS];
  int nrefs;
  int kind;
  const uint8_t *in;
  uint8_t *out;
  size_t len;
  uint8_t key[32];
  uint8_t iv[32];
  /* SHA-256(prefix || bytes) into digest, when digest is set: bytes are `in` for JOB_SHA256, `out` after IGE */
  uint8_t prefix[32];
  size_t prefix_len;
  uint8_t *digest;
} job_t;

static void sha256_two(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen, uint8_t *md) {
  /* OpenSSL's SHA256_CTX is 112 bytes; leave headroom. */
  _Alignas(16) unsigned char ctx[256];
  sha_init(ctx);
  if (alen > 0) sha_update(ctx, a, alen);
  if (blen > 0) sha_update(ctx, b, blen);
  sha_final(md, ctx);
}

static void execute(napi_env env, void *data) {
  (void)env;
  job_t *j = (job_t *)data;
  if (j->kind == JOB_SHA256) {
    sha256_two(j->prefix, j->prefix_len, j->in, j->len, j->digest);
    return;
  }
  if (j->len > 0) (j->kind == JOB_IGE_ENCRYPT ? tgts_ige256_encrypt : tgts_ige256_decrypt)(j->in, j->out, j->len, j->key, j->iv);
  if (j->digest != NULL) sha256_two(j->prefix, j->prefix_len, j->out, j->len, j->digest);
}

static void complete(napi_env env, napi_status status, void *data) {
  job_t *j = (job_t *)data;
  napi_value cb, undef, arg;
  for (int i = 0; i < j->nrefs; i++) napi_delete_reference(env, j->refs[i]);
  if (napi_get_reference_value(env, j->cb, &cb) == napi_ok && cb != NULL) {
    napi_get_undefined(env, &undef);
    if (status == napi_ok) {
      napi_get_null(env, &arg);
    } else {
      napi_value msg;
      napi_create_string_utf8(env, "tgts_crypto: job cancelled", NAPI_AUTO_LENGTH, &msg);
      napi_create_error(env, NULL, msg, &arg);
    }
    napi_call_function(env, undef, cb, 1, &arg, NULL);
  }
  napi_delete_reference(env, j->cb);
  napi_delete_async_work(env, j->work);
  free(j);
}

static int bytes_of(napi_env env, napi_value v, uint8_t **data, size_t *len) {
  napi_typedarray_type type;
  void *ptr;
  bool is_ta = false;
  if (napi_is_typedarray(env, v, &is_ta) != napi_ok || !is_ta) return 0;
  if (napi_get_typedarray_info(env, v, &type, len, &ptr, NULL, NULL) != napi_ok || type != napi_uint8_array) return 0;
  *data = (uint8_t *)ptr;
  return 1;
}

static int keep(napi_env env, job_t *j, napi_value v) {
  if (j->nrefs >= MAX_REFS || napi_create_reference(env, v, 1, &j->refs[j->nrefs]) != napi_ok) return 0;
  j->nrefs++;
  return 1;
}

static napi_value queue(napi_env env, job_t *j, napi_value cb) {
  napi_value name;
  napi_valuetype t;
  if (napi_typeof(env, cb, &t) != napi_ok || t != napi_function || napi_create_reference(env, cb, 1, &j->cb) != napi_ok) {
    for (int i = 0; i < j->nrefs; i++) napi_delete_reference(env, j->refs[i]);
    free(j);
    napi_throw_type_error(env, NULL, "tgts_crypto: expected a callback");
    return NULL;
  }
  napi_create_string_utf8(env, "tgts_crypto", NAPI_AUTO_LENGTH, &name);
  if (napi_create_async_work(env, NULL, name, execute, complete, j, &j->work) != napi_ok || napi_queue_async_work(env, j->work) != napi_ok) {
    napi_throw_error(env, NULL, "tgts_crypto: could not queue the job");
    return NULL; /* the job leaks here: only when N-API itself fails */
  }
  return NULL;
}

static job_t *new_job(napi_env env) {
  job_t *j = (job_t *)calloc(1, sizeof(job_t));
  if (j == NULL) napi_throw_error(env, NULL, "tgts_crypto: out of memory");
  return j;
}

static napi_value fail(napi_env env, job_t *j, const char *msg) {
  for (int i = 0; i < j->nrefs; i++) napi_delete_reference(env, j->refs[i]);
  free(j);
  napi_throw_range_error(env, NULL, msg);
  return NULL;
}

/* (data, digest32, cb) -> undefined; digest = SHA-256(data) */
static napi_value sha256_async(napi_env env, napi_callback_info info) {
  size_t argc = 3;
  napi_value argv[3];
  uint8_t *data, *digest;
  size_t len, dlen;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 3 || !bytes_of(env, argv[0], &data, &len) ||
      !bytes_of(env, argv[1], &digest, &dlen)) {
    napi_throw_type_error(env, NULL, "tgts_crypto: expected (data, digest, cb)");
    return NULL;
  }
  job_t *j = new_job(env);
  if (j == NULL) return NULL;
  if (dlen != 32) return fail(env, j, "tgts_crypto: digest must be 32 bytes");
  j->kind = JOB_SHA256;
  j->in = data;
  j->len = len;
  j->digest = digest;
  if (!keep(env, j, argv[0]) || !keep(env, j, argv[1])) return fail(env, j, "tgts_crypto: could not reference the arrays");
  return queue(env, j, argv[2]);
}

/*
 * (encrypt, data, key, iv, out, prefix | null, digest | null, cb) -> undefined. AES-256-IGE of data
 * into out (may be data); with a digest, then digest = SHA-256(prefix || out). key and iv are copied.
 */
static napi_value ige_async(napi_env env, napi_callback_info info) {
  size_t argc = 8;
  napi_value argv[8];
  bool encrypt = false;
  uint8_t *data, *key, *iv, *out, *prefix = NULL, *digest = NULL;
  size_t len, key_len, iv_len, out_len, prefix_len = 0, digest_len = 0;
  napi_valuetype pt = napi_null, dt = napi_null;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 8 || napi_get_value_bool(env, argv[0], &encrypt) != napi_ok ||
      !bytes_of(env, argv[1], &data, &len) || !bytes_of(env, argv[2], &key, &key_len) || !bytes_of(env, argv[3], &iv, &iv_len) ||
      !bytes_of(env, argv[4], &out, &out_len) || napi_typeof(env, argv[5], &pt) != napi_ok || napi_typeof(env, argv[6], &dt) != napi_ok ||
      (pt != napi_null && !bytes_of(env, argv[5], &prefix, &prefix_len)) || (dt != napi_null && !bytes_of(env, argv[6], &digest, &digest_len))) {
    napi_throw_type_error(env, NULL, "tgts_crypto: expected (encrypt, data, key, iv, out, prefix | null, digest | null, cb)");
    return NULL;
  }
  job_t *j = new_job(env);
  if (j == NULL) return NULL;
  if (key_len != 32 || iv_len != 32 || len % 16 != 0 || out_len < len) return fail(env, j, "tgts_crypto: bad key/iv/data/out length");
  if (prefix_len > 32 || (digest != NULL && digest_len != 32)) return fail(env, j, "tgts_crypto: bad prefix/digest length");
  j->kind = encrypt ? JOB_IGE_ENCRYPT : JOB_IGE_DECRYPT;
  j->in = data;
  j->out = out;
  j->len = len;
  memcpy(j->key, key, 32);
  memcpy(j->iv, iv, 32);
  if (prefix_len > 0) memcpy(j->prefix, prefix, prefix_len);
  j->prefix_len = prefix_len;
  j->digest = digest;
  if (!keep(env, j, argv[1]) || !keep(env, j, argv[4]) || (digest != NULL && !keep(env, j, argv[6]))) {
    return fail(env, j, "tgts_crypto: could not reference the arrays");
  }
  return queue(env, j, argv[7]);
}

void tgts_register_async_jobs(napi_env env, napi_value exports, int aesni) {
  napi_value fn;
  sha_init = (sha256_init_fn)dlsym(RTLD_DEFAULT, "SHA256_Init");
  sha_update = (sha256_update_fn)dlsym(RTLD_DEFAULT, "SHA256_Update");
  sha_final = (sha256_final_fn)dlsym(RTLD_DEFAULT, "SHA256_Final");
  if (!aesni || !sha_init || !sha_update || !sha_final) return;
  napi_create_function(env, "sha256Async", NAPI_AUTO_LENGTH, sha256_async, NULL, &fn);
  napi_set_named_property(env, exports, "sha256Async", fn);
  napi_create_function(env, "igeAsync", NAPI_AUTO_LENGTH, ige_async, NULL, &fn);
  napi_set_named_property(env, exports, "igeAsync", fn);
}
