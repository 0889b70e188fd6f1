#include "cjsonscan.h"

// The bytes from `i` up to `end`, one at a time, from the state the caller keeps: the depth,
// whether a string is open, and whether the byte at `i` is escaped (left telling whether the
// byte at `end` is). One past the closing bracket, or SIZE_MAX while the container is open.
static size_t bytewise(const uint8_t *p, size_t i, size_t end, long *depth, int *in_string, int *escaped) {
    if (*escaped && i < end) {
        i++;
        *escaped = 0;
    }
    for (; i < end; i++) {
        uint8_t ch = p[i];
        if (*in_string) {
            if (ch == '\\') {
                if (++i == end) *escaped = 1;
            } else if (ch == '"') {
                *in_string = 0;
            }
        } else if (ch == '"') {
            *in_string = 1;
        } else if (ch == '{' || ch == '[') {
            ++*depth;
        } else if ((ch == '}' || ch == ']') && --*depth == 0) {
            return i + 1;
        }
    }
    return SIZE_MAX;
}

// What a block leaves for the next: the depth, all ones in `open` when a string is open, 1 in
// `carry` when the next block's first byte is escaped.
struct blocks {
    long depth;
    uint64_t open, carry;
};

#if defined(__SSE2__)
#include <emmintrin.h>

// A bit a byte for the 64 bytes of four vectors of 0xFF or 0 bytes.
static inline uint64_t bits(__m128i a, __m128i b, __m128i c, __m128i d) {
    uint64_t lo = (uint32_t)_mm_movemask_epi8(a) | (uint32_t)_mm_movemask_epi8(b) << 16;
    uint64_t hi = (uint32_t)_mm_movemask_epi8(c) | (uint32_t)_mm_movemask_epi8(d) << 16;
    return lo | hi << 32;
}

// Each bit the parity of the bits at or below it.
static inline uint64_t prefix_xor(uint64_t x) {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    x ^= x << 16;
    x ^= x << 32;
    return x;
}

// The parity of the quotes counted in `quotes` (a count a byte lane, which may wrap): all ones
// when it is odd.
static inline uint64_t odd_quotes(__m128i quotes) {
    // Bit 0 of each lane, moved to bit 7 for the movemask.
    unsigned low_bits = (unsigned)_mm_movemask_epi8(_mm_slli_epi16(quotes, 7));
    return 0u - (uint64_t)__builtin_parity(low_bits);
}

// The bytes of a block that a backslash escapes, taking every backslash for one inside a string:
// in a run of backslashes the second, the fourth and so on, and the byte after the run when the
// run is odd. `special` has the block's brackets and backslashes (at `block`, to tell them
// apart); `first` is 1 when the block's first byte is escaped. `*last` is set to 1 when the
// next block's first byte is.
static inline uint64_t escaped_bytes(const uint8_t *block, uint64_t special, uint64_t first, uint64_t *last) {
    uint64_t b = 0;
    for (; special; special &= special - 1) {
        if (block[__builtin_ctzll(special)] == '\\') b |= special & (0u - special);
    }
    const uint64_t even = 0x5555555555555555u;
    b &= ~first;  // an escaped backslash starts no run
    uint64_t odd_starts = b & ~(b << 1) & ~even;
    // Adding their first bits clears the runs that start on an odd bit (the carry goes past
    // their ends); the runs that start on an even bit stay. Shifted up one, these cover the
    // bytes after their backslashes, where the odd bits are escaped; after the other runs the
    // even bits are.
    uint64_t from_even = (b + odd_starts) << 1;
    uint64_t escaped = (even ^ from_even) & (b << 1 | first);
    *last = (b & ~escaped) >> 63;
    return escaped;
}

// Whether one of the bytes at the bits of `some` in the block at `block` is a backslash.
static inline int has_backslash(const uint8_t *block, uint64_t some) {
    for (; some; some &= some - 1) {
        if (block[__builtin_ctzll(some)] == '\\') return 1;
    }
    return 0;
}

