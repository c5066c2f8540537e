#ifndef MKT_POSIX_SHIMS_H
#define MKT_POSIX_SHIMS_H

/// Atomically swaps two existing paths (renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise.
int mkt_rename_exchange(const char *from, const char *to);

/// Takes an exclusive advisory lock (flock LOCK_EX) on an open descriptor, blocking.
int mkt_lock_exclusive(int fd);

#endif
