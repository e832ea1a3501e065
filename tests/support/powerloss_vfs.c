/* The power-loss VFS (powerloss_vfs.h). */
#include "powerloss_vfs.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

typedef struct pl_op {
  int truncate; /* else a write */
  sqlite3_int64 off; /* a write's offset, or the truncated size */
  int len;
  unsigned char *data;
  struct pl_op *next;
} pl_op;

typedef struct pl_file {
  sqlite3_file base;
  sqlite3_file *real; /* follows this struct in the same allocation */
  pl_op *head, *tail;  /* pending since the last sync */
  struct pl_file *next_open, *prev_open;
} pl_file;

static sqlite3_vfs pl_vfs;
static sqlite3_vfs *under;
static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pl_file *open_files;
static unsigned long ops_left; /* 0: not armed */
static int keep_some_writes;
static unsigned rand_state;
static int power_off;

static unsigned next_rand(void) {
  rand_state = rand_state * 1103515245u + 12345u;
  return rand_state >> 16;
}

static void ops_free(pl_file *f) {
  while (f->head != NULL) {
    pl_op *op = f->head;
    f->head = op->next;
    free(op->data);
    free(op);
  }
  f->tail = NULL;
}

/* Writes the pending operations to the real file (`only_some`: a random subset of the writes). */
static int ops_apply(pl_file *f, int only_some) {
  int rc = SQLITE_OK;
  for (pl_op *op = f->head; op != NULL && rc == SQLITE_OK; op = op->next) {
    if (op->truncate)
      rc = only_some ? SQLITE_OK : f->real->pMethods->xTruncate(f->real, op->off);
    else if (!only_some || (next_rand() & 1))
      rc = f->real->pMethods->xWrite(f->real, op->data, op->len, op->off);
  }
  ops_free(f);
  return rc;
}

/* Called with mu held: drops (or partly writes) every file's pending data. */
static void cut_locked(void) {
  for (pl_file *f = open_files; f != NULL; f = f->next_open) {
    if (keep_some_writes)
      ops_apply(f, 1);
    else
      ops_free(f);
  }
  power_off = 1;
  ops_left = 0;
}

/* Counts one write or sync; 1 when the power is (now) off. Called with mu held. */
static int tick_locked(void) {
  if (!power_off && ops_left != 0 && --ops_left == 0)
    cut_locked();
  return power_off;
}

static int pl_add(pl_file *f, int truncate, const void *data, int len, sqlite3_int64 off) {
  pl_op *op = calloc(1, sizeof *op);
  if (op == NULL)
    return SQLITE_NOMEM;
  op->truncate = truncate;
  op->off = off;
  op->len = len;
  if (!truncate) {
    op->data = malloc((size_t)len);
    if (op->data == NULL) {
      free(op);
      return SQLITE_NOMEM;
    }
    memcpy(op->data, data, (size_t)len);
  }
  if (f->tail != NULL)
    f->tail->next = op;
  else
    f->head = op;
  f->tail = op;
  return SQLITE_OK;
}

/* The size the file has with its pending operations. Called with mu held. */
static int logical_size(pl_file *f, sqlite3_int64 *size) {
  int rc = f->real->pMethods->xFileSize(f->real, size);
  for (pl_op *op = f->head; rc == SQLITE_OK && op != NULL; op = op->next) {
    if (op->truncate)
      *size = op->off;
    else if (op->off + op->len > *size)
      *size = op->off + op->len;
  }
  return rc;
}

static int pl_close(sqlite3_file *file) {
  pl_file *f = (pl_file *)file;
  pthread_mutex_lock(&mu);
  /* A clean close leaves the data to the OS, which writes it out in time. */
  if (!power_off)
    ops_apply(f, 0);
  ops_free(f);
  if (f->prev_open != NULL)
    f->prev_open->next_open = f->next_open;
  else
    open_files = f->next_open;
  if (f->next_open != NULL)
    f->next_open->prev_open = f->prev_open;
  pthread_mutex_unlock(&mu);
  return f->real->pMethods->xClose(f->real);
}