enum { VISITED, CLOSED, STRAY_BACKSLASH };

// The brackets, backslashes and '|' outside strings in the block at `block` (the bits of
// `outside`), in order: a bracket moves the depth. Stops where the depth comes to zero
// (CLOSED) or at a backslash (STRAY_BACKSLASH), with `*at` where.
static inline int visit(const uint8_t *block, uint64_t outside, long *depth, unsigned *at) {
    for (; outside; outside &= outside - 1) {
        unsigned k = (unsigned)__builtin_ctzll(outside);
        uint8_t ch = block[k];
        if (ch & 1) {
            // A bracket: '[' and '{' have bit 1 set, ']' and '}' do not.
            *depth += (long)(ch & 2) - 1;
            if (*depth == 0 && !(ch & 2)) {
                *at = k;
                return CLOSED;
            }
        } else if (ch == '\\') {
            *at = k;
            return STRAY_BACKSLASH;
        }
    }
    return VISITED;
}

// A block with a bracket, a backslash or '|' (the bits of `special`), or whose first byte is
// escaped, with its quotes at the bits of `q`; `b->open` is brought up to date. In the block,
// which bytes are inside strings is the running parity of its quotes. If a backslash is inside
// a string, or the block's first byte is escaped, the escapes come from the runs of backslashes
// and the escaped quotes are left out of the parity. Then the brackets outside strings are
// visited in order. A backslash outside strings escapes nothing, unlike what the escapes took
// it to do: from there the block is read a byte at a time. One past the closing bracket,
// counted from `block`, or 0 while the container is open. `parity` is `prefix_xor` or a
// function giving the same.
static inline __attribute__((always_inline))
size_t special_block(const uint8_t *block, uint64_t q, uint64_t special, struct blocks *b, uint64_t (*parity)(uint64_t)) {
    uint64_t last = 0;
    uint64_t inside = parity(q) ^ b->open;
    // Without escapes, `inside` is right up to the block's first backslash; one inside a
    // string brings them in (they change nothing before the first backslash).
    if (b->carry || has_backslash(block, special & inside)) {
        inside = parity(q & ~escaped_bytes(block, special, b->carry, &last)) ^ b->open;
    }
    unsigned k = 0;
    int found = visit(block, special & ~inside, &b->depth, &k);
    if (found == CLOSED) return k + 1;
    if (found == STRAY_BACKSLASH) {
        int in = 0, esc = 0;
        size_t end = bytewise(block, k, 64, &b->depth, &in, &esc);
        if (end != SIZE_MAX) return end;
        inside = 0u - (uint64_t)in;
        last = (uint64_t)esc;
    }
    b->open = 0u - (inside >> 63);
    b->carry = last;
    return 0;
}

