#ifndef MKT_POSIX_SHIMS_H
#define MKT_POSIX_SHIMS_H

/// Atomically swaps two existing paths (renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise.
int mkt_rename_exchange(const char *from, const char *to);

/// Tries to take an exclusive advisory lock (flock LOCK_EX | LOCK_NB) on an open descriptor.
/// Returns 0 when taken, -1 with errno EWOULDBLOCK when another process holds it.
int mkt_try_lock_exclusive(int fd);

/// Hints the CPU to start loading the cache line at `address` (no effect on results).
/// Lets the loaders overlap the cache misses of hash tables far bigger than the caches.
static inline void mkt_prefetch(const void *address) { __builtin_prefetch(address); }

/// Asks the kernel to back [address, address + bytes) with 2 MiB pages where it can (madvise
/// MADV_HUGEPAGE on the whole huge pages inside the range; a hint, no effect on contents).
void mkt_advise_huge_pages(void *address, unsigned long bytes);

/// Maps `bytes` of zeroed anonymous memory, advised for 2 MiB pages; its pages materialise when
/// first written. NULL (errno set) when the kernel refuses.
void *mkt_map_zeroed(unsigned long bytes);

/// Grows a mapping made by mkt_map_zeroed from `old_bytes` to `new_bytes` (mremap: the kernel moves
/// page tables instead of copying; a copy when it will not); the new part reads as zeros. NULL
/// (errno set) when the kernel refuses the memory.
void *mkt_remap(void *address, unsigned long old_bytes, unsigned long new_bytes);

/// Unmaps a mapping made by mkt_map_zeroed or mkt_remap.
void mkt_unmap(void *address, unsigned long bytes);

/// Writes `value` as printf's "%.6f" into `buffer` (at most `size` bytes with the NUL);
/// returns snprintf's length. A direct call: Swift's variadic bridge boxed every argument.
int mkt_format_fixed6(double value, char *buffer, int size);

#endif
