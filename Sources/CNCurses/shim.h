#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H

// Wide-character ncurses: without these get_wch, cchar_t and setcchar do not import.
#define _XOPEN_SOURCE_EXTENDED 1
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <ncursesw/term.h>

// Macros and globals Swift cannot import (or, in Swift 6, rejects as shared mutable state).
static inline WINDOW *cw_stdscr(void) { return stdscr; }
static inline int cw_lines(void) { return LINES; }
static inline int cw_cols(void) { return COLS; }
static inline int cw_colors(void) { return COLORS; }
static inline int cw_color_pairs(void) { return COLOR_PAIRS; }
static inline int cw_key_f(int n) { return KEY_F(n); }
static inline attr_t cw_a_bold(void) { return A_BOLD; }
static inline attr_t cw_a_underline(void) { return A_UNDERLINE; }
static inline attr_t cw_a_reverse(void) { return A_REVERSE; }
static inline attr_t cw_a_dim(void) { return A_DIM; }
static inline attr_t cw_a_normal(void) { return A_NORMAL; }

// newterm on the process's own stdin/stdout. Unlike initscr, which prints a message and exits
// when the terminal type is unknown, it returns NULL, so Swift can throw a clear error.
static inline SCREEN *cw_newterm_stdio(void) { return newterm(NULL, stdout, stdin); }
// The same for a terminal type other than TERM's (its direct-colour variant).
static inline SCREEN *cw_newterm_named(const char *name) { return newterm(name, stdout, stdin); }

// Paints one cell: a spacing character followed by up to four combining marks (NUL-terminated),
// with attributes and an extended colour pair. Pairs above 32767 only fit through setcchar's
// `opts` pointer (ncurses 6), so the pair always goes that way.
static inline int cw_put_cell(WINDOW *win, int y, int x, const wchar_t *text, attr_t attrs, int pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, 0, &pair) == ERR) return ERR;
    return mvwadd_wch(win, y, x, &cell);
}

// A terminfo string capability, or NULL where the entry has none (tigetstr also answers -1 for
// a name that is not a string capability).
static inline const char *cw_tigetstr(const char *name) {
    char *s = tigetstr(name);
    return (s == NULL || s == (char *)-1) ? NULL : s;
}
// tiparm is variadic, which Swift cannot call.
static inline const char *cw_tiparm1(const char *cap, int a) { return tiparm(cap, a); }
static inline const char *cw_tiparm2(const char *cap, int a, int b) { return tiparm(cap, a, b); }
static inline const char *cw_tiparm4(const char *cap, int a, int b, int c, int d) { return tiparm(cap, a, b, c, d); }

#endif