// The whole blocks from `*at`, with four 16-byte vectors a block. One past the closing
// bracket, or SIZE_MAX with `*at` at the first byte not read and `*state` as the blocks left it.
static size_t sse2_blocks(const uint8_t *p, size_t n, size_t *at, struct blocks *state) {
    struct blocks s = *state, *b = &s;  // a copy the compiler can keep in registers
    const __m128i quote = _mm_set1_epi8('"');
    // With bit 5 set and 2 added, '[', '\', ']', '{', '|' and '}' are 125, 126 and 127, and no
    // other byte is above 124.
    const __m128i fold = _mm_set1_epi8(0x20), two = _mm_set1_epi8(2), above = _mm_set1_epi8(124);
    __m128i quotes = _mm_setzero_si128();  // quotes since `b->open` was last brought up to date
    size_t i = *at;
    while (n >= 64 && i <= n - 64) {
        __m128i v0 = _mm_loadu_si128((const __m128i *)(p + i));
        __m128i v1 = _mm_loadu_si128((const __m128i *)(p + i + 16));
        __m128i v2 = _mm_loadu_si128((const __m128i *)(p + i + 32));
        __m128i v3 = _mm_loadu_si128((const __m128i *)(p + i + 48));
        __m128i s0 = _mm_cmpgt_epi8(_mm_add_epi8(_mm_or_si128(v0, fold), two), above);
        __m128i s1 = _mm_cmpgt_epi8(_mm_add_epi8(_mm_or_si128(v1, fold), two), above);
        __m128i s2 = _mm_cmpgt_epi8(_mm_add_epi8(_mm_or_si128(v2, fold), two), above);
        __m128i s3 = _mm_cmpgt_epi8(_mm_add_epi8(_mm_or_si128(v3, fold), two), above);
        __m128i q0 = _mm_cmpeq_epi8(v0, quote), q1 = _mm_cmpeq_epi8(v1, quote);
        __m128i q2 = _mm_cmpeq_epi8(v2, quote), q3 = _mm_cmpeq_epi8(v3, quote);
        if (!(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(s0, s1), _mm_or_si128(s2, s3))) | b->carry)) {
            // A quote compares as -1: subtracting counts it.
            quotes = _mm_sub_epi8(_mm_sub_epi8(quotes, _mm_add_epi8(q0, q1)), _mm_add_epi8(q2, q3));
            i += 64;
            continue;
        }
        b->open ^= odd_quotes(quotes);
        quotes = _mm_setzero_si128();
        size_t end = special_block(p + i, bits(q0, q1, q2, q3), bits(s0, s1, s2, s3), b, prefix_xor);
        if (end) return i + end;
        i += 64;
    }
    b->open ^= odd_quotes(quotes);
    *state = s;
    *at = i;
    return SIZE_MAX;
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define AVX2_BLOCKS 1
#include <immintrin.h>

// `prefix_xor` in one carry-less multiplication: by all ones, each bit of the product is the
// parity of the bits of `x` at or below it.
__attribute__((target("pclmul")))
static inline uint64_t clmul_prefix_xor(uint64_t x) {
    __m128i product = _mm_clmulepi64_si128(_mm_cvtsi64_si128((long long)x), _mm_set1_epi8(-1), 0);
    return (uint64_t)_mm_cvtsi128_si64(product);
}

// All ones when an odd count of the lanes of `odd` are 0xFF.
__attribute__((target("avx2,popcnt")))
static inline uint64_t odd_lanes(__m256i odd) {
    return 0u - (uint64_t)__builtin_parity((unsigned)_mm256_movemask_epi8(odd));
}

// The same with two 32-byte vectors a block, for CPUs with AVX2 and carry-less multiplication.
// The quotes of the blocks with no bracket nor backslash are kept as a parity a byte lane.
__attribute__((target("avx2,pclmul,popcnt")))
static size_t avx2_blocks(const uint8_t *p, size_t n, size_t *at, struct blocks *state) {
    struct blocks s = *state, *b = &s;
    const __m256i quote = _mm256_set1_epi8('"');
    const __m256i fold = _mm256_set1_epi8(0x20), two = _mm256_set1_epi8(2), above = _mm256_set1_epi8(124);
    __m256i odd = _mm256_setzero_si256();  // 0xFF in the lanes with an odd count of quotes
    size_t i = *at;
    while (n >= 64 && i <= n - 64) {
        __m256i lo = _mm256_loadu_si256((const __m256i *)(p + i));
        __m256i hi = _mm256_loadu_si256((const __m256i *)(p + i + 32));
        __m256i s_lo = _mm256_cmpgt_epi8(_mm256_add_epi8(_mm256_or_si256(lo, fold), two), above);
        __m256i s_hi = _mm256_cmpgt_epi8(_mm256_add_epi8(_mm256_or_si256(hi, fold), two), above);
        __m256i q_lo = _mm256_cmpeq_epi8(lo, quote), q_hi = _mm256_cmpeq_epi8(hi, quote);
        __m256i s = _mm256_or_si256(s_lo, s_hi);
        if (_mm256_testz_si256(s, s) && !b->carry) {
            odd = _mm256_xor_si256(odd, _mm256_xor_si256(q_lo, q_hi));
            i += 64;
            continue;
        }
        b->open ^= odd_lanes(odd);
        odd = _mm256_setzero_si256();
        uint64_t q = (uint32_t)_mm256_movemask_epi8(q_lo) | (uint64_t)(uint32_t)_mm256_movemask_epi8(q_hi) << 32;
        uint64_t special = (uint32_t)_mm256_movemask_epi8(s_lo) | (uint64_t)(uint32_t)_mm256_movemask_epi8(s_hi) << 32;
        size_t end = special_block(p + i, q, special, b, clmul_prefix_xor);
        if (end) return i + end;
        i += 64;
    }
    b->open ^= odd_lanes(odd);
    *state = s;
    *at = i;
    return SIZE_MAX;
}
#endif
#endif

