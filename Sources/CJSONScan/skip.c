#include "cjsonscan.h"

#if defined(__SSE2__)
#include <emmintrin.h>

// A bit a byte, for the 16 bytes at `p`, where the byte equals `x`.
static inline uint32_t matches(__m128i v, __m128i x) {
    return (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, x));
}
#endif

// Brackets nest; quotes open and close strings, in which brackets do not count and a backslash
// escapes the byte after it. Thirty-two bytes at a time: a bit a byte for each kind of byte that
// matters; in a block with no backslash (nearly all), which bytes are inside strings is the
// running parity of the quotes before them, so only the brackets outside strings are visited.
size_t cw_json_skip_container(const uint8_t *p, size_t n, size_t i) {
    long depth = 0;
    uint32_t in_string = 0;
    int skip_first = 0;  // a backslash ended the previous block: its escaped byte starts this one
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    const __m128i fold = _mm_set1_epi8(0x20), open = _mm_set1_epi8('{'), close = _mm_set1_epi8('}');
    while (i + 32 <= n) {
        __m128i lo = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i hi = _mm_loadu_si128((const __m128i *)(p + i + 16));
        // With bit 5 set, '[' and ']' are '{' and '}', and no other byte is.
        __m128i flo = _mm_or_si128(lo, fold), fhi = _mm_or_si128(hi, fold);
        uint32_t q = matches(lo, quote) | matches(hi, quote) << 16;
        uint32_t b = matches(lo, backslash) | matches(hi, backslash) << 16;
        uint32_t o = matches(flo, open) | matches(fhi, open) << 16;
        uint32_t c = matches(flo, close) | matches(fhi, close) << 16;
        if (!b && !skip_first) {
            uint32_t px = q;
            px ^= px << 1;
            px ^= px << 2;
            px ^= px << 4;
            px ^= px << 8;
            px ^= px << 16;
            uint32_t inside = in_string ? ~px : px;
            in_string ^= px >> 31;
            uint32_t brackets = (o | c) & ~inside;
            while (brackets) {
                uint32_t bit = brackets & (0u - brackets);
                brackets ^= bit;
                if (bit & o) {
                    depth++;
                } else if (--depth == 0) {
                    return i + (size_t)__builtin_ctz(bit) + 1;
                }
            }
            i += 32;
            continue;
        }
        // A block with an escape: its bytes that matter one by one, in order.
        uint32_t done = skip_first ? 1u : 0u;  // bits at or below the last one looked at
        skip_first = 0;
        for (;;) {
            uint32_t stops = (in_string ? (q | b) : (q | o | c)) & ~done;
            if (!stops) break;
            unsigned k = (unsigned)__builtin_ctz(stops);
            uint32_t bit = 1u << k;
            done = bit | (bit - 1);
            if (bit & q) {
                in_string = !in_string;
            } else if (in_string) {  // a backslash: the byte after it is not looked at
                if (k == 31) skip_first = 1;
                else done |= bit << 1;
            } else if (bit & o) {
                depth++;
            } else if (--depth == 0) {
                return i + k + 1;
            }
        }
        i += 32;
    }
#endif
    if (skip_first) i++;
    for (; i < n; i++) {
        uint8_t ch = p[i];
        if (in_string) {
            if (ch == '\\') i++;
            else if (ch == '"') in_string = 0;
        } else if (ch == '"') {
            in_string = 1;
        } else if (ch == '{' || ch == '[') {
            depth++;
        } else if ((ch == '}' || ch == ']') && --depth == 0) {
            return i + 1;
        }
    }
    return SIZE_MAX;
}
