#ifndef CJSONSCAN_H
#define CJSONSCAN_H

#include <stddef.h>
#include <stdint.h>

/// Where the JSON object or array that opens at `bytes[start]` ends (one past its closing
/// bracket), found by its brackets and quotes alone, 64 bytes at a time, without checking
/// anything else; SIZE_MAX when it is never closed. On x86-64 the blocks are read with AVX2
/// when the CPU has it (with carry-less multiplication and popcnt), else with SSE2; without SSE2 a byte at
/// a time.
size_t cw_json_skip_container(const uint8_t *bytes, size_t count, size_t start);

/// The same, never with AVX2: with SSE2 where there is SSE2. For tests, so that both ways are
/// checked on a CPU with AVX2.
size_t cw_json_skip_container_sse2(const uint8_t *bytes, size_t count, size_t start);

/// Whether `cw_json_skip_container` reads with AVX2 on this CPU (x86-64 with AVX2, carry-less
/// multiplication and popcnt, the YMM registers saved by the system). For tests.
int cw_json_skip_uses_avx2(void);

#endif