typedef size_t (*block_loop)(const uint8_t *, size_t, size_t *, struct blocks *);

// Brackets nest; quotes open and close strings, in which brackets do not count and a backslash
// escapes the byte after it. Sixty-four bytes at a time by `loop`, with a bit a byte for each
// kind that matters, then the bytes after the last whole block one at a time. About half the
// blocks of a swagger's `paths` and `definitions` hold no bracket and no backslash (nor '|',
// which shares their test): their quotes are only counted, and the parity of the count tells
// whether a string is open at the next block that does.
static inline size_t skip(block_loop loop, const uint8_t *p, size_t n, size_t i) {
    struct blocks b = {0, 0, 0};
    if (loop) {
        size_t end = loop(p, n, &i, &b);
        if (end != SIZE_MAX) return end;
    }
    int in_string = (int)(b.open & 1), escaped = (int)b.carry;
    return bytewise(p, i, n, &b.depth, &in_string, &escaped);
}

#if defined(AVX2_BLOCKS)
#include <cpuid.h>

// Whether the CPU has AVX2, carry-less multiplication and popcnt, and the system saves the YMM
// registers. Asked with cpuid here, when first needed: `__builtin_cpu_supports` links the
// compiler runtime's CPU probe, which runs at every start (cpuid is slow in a virtual machine),
// though only the first look at a large connector ever asks.
static int has_avx2_pclmul_popcnt(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const unsigned pclmul = 1u << 1, popcnt = 1u << 23, osxsave = 1u << 27, avx = 1u << 28;
    if ((c & (pclmul | popcnt | osxsave | avx)) != (pclmul | popcnt | osxsave | avx)) return 0;
    unsigned xcr0_low, xcr0_high;
    __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
    if ((xcr0_low & 6) != 6) return 0;  // XMM and YMM state
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b & (1u << 5)) != 0;        // AVX2
}

// The AVX2 loop when the CPU has AVX2, carry-less multiplication and popcnt (the parity of a
// mask), else the SSE2 one; asked once.
static block_loop chosen_loop(void) {
    static block_loop chosen;
    block_loop loop = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (!loop) {
        loop = has_avx2_pclmul_popcnt() ? avx2_blocks : sse2_blocks;
        __atomic_store_n(&chosen, loop, __ATOMIC_RELAXED);
    }
    return loop;
}
#elif defined(__SSE2__)
static block_loop chosen_loop(void) { return sse2_blocks; }
#else
static block_loop chosen_loop(void) { return 0; }
#endif

int cw_json_skip_uses_avx2(void) {
#if defined(AVX2_BLOCKS)
    return chosen_loop() == avx2_blocks;
#else
    return 0;
#endif
}

size_t cw_json_skip_container(const uint8_t *p, size_t n, size_t i) {
    return skip(chosen_loop(), p, n, i);
}

size_t cw_json_skip_container_sse2(const uint8_t *p, size_t n, size_t i) {
#if defined(__SSE2__)
    return skip(sse2_blocks, p, n, i);
#else
    return skip(0, p, n, i);
#endif
}
