{
  "targets": [
    {
      "target_name": "tgts_crypto",
      "sources": ["src/aes_ige.c", "src/aes_ctr.c", "src/utf8.c", "src/async_jobs.c", "src/addon.c"],
      "cflags_c": ["-O3", "-std=c11"],
      "#": "AES-NI/SSE4.1 are enabled per function (target attribute) rather than with global -maes -msse4.1, so no unguarded code can use them before the runtime CPUID check."
    }
  ]
}