static int pl_read(sqlite3_file *file, void *buf, int amt, sqlite3_int64 off) {
  pl_file *f = (pl_file *)file;
  unsigned char *out = buf;
  pthread_mutex_lock(&mu);
  int rc = f->real->pMethods->xRead(f->real, buf, amt, off);
  if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) {
    pthread_mutex_unlock(&mu);
    return rc;
  }
  sqlite3_int64 size;
  rc = f->real->pMethods->xFileSize(f->real, &size);
  for (pl_op *op = f->head; rc == SQLITE_OK && op != NULL; op = op->next) {
    if (op->truncate) {
      size = op->off;
      if (op->off < off + amt) {
        sqlite3_int64 from = op->off > off ? op->off : off;
        memset(out + (from - off), 0, (size_t)(off + amt - from));
      }
      continue;
    }
    sqlite3_int64 lo = op->off > off ? op->off : off;
    sqlite3_int64 hi = op->off + op->len < off + amt ? op->off + op->len : off + amt;
    if (lo < hi)
      memcpy(out + (lo - off), op->data + (lo - op->off), (size_t)(hi - lo));
    if (op->off + op->len > size)
      size = op->off + op->len;
  }
  pthread_mutex_unlock(&mu);
  if (rc != SQLITE_OK)
    return rc;
  if (off + amt > size) {
    sqlite3_int64 from = size > off ? size : off;
    memset(out + (from - off), 0, (size_t)(off + amt - from));
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}

static int pl_write(sqlite3_file *file, const void *buf, int amt, sqlite3_int64 off) {
  pl_file *f = (pl_file *)file;
  pthread_mutex_lock(&mu);
  int rc = tick_locked() ? SQLITE_IOERR_WRITE : pl_add(f, 0, buf, amt, off);
  pthread_mutex_unlock(&mu);
  return rc;
}

static int pl_truncate(sqlite3_file *file, sqlite3_int64 size) {
  pl_file *f = (pl_file *)file;
  pthread_mutex_lock(&mu);
  int rc = power_off ? SQLITE_IOERR_TRUNCATE : pl_add(f, 1, NULL, 0, size);
  pthread_mutex_unlock(&mu);
  return rc;
}

static int pl_sync(sqlite3_file *file, int flags) {
  pl_file *f = (pl_file *)file;
  pthread_mutex_lock(&mu);
  int rc = tick_locked() ? SQLITE_IOERR_FSYNC : ops_apply(f, 0);
  if (rc == SQLITE_OK)
    rc = f->real->pMethods->xSync(f->real, flags);
  pthread_mutex_unlock(&mu);
  return rc;
}

static int pl_file_size(sqlite3_file *file, sqlite3_int64 *size) {
  pthread_mutex_lock(&mu);
  int rc = logical_size((pl_file *)file, size);
  pthread_mutex_unlock(&mu);
  return rc;
}

#define REAL(file) (((pl_file *)(file))->real)

static int pl_lock(sqlite3_file *file, int level) {
  return REAL(file)->pMethods->xLock(REAL(file), level);
}
static int pl_unlock(sqlite3_file *file, int level) {
  return REAL(file)->pMethods->xUnlock(REAL(file), level);
}
static int pl_check_reserved(sqlite3_file *file, int *out) {
  return REAL(file)->pMethods->xCheckReservedLock(REAL(file), out);
}
static int pl_file_control(sqlite3_file *file, int op, void *arg) {
  /* Preallocation and memory mapping would bypass the pending writes. */
  if (op == SQLITE_FCNTL_SIZE_HINT || op == SQLITE_FCNTL_CHUNK_SIZE)
    return SQLITE_OK;
  if (op == SQLITE_FCNTL_MMAP_SIZE)
    return SQLITE_NOTFOUND;
  return REAL(file)->pMethods->xFileControl(REAL(file), op, arg);
}
static int pl_sector_size(sqlite3_file *file) {
  return REAL(file)->pMethods->xSectorSize(REAL(file));
}
static int pl_device_characteristics(sqlite3_file *file) {
  (void)file;
  return 0; /* promise nothing: no atomic or power-safe writes */
}
static int pl_shm_map(sqlite3_file *file, int page, int size, int extend, void volatile **out) {
  return REAL(file)->pMethods->xShmMap(REAL(file), page, size, extend, out);
}
static int pl_shm_lock(sqlite3_file *file, int offset, int n, int flags) {
  return REAL(file)->pMethods->xShmLock(REAL(file), offset, n, flags);
}
static void pl_shm_barrier(sqlite3_file *file) {
  REAL(file)->pMethods->xShmBarrier(REAL(file));
}
static int pl_shm_unmap(sqlite3_file *file, int delete_flag) {
  return REAL(file)->pMethods->xShmUnmap(REAL(file), delete_flag);
}

