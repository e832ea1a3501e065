/* Raising errors into the thread-local slot read by eseal_error_last(). */
#ifndef ESEAL_CORE_ERROR_H
#define ESEAL_CORE_ERROR_H

#if defined(__GNUC__)
#define ESEAL__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define ESEAL__PRINTF(f, a)
#endif

/* Records `code` and the formatted message; returns `code` for `return eseal__error_set(…)`. */
int eseal__error_set(int code, const char *fmt, ...) ESEAL__PRINTF(2, 3);

/* Raises `code` with "prefix: " before the current message (a file name, say). */
int eseal__error_prefix(int code, const char *prefix);

/* Records ESEAL_ENOMEM; returns it. */
int eseal__error_oom(void);

#endif
