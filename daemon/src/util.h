/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Small helpers: strict number parsing, growable buffers, safe copies. */
#ifndef IPCAMD_UTIL_H
#define IPCAMD_UTIL_H

#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation that never returns NULL (the daemon aborts on OOM). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/* Write all N bytes of P to FD (through EINTR and short writes): 0 or -errno. */
int write_full(int fd, const void *p, size_t n);

/*
 * Strict decimal parse of S[0..LEN): an optional '-', then 1..19 digits,
 * nothing else (no spaces, no '+', no hex).  True when it parsed and lies in
 * [MIN, MAX].
 */
bool parse_long(const char *s, size_t len, long min, long max, long *out);

/* The value of hex digit C, either case, or -1. */
int hex_digit(char c);
/* The byte that the two hex digits at S spell, or -1 (S[1] is read only
 * when S[0] is a digit, so a string's last character may come first). */
int hex_pair(const char *s);

/* Copy with truncation; always NUL-terminates when cap > 0. */
size_t str_copy(char *dst, size_t cap, const char *src);

/*
 * KEY: the client a socket address stands for.  IPv4 and IPv4-mapped IPv6
 * give the same key; other IPv6 addresses count by their /64, the block a
 * single subscriber is given.  Throttling and viewer shares count by it.
 */
struct sockaddr;
void client_key(const struct sockaddr *sa, unsigned char key[16]);

/* True when S[0..LEN) is well-formed UTF-8 (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF). */
bool utf8_valid(const char *s, size_t len);

/* Constant-time comparison of two NUL-terminated strings. */
bool secret_equal(const char *a, const char *b);

/* Wipe memory that held a secret. */
void secret_wipe(void *p, size_t n);

/* Growable byte buffer, always NUL-terminated. */
struct sbuf {
	char *p;
	size_t len;
	size_t cap;
};

void sbuf_init(struct sbuf *b);
void sbuf_add(struct sbuf *b, const void *data, size_t n);
void sbuf_adds(struct sbuf *b, const char *s);
void sbuf_addc(struct sbuf *b, char c);
void sbuf_printf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sbuf_vprintf(struct sbuf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
/* Hand the contents to the caller (who frees them); B is empty after. */
char *sbuf_detach(struct sbuf *b, size_t *len);
void sbuf_free(struct sbuf *b);

/* Monotonic seconds (CLOCK_MONOTONIC), for timeouts and throttling. */
double mono_now(void);
/* Sleep S seconds (nothing when S <= 0). */
void sleep_s(double s);

/* A condition variable whose timed waits take CLOCK_MONOTONIC deadlines
 * (a clock step of set_datetime.cgi or SNTP moves none of them). */
void cond_init_monotonic(pthread_cond_t *c);

#endif