/* Version 2: shared memory for WAL, but no xFetch (memory mapping would skip xRead). */
static const sqlite3_io_methods pl_io = {
    2,           pl_close,          pl_read,        pl_write,
    pl_truncate, pl_sync,           pl_file_size,   pl_lock,
    pl_unlock,   pl_check_reserved, pl_file_control, pl_sector_size,
    pl_device_characteristics,      pl_shm_map,     pl_shm_lock,
    pl_shm_barrier,                 pl_shm_unmap,   NULL,
    NULL,
};

static int pl_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
                   int *out_flags) {
  (void)vfs;
  pl_file *f = (pl_file *)file;
  memset(f, 0, sizeof *f);
  f->real = (sqlite3_file *)(f + 1);
  int rc = under->xOpen(under, name, f->real, flags, out_flags);
  if (rc != SQLITE_OK || f->real->pMethods == NULL) {
    f->base.pMethods = NULL;
    return rc;
  }
  f->base.pMethods = &pl_io;
  pthread_mutex_lock(&mu);
  f->next_open = open_files;
  if (open_files != NULL)
    open_files->prev_open = f;
  open_files = f;
  pthread_mutex_unlock(&mu);
  return SQLITE_OK;
}

static int pl_delete(sqlite3_vfs *vfs, const char *name, int sync_dir) {
  (void)vfs;
  pthread_mutex_lock(&mu);
  int off = power_off;
  pthread_mutex_unlock(&mu);
  return off ? SQLITE_IOERR_DELETE : under->xDelete(under, name, sync_dir);
}
static int pl_access(sqlite3_vfs *vfs, const char *name, int flags, int *out) {
  (void)vfs;
  return under->xAccess(under, name, flags, out);
}
static int pl_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out) {
  (void)vfs;
  return under->xFullPathname(under, name, n, out);
}
static int pl_randomness(sqlite3_vfs *vfs, int n, char *out) {
  (void)vfs;
  return under->xRandomness(under, n, out);
}
static int pl_sleep(sqlite3_vfs *vfs, int us) {
  (void)vfs;
  return under->xSleep(under, us);
}
static int pl_current_time(sqlite3_vfs *vfs, double *out) {
  (void)vfs;
  return under->xCurrentTime(under, out);
}
static int pl_last_error(sqlite3_vfs *vfs, int n, char *out) {
  (void)vfs;
  return under->xGetLastError(under, n, out);
}
static int pl_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out) {
  (void)vfs;
  return under->xCurrentTimeInt64(under, out);
}

int powerloss_install(void) {
  if (under != NULL)
    return SQLITE_OK;
  sqlite3_initialize();
  under = sqlite3_vfs_find(NULL);
  if (under == NULL || under->iVersion < 2)
    return SQLITE_ERROR;
  memset(&pl_vfs, 0, sizeof pl_vfs);
  pl_vfs.iVersion = 2;
  pl_vfs.szOsFile = (int)sizeof(pl_file) + under->szOsFile;
  pl_vfs.mxPathname = under->mxPathname;
  pl_vfs.zName = "powerloss";
  pl_vfs.xOpen = pl_open;
  pl_vfs.xDelete = pl_delete;
  pl_vfs.xAccess = pl_access;
  pl_vfs.xFullPathname = pl_full_pathname;
  pl_vfs.xRandomness = pl_randomness;
  pl_vfs.xSleep = pl_sleep;
  pl_vfs.xCurrentTime = pl_current_time;
  pl_vfs.xGetLastError = pl_last_error;
  pl_vfs.xCurrentTimeInt64 = pl_current_time64;
  return sqlite3_vfs_register(&pl_vfs, 1);
}

void powerloss_uninstall(void) {
  if (under == NULL)
    return;
  sqlite3_vfs_unregister(&pl_vfs);
  sqlite3_vfs_register(under, 1);
  under = NULL;
}

void powerloss_arm(unsigned long ops, int keep_some, unsigned seed) {
  pthread_mutex_lock(&mu);
  ops_left = ops;
  keep_some_writes = keep_some;
  rand_state = seed;
  pthread_mutex_unlock(&mu);
}

void powerloss_cut(void) {
  pthread_mutex_lock(&mu);
  cut_locked();
  pthread_mutex_unlock(&mu);
}

int powerloss_happened(void) {
  pthread_mutex_lock(&mu);
  int off = power_off;
  pthread_mutex_unlock(&mu);
  return off;
}

void powerloss_restore(void) {
  pthread_mutex_lock(&mu);
  power_off = 0;
  ops_left = 0;
  keep_some_writes = 0;
  pthread_mutex_unlock(&mu);
}
