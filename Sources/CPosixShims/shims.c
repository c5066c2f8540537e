#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include "CPosixShims.h"

int mkt_rename_exchange(const char *from, const char *to) {
    return renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_EXCHANGE);
}

int mkt_try_lock_exclusive(int fd) {
    return flock(fd, LOCK_EX | LOCK_NB);
}

void mkt_advise_huge_pages(void *address, unsigned long bytes) {
    const uintptr_t huge = 2u << 20;
    uintptr_t start = ((uintptr_t)address + huge - 1) & ~(huge - 1);
    uintptr_t end = ((uintptr_t)address + bytes) & ~(huge - 1);
    if (end > start) madvise((void *)start, end - start, MADV_HUGEPAGE);
}

/* The whole mapping is advised, not only the whole huge pages inside it: advising part of a
   mapping splits it in the kernel's books, and mremap refuses a range that spans a split (a
   large run died growing a column from 4 to 8 MiB; the address decides, so it came and went). */
void *mkt_map_zeroed(unsigned long bytes) {
    void *address = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (address == MAP_FAILED) return NULL;
    madvise(address, bytes, MADV_HUGEPAGE);
    return address;
}

void *mkt_remap(void *address, unsigned long old_bytes, unsigned long new_bytes) {
    void *moved = mremap(address, old_bytes, new_bytes, MREMAP_MAYMOVE);
    if (moved == MAP_FAILED) {
        /* Whatever the reason the kernel will not move it, a copy does the same. */
        moved = mmap(NULL, new_bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (moved == MAP_FAILED) return NULL;
        memcpy(moved, address, old_bytes);
        munmap(address, old_bytes);
    }
    madvise(moved, new_bytes, MADV_HUGEPAGE);
    return moved;
}

void mkt_unmap(void *address, unsigned long bytes) {
    munmap(address, bytes);
}

int mkt_format_fixed6(double value, char *buffer, int size) {
    return snprintf(buffer, (size_t)size, "%.6f", value);
}
