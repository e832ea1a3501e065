/*
 * A test SQLite VFS that simulates power loss. It wraps the default VFS and
 * keeps every write (and truncation) pending in memory until the file is
 * synced, as a disk cache does; reads see the pending writes. When the power
 * is cut, the pending writes of every open file are dropped (all of them, or
 * a random subset written through, as a disk that flushed part of its cache in
 * any order), and from then on every write, sync and delete fails, as on a
 * dead machine, until the power is restored.
 */
#ifndef ESEAL_TEST_POWERLOSS_VFS_H
#define ESEAL_TEST_POWERLOSS_VFS_H

#ifdef __cplusplus
extern "C" {
#endif

/* Registers the "powerloss" VFS as SQLite's default. SQLITE_OK or an SQLite code. */
int powerloss_install(void);

/* Unregisters it (the previous default comes back). */
void powerloss_uninstall(void);

/*
 * Cuts the power at the `ops`-th write or sync from now (0: never). With
 * `keep_some`, each pending write survives the cut with probability 1/2
 * (seeded by `seed`); without, none does.
 */
void powerloss_arm(unsigned long ops, int keep_some, unsigned seed);

/* Cuts the power now. */
void powerloss_cut(void);

/* 1 once the power was cut. */
int powerloss_happened(void);

/* Restores the power: later I/O works again; nothing is armed, no write is kept at a cut. */
void powerloss_restore(void);

#ifdef __cplusplus
}
#endif

#endif
