#ifndef CJSONSCAN_H
#define CJSONSCAN_H

#include <stddef.h>
#include <stdint.h>

/// Where the JSON object or array that opens at `bytes[start]` ends (one past its closing
/// bracket), found by its brackets and quotes alone, 64 bytes at a time, without checking
/// anything else; SIZE_MAX when it is never closed.
size_t cw_json_skip_container(const uint8_t *bytes, size_t count, size_t start);

#endif
