/* Off-thread AES-IGE and SHA-256 jobs (see async_jobs.c). */
#ifndef TGTS_ASYNC_JOBS_H
#define TGTS_ASYNC_JOBS_H

#include <node_api.h>

/* Adds sha256Async and igeAsync to exports when AES-NI may be used and OpenSSL's SHA-256 is found. */
void tgts_register_async_jobs(napi_env env, napi_value exports, int aesni);

#endif
